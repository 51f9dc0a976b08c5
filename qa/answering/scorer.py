"""Which sentence of the top paragraphs answers: a linear scorer over documented features.

Every sentence of the top passages is a candidate (:mod:`qa.answering.strategies.sentence`).
Its score is ``weights . features``, with the features of :data:`SCORER_FEATURES`:

- ``cosine``: the sentence's vector against the question's (both from the build);
- ``coverage``: idf-weighted share of the question's content terms in the sentence;
- ``context_coverage``: the same over the sentence with its neighbours (the sentences just
  before and after it in its paragraph), so a sentence that answers a question set up by
  the one before ("Children in care have a council. It is called ...") is not lost;
- ``prior``: 1 / (1 + rank of its passage);
- ``passage_share``: its passage's fused score over the top passage's;
- ``type``: 1 when it holds a span of the asked-for kind (a count's fit for "how many");
- ``first``: 1 for a paragraph's first sentence (often a summary, rarely the detail asked).

Without a fitted file the hand-set weights :data:`HAND_SET` are used (the default: a fit
on both dev splits did not beat them there, see eval/README.md). With `qa calibrate
--sentences` the weights are fitted (:func:`fit_scorer`): logistic regression of
"this sentence holds a gold answer" over every candidate of the answerable sentence-answered
dev questions (Hosmer & Lemeshow's Newton fit, as for abstention), written to
``qa/answering/sentence_scorer.json`` with the files it was fitted on. Only the order of
scores matters within a question, so the bias is dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.answering.calibration import fit_logistic

SCORER_FEATURES = (
    "cosine",
    "coverage",
    "context_coverage",
    "prior",
    "passage_share",
    "type",
    "first",
)
DEFAULT_PATH = Path(__file__).with_name("sentence_scorer.json")
# L2 penalty of the fit: candidates are many (thousands) and features few, so a light
# penalty only keeps correlated features (coverage, context coverage) from diverging.
L2 = 1.0


@dataclass(frozen=True)
class SentenceScorer:
    weights: dict[str, float]
    note: str = ""

    def score(self, features: dict[str, float]) -> float:
        return sum(w * features.get(name, 0.0) for name, w in self.weights.items())

    def save(self, path: Path = DEFAULT_PATH) -> None:
        body = {"features": list(SCORER_FEATURES), "weights": self.weights, "note": self.note}
        path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> SentenceScorer:
        if not path.exists():
            return HAND_SET
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != SCORER_FEATURES:
            raise ValueError(f"{path} was fitted on other features; run `qa calibrate`")
        return cls({k: float(v) for k, v in data["weights"].items()}, data.get("note", ""))


# The weights used before the fit (cosine 0.5, coverage 0.35, prior 0.15, type 0.15).
HAND_SET = SentenceScorer(
    {"cosine": 0.5, "coverage": 0.35, "prior": 0.15, "type": 0.15}, "hand-set"
)


def fit_scorer(
    questions: list[list[tuple[dict[str, float], bool]]], note: str = "", l2: float = L2
) -> SentenceScorer:
    """Weights from each question's candidates (features, holds a gold answer). Questions
    where no candidate or every candidate holds an answer teach no ranking: left out."""
    rows, labels = [], []
    for candidates in questions:
        hits = [hit for _, hit in candidates]
        if not any(hits) or all(hits):
            continue
        for features, hit in candidates:
            rows.append([features[name] for name in SCORER_FEATURES])
            labels.append(1.0 if hit else 0.0)
    if not rows:
        raise ValueError("no question with both answering and other candidate sentences")
    weights, _ = fit_logistic(np.array(rows), np.array(labels), l2=l2)
    return SentenceScorer(
        {name: round(float(w), 4) for name, w in zip(SCORER_FEATURES, weights, strict=True)},
        note,
    )
