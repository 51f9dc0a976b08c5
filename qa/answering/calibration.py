"""Abstention: a calibrated probability that the retrieved text answers the question.

Plain logistic regression over a handful of evidence features (fitted by Newton's method
with a small L2 penalty; Hosmer & Lemeshow, "Applied Logistic Regression"). The fitted
weights and the decision threshold live in ``qa/answering/calibration.json``; `qa calibrate` refits
them on one split of the gold set (the evaluation reports on the other), and the file
records which split and when.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FEATURES = (
    "dense_top",  # best chunk cosine of the top passage
    "sentence_cos",  # cosine of the best answer sentence
    "sentence_coverage",  # idf-weighted share of query terms in the best sentence
    "passage_coverage",  # idf-weighted share of query terms in the top passage
    "type_match",  # 1 if a span of the asked-for kind is in the answer sentence
    "unseen_terms",  # idf-weighted share of query terms that occur nowhere in the corpus
    "rarest_in_sentence",  # 1 if the query's rarest corpus term is in the answer sentence
    "unmet_constraint",  # 1 if a year or amount the question asks about is missing
)
# The direction each feature may push the probability of "answerable" (+1 up, -1 down).
# A fitted weight against its sign is an artefact of a small calibration set: that
# feature is dropped (weight 0) and the model refitted.
SIGNS = (1, 1, 1, 1, 1, -1, 1, -1)
DEFAULT_PATH = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float
    threshold: float
    note: str = ""

    def probability(self, features: dict[str, float]) -> float:
        x = np.array([features[name] for name in FEATURES], dtype=np.float64)
        return float(1.0 / (1.0 + np.exp(-(x @ np.array(self.weights) + self.bias))))

    def save(self, path: Path = DEFAULT_PATH) -> None:
        path.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": list(self.weights),
                    "bias": self.bias,
                    "threshold": self.threshold,
                    "note": self.note,
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> Calibration:
        if not path.exists():
            return FALLBACK
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path} was fitted on other features; run `qa calibrate`")
        return cls(tuple(data["weights"]), data["bias"], data["threshold"], data.get("note", ""))


# Used only when no fitted file exists: a cosine-and-coverage vote with even odds.
FALLBACK = Calibration((4.0, 6.0, 3.0, 2.0, 0.5, -4.0, 1.0, -3.0), -5.5, 0.5, "unfitted fallback")


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50):
    """(weights, bias) maximising the penalised log-likelihood (bias not penalised)."""
    n, d = x.shape
    design = np.hstack([x, np.ones((n, 1))])
    beta = np.zeros(d + 1)
    penalty = np.eye(d + 1) * l2
    penalty[-1, -1] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(design @ beta)))
        gradient = design.T @ (y - p) - penalty @ beta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        beta += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return beta[:-1], float(beta[-1])


# L2 penalty of the fit. 1.0 shrank the rare binary feature ``unmet_constraint`` (true
# for 3 of 66 dev questions, all unanswerable) to a weight too small to matter; 0.1 lets
# the few clear cases count while the continuous features stay stable.
L2 = 0.1


def fit_calibration(
    evidence: list[dict[str, float]],
    answerable: list[bool],
    max_false_abstention: float = 0.05,
    note: str = "",
    l2: float = L2,
) -> Calibration:
    """Fit the weights, then the highest threshold whose false abstention stays in bounds.

    The threshold maximises abstention F1 on the given questions among thresholds that
    wrongly abstain on at most ``max_false_abstention`` of the answerable ones.
    """
    if len(set(answerable)) < 2:
        raise ValueError("calibration needs both answerable and unanswerable questions")
    x = np.array([[e[name] for name in FEATURES] for e in evidence], dtype=np.float64)
    y = np.array(answerable, dtype=np.float64)
    active = np.ones(len(FEATURES), dtype=bool)
    while True:
        w, bias = fit_logistic(x[:, active], y, l2=l2)
        weights = np.zeros(len(FEATURES))
        weights[active] = w
        wrong = [i for i, sign in enumerate(SIGNS) if active[i] and weights[i] * sign < 0]
        if not wrong:
            break
        active[wrong] = False
    probs = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    n_answerable = int(y.sum())
    best = (-1.0, 0.0)
    for threshold in sorted({0.0, *np.round(probs, 4).tolist()}):
        abstain = probs < threshold
        fa = float(np.sum(abstain & (y == 1))) / max(n_answerable, 1)
        if fa > max_false_abstention:
            continue
        tp = float(np.sum(abstain & (y == 0)))
        fp = float(np.sum(abstain & (y == 1)))
        fn = float(np.sum(~abstain & (y == 0)))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 >= best[0]:
            best = (f1, threshold)
    return Calibration(tuple(float(w) for w in weights), bias, float(best[1]), note)
