"""Fusing ranked lists from several retrievers: pure functions over {key: score} maps.

- :func:`rrf`: reciprocal-rank fusion, score = sum of weight / (k + rank), Cormack, Clarke
  & Buettcher, "Reciprocal Rank Fusion outperforms Condorcet and individual Rank Learning
  Methods" (SIGIR 2009); k = 60 there.
- :func:`convex`: weighted sum of min-max normalised scores (Bruch, Gai & Ingber, "An
  Analysis of Fusion Functions for Hybrid Retrieval", TOIS 2023).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)  # the key type of the runs (a unit row, a doc id...)


def rrf(
    runs: Sequence[Mapping[K, float]], weights: Sequence[float] | None = None, k: int = 60
) -> dict[K, float]:
    weights = weights or [1.0] * len(runs)
    fused: dict[K, float] = {}
    for run, weight in zip(runs, weights, strict=True):
        ranked = sorted(run.items(), key=lambda item: -item[1])
        for rank, (key, _) in enumerate(ranked, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return fused


def convex(runs: Sequence[Mapping[K, float]], weights: Sequence[float]) -> dict[K, float]:
    fused: dict[K, float] = {}
    for run, weight in zip(runs, weights, strict=True):
        if not run:
            continue
        low, high = min(run.values()), max(run.values())
        span = (high - low) or 1.0
        for key, score in run.items():
            fused[key] = fused.get(key, 0.0) + weight * (score - low) / span
    return fused
