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
- ``first``: 1 for a paragraph's first sentence (often a summary, rarely the detail asked);
- ``typed``: 1 when it holds any span of the asked-for kind, however well it fits (``type``
  is a count's fit, 0 for "79 were placed for adoption" asked "how many looked after
  children were placed for adoption");
- ``neighbour_cosine``: the higher cosine of the sentences just before and after it in its
  paragraph: the answer to a paraphrased question often follows or precedes the sentence
  that names its topic ("CAMHS are commissioned ... The service is provided by ...");
- ``previous_cosine``: the cosine of the sentence just before it (0 for a paragraph's
  first), the sentence that sets up what it says.

Without a fitted file the hand-set weights :data:`HAND_SET` are used (the default: fits on
both dev splits did not hold up, see eval/README.md). `qa calibrate --sentences` fits the
weights (:func:`fit_scorer`) into ``qa/answering/sentence_scorer.json``, with the files
they were fitted on, which the answerer then uses. The fit is listwise, one question at
a time, because only the order of a question's candidates matters: a conditional logit
(McFadden 1974; the softmax "ListNet" loss of Cao et al. 2007 with a top-one target), whose
probability of each candidate is the softmax of its score over the question's candidates,
fitted so that the probability mass falls on the candidates that hold a gold answer
(the target spreads evenly over them). Its Newton fit is the multinomial one (Bishop,
*Pattern Recognition and Machine Learning*, 4.3.4), with an L2 penalty. An earlier
pointwise fit (every candidate of every question one logistic row) did not beat the
hand-set weights: it learned what makes a sentence answer-like across questions, not
which of one question's sentences is best. The listwise fit gained on the real dev split
(answer hit 0.832 -> 0.846) but lost on both held-out splits, so none is shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SCORER_FEATURES = (
    "cosine",
    "coverage",
    "context_coverage",
    "prior",
    "passage_share",
    "type",
    "first",
    "typed",
    "neighbour_cosine",
    "previous_cosine",
)
DEFAULT_PATH = Path(__file__).with_name("sentence_scorer.json")
# L2 penalty of the listwise fit. Chosen by 2-fold cross-validation over the questions of
# both dev splits (20 random halvings, answer sentence right at first place): 0.3 led
# 1.0 and 0.1 (0.75 / 0.74 seed / real, against 0.74 / 0.73 and 0.74 / 0.71; hand-set
# weights 0.74 / 0.72).
L2 = 0.3


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
    """Weights from each question's candidates (features, holds a gold answer), fitted
    listwise (see the module docstring). Questions where no candidate or every candidate
    holds an answer teach no ranking: left out."""
    lists = []
    for candidates in questions:
        hits = np.array([hit for _, hit in candidates], dtype=np.float64)
        if not hits.any() or hits.all():
            continue
        rows = np.array([[f[name] for name in SCORER_FEATURES] for f, _ in candidates])
        lists.append((rows, hits / hits.sum()))
    if not lists:
        raise ValueError("no question with both answering and other candidate sentences")
    weights = fit_listwise(lists, l2)
    return SentenceScorer(
        {name: round(float(w), 4) for name, w in zip(SCORER_FEATURES, weights, strict=True)},
        note,
    )


def fit_listwise(
    lists: list[tuple[np.ndarray, np.ndarray]], l2: float = L2, steps: int = 100
) -> np.ndarray:
    """Weights maximising sum over lists of target . log softmax(rows @ w) - l2/2 |w|^2.

    Each list is (rows: candidates x features, target: a distribution over the candidates).
    The objective is concave; Newton's steps are halved until it rises, so a poorly
    conditioned start cannot overshoot."""
    dim = lists[0][0].shape[1]

    def objective(w: np.ndarray) -> float:
        total = -0.5 * l2 * float(w @ w)
        for rows, target in lists:
            s = rows @ w
            top = s.max()
            total += float(target @ (s - top) - np.log(np.exp(s - top).sum()))
        return total

    w = np.zeros(dim)
    current = objective(w)
    for _ in range(steps):
        gradient = -l2 * w
        hessian = -l2 * np.eye(dim)
        for rows, target in lists:
            s = rows @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            mean = p @ rows
            gradient += (target - p) @ rows
            hessian -= rows.T @ (rows * p[:, None]) - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-6:
            trial = w - scale * step
            value = objective(trial)
            if value >= current:
                break
            scale /= 2
        w, current = trial, value
        if np.max(np.abs(scale * step)) < 1e-8:
            break
    return w
