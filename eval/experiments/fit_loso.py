"""The listwise sentence scorer refitted on the ten dev splits, leave one split out
(round 10, not adopted), from EXP_OUT/dev_cands.pkl (`collect_dev.py`).

    .venv/bin/python eval/experiments/fit_loso.py [L2]

For each feature set, over the sentence questions with an answering candidate: the share
whose top candidate holds a gold answer with the hand-set weights and with weights fitted
on the other nine splits (`qa.answering.scorer.fit_listwise`). The yes/no-form bonus is
added to both, as the answerer adds it. Extra features: evaluative words, length, an
opening "However"/"Although"."""

import pickle
import re
import sys
from pathlib import Path

import numpy as np
from _paths import OUT

from qa.answering.scorer import HAND_SET, SCORER_FEATURES, fit_listwise
from qa.answering.strategies.sentence import FORM_BONUS, _fits_form

L2 = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
STRUCTURED = ("grade", "frontmatter", "cross-report", "list")
EVALUATIVE = re.compile(
    r"\b(?:good|well|effective\w*|strong\w*|poor\w*|weak\w*|inconsisten\w*|not always|"
    r"timely|delay\w*|too (?:many|few|long|high|slow)|improv\w*|manageable|high|low|"
    r"robust\w*|insufficient\w*|appropriate\w*|variable|lack\w*|limited|positive\w*|"
    r"excellent|outstanding|inadequate|concern\w*|thorough\w*|swift\w*|prompt\w*|"
    r"quickly|slow\w*)\b",
    re.I,
)
CONTRAST = re.compile(r"^(?:however|although|while|but|despite)\b", re.I)
NAMES = [*SCORER_FEATURES, "evaluative", "length", "contrast"]


def row(c: dict) -> list[float]:
    text = c["text"]
    extra = [
        min(len(EVALUATIVE.findall(text)), 3) / 3,
        min(len(text), 300) / 300,
        1.0 if CONTRAST.match(text) else 0.0,
    ]
    return [c["f"].get(name, 0.0) for name in SCORER_FEATURES] + extra


questions = []
for q in pickle.load(open(Path(OUT, "dev_cands.pkl"), "rb")):
    if q["answerable"] and q["kind"] not in STRUCTURED and q["cands"]:
        X = np.array([row(c) for c in q["cands"]])
        form = FORM_BONUS * np.array([_fits_form(q["q"], c["text"]) for c in q["cands"]])
        y = np.array([c["hit"] for c in q["cands"]], float)
        if y.any():
            questions.append((q["split"], X, form, y))


def top_share(weights: np.ndarray, subset) -> float:
    return sum(y[int(np.argmax(X @ weights + form))] for _, X, form, y in subset) / len(subset)


hand = np.array([HAND_SET.weights.get(name, 0.0) for name in NAMES])
splits = sorted({s for s, *_ in questions})
base = list(range(len(SCORER_FEATURES)))
for columns in (base, base + [10], base + [11], base + [12], base + [10, 11, 12]):
    fitted_top = 0.0
    for split in splits:
        train = [
            (X[:, columns], y / y.sum()) for s, X, _, y in questions if s != split and not y.all()
        ]
        weights = np.zeros(len(NAMES))
        weights[columns] = fit_listwise(train, L2)
        test = [q for q in questions if q[0] == split]
        fitted_top += top_share(weights, test) * len(test)
    extra = [NAMES[c] for c in columns[len(base) :]] or ["(scorer features)"]
    print(
        f"{'+'.join(extra):32} questions={len(questions)} hand-set={top_share(hand, questions):.3f} "
        f"fitted={fitted_top / len(questions):.3f}"
    )
