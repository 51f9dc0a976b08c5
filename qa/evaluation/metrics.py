"""Evaluation metrics as pure functions (each checked against hand-computed examples).

Paragraph metrics follow the usual IR definitions (Manning, Raghavan & Schütze,
"Introduction to Information Retrieval", ch. 8); span metrics use SQuAD's normalisation
(lower-case, no punctuation, no articles; Rajpurkar et al., 2016).
"""

from __future__ import annotations

import math
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence


def recall_at(ranked: Sequence, relevant: set, k: int) -> float:
    """1 if any relevant item is in the top k, else 0 ("success@k", as the issue uses it)."""
    return 1.0 if any(r in relevant for r in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence, relevant: set, k: int = 10) -> float:
    for rank, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence, relevant: set, k: int = 10) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1.0 / math.log2(i + 2) for i, r in enumerate(ranked[:k]) if r in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def _is_punctuation(ch: str) -> bool:
    return ch in string.punctuation or unicodedata.category(ch).startswith("P")


def normalize_answer(text: str) -> str:
    """SQuAD's normalisation, with typographic punctuation counted as punctuation: the
    reports print curly apostrophes and en dashes ("children’s", "16–17") where a gold
    answer is typed with straight ones, and SQuAD's ASCII list would keep them. Dashes
    and slashes part words ("life-story" reads "life story"); other marks are dropped."""
    text = text.lower()
    text = "".join(
        " " if ch in "-/" or unicodedata.category(ch) == "Pd" else "" if _is_punctuation(ch) else ch
        for ch in text
    )
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def answer_hit(answer: str, golds: Sequence[str]) -> float:
    """1 if a gold string (normalised) occurs in the answer (normalised)."""
    norm = normalize_answer(answer)
    return 1.0 if any(normalize_answer(g) and normalize_answer(g) in norm for g in golds) else 0.0


def exact_match(span: str | None, golds: Sequence[str]) -> float:
    if span is None:
        return 0.0
    return 1.0 if any(normalize_answer(span) == normalize_answer(g) for g in golds) else 0.0


def token_f1(span: str | None, golds: Sequence[str]) -> float:
    if span is None:
        return 0.0
    best = 0.0
    predicted = normalize_answer(span).split()
    for gold in golds:
        truth = normalize_answer(gold).split()
        common = Counter(predicted) & Counter(truth)
        same = sum(common.values())
        if same == 0:
            continue
        precision, recall = same / len(predicted), same / len(truth)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (numpy's default method)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
