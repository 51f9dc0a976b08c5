"""Experiment: the hand-set sentence weights re-tuned by grid search (not adopted).

Every answerable gold question of the four splits is asked (abstention as shipped); the
candidates the sentence strategy scored are kept with their features and whether each
holds a gold answer. Then every setting of seven weights on a small grid is scored by
"the top candidate holds a gold answer", on the questions where some candidate does,
ranked by the two dev splits together, and the best settings are printed with every
split's figure beside the hand-set weights'. Run from the repository root after
`make eval-real`.
"""

import itertools
from pathlib import Path

import numpy as np
from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.answering.scorer import HAND_SET, SCORER_FEATURES
from qa.evaluation.gold import load_gold
from qa.evaluation.metrics import answer_hit
from qa.pipeline import QAService
from qa.settings import Settings

SPLITS = {
    "seed dev": "eval/gold/lancashire-dev.jsonl",
    "real dev": "eval/gold/real-dev.jsonl",
    "seed test": "eval/gold/lancashire-test.jsonl",
    "real test": "eval/gold/real-test.jsonl",
}
seed = QAService.load(Settings())
real = QAService.load(
    Settings(corpus_dir="data/real-corpus", index_dir="data/real-index"), embedder=seed.embedder
)
data: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
for split, gold in SPLITS.items():
    service = real if "real" in split else seed
    rows = []
    for item in load_gold([Path(gold)]):
        if not item.answerable:
            continue
        seen: list = []
        service.answerer.sentences.observer = seen.append
        service.ask(item.question, k=10)
        service.answerer.sentences.observer = None
        if not seen:
            continue
        x = np.array([[c.features.get(n, 0.0) for n in SCORER_FEATURES] for c in seen[-1]])
        y = np.array([answer_hit(c.text, item.answers) for c in seen[-1]], dtype=bool)
        if y.any():
            rows.append((x, y))
    data[split] = rows


def share(w: np.ndarray, split: str) -> float:
    return float(np.mean([y[int(np.argmax(x @ w))] for x, y in data[split]]))


def vector(weights: dict[str, float]) -> np.ndarray:
    return np.array([weights.get(n, 0.0) for n in SCORER_FEATURES])


def dev(w: np.ndarray) -> float:
    n = len(data["seed dev"]) + len(data["real dev"])
    seed_part = share(w, "seed dev") * len(data["seed dev"])
    return (seed_part + share(w, "real dev") * len(data["real dev"])) / n


hand = vector(HAND_SET.weights)
print("questions", {s: len(r) for s, r in data.items()})
print("hand-set", round(dev(hand), 3), {s: round(share(hand, s), 3) for s in data})
grid = {
    "cosine": [0.3, 0.5, 0.7], "coverage": [0.2, 0.35, 0.5], "prior": [0.05, 0.15, 0.3],
    "type": [0.1, 0.15, 0.3], "context_coverage": [0, 0.1, 0.2],
    "neighbour_cosine": [0, 0.1, 0.2], "first": [0, -0.05],
}  # fmt: skip
settings = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
print("settings", len(settings))
best = sorted(settings, key=lambda s: -dev(vector(s)))[:5]
for s in best:
    w = vector(s)
    print(round(dev(w), 3), s, {split: round(share(w, split), 3) for split in data})
