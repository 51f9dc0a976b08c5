"""Experiment: how well each abstention feature alone tells answerable questions from
unanswerable ones (area under the ROC curve), on the questions the calibrated model
judges (sentence answers the type rule leaves open), before and after the close-topic
unanswerable round (its questions are the ids after real-dev-256 and real-test-160).
Abstention is switched off to collect the evidence. Run from the repository root after
`make eval-real`.
"""

from dataclasses import replace
from pathlib import Path

import numpy as np
from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.answering.calibration import FALLBACK, FEATURES
from qa.evaluation.evaluate import run
from qa.evaluation.gold import load_gold
from qa.pipeline import QAService
from qa.settings import Settings

LAST_BEFORE = {"real-dev": 256, "real-test": 160}
off = replace(FALLBACK, threshold=0.0)
seed = QAService.load(Settings(), calibration=off)
real = QAService.load(
    Settings(corpus_dir="data/real-corpus", index_dir="data/real-index"),
    calibration=off,
    embedder=seed.embedder,
)
rows = {"dev": [], "test": []}
for split in ("dev", "test"):
    for service, gold in ((seed, f"lancashire-{split}"), (real, f"real-{split}")):
        for r in run(service, load_gold([Path(f"eval/gold/{gold}.jsonl")])):
            e = r.answer.evidence
            if not e or e.get("no_typed_answer") or "structure_match" in e:
                continue
            new = int(r.item.id.rsplit("-", 1)[1]) > LAST_BEFORE.get(gold, 10**6)
            rows[split].append((e, r.item.answerable, new))


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


for split, got in rows.items():
    for label, keep in (("before the round", [g for g in got if not g[2]]), ("after", got)):
        y = np.array([a for _, a, _ in keep])
        print(f"{split} {label}: {len(keep)} questions, {int((~y).sum())} unanswerable")
        for name in FEATURES:
            x = np.array([float(e.get(name, 0.0)) for e, _, _ in keep])
            print(f"  {name:20s} {auc(x[y], x[~y]):.2f}")
