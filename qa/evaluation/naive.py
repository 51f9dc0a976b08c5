"""The naive baseline `qa bench` measures against: the usual tutorial pipeline.

rank_bm25 over whitespace tokens and a brute-force numpy cosine over one embedding per
paragraph, fused by reciprocal rank; the answer is the candidate sentence of the top three
paragraphs most similar to the question, the sentences split and *encoded at question
time*. It exists only to be measured side by side with the real pipeline.
"""

from __future__ import annotations

import re

import numpy as np

from qa.index.embedder import Embedder
from qa.models import Unit

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class NaivePipeline:
    def __init__(self, units: list[Unit], embedder: Embedder):
        from rank_bm25 import BM25Okapi

        self.units = units
        self.embedder = embedder
        self.bm25 = BM25Okapi([u.text.lower().split() for u in units])
        self.vectors = embedder.embed([u.text for u in units])  # setup, not timed per question

    def ask(self, question: str, k: int = 5) -> tuple[str, list[Unit]]:
        query = self.embedder.embed([question])[0]
        cosine = self.vectors @ query
        bm25 = self.bm25.get_scores(question.lower().split())
        fused: dict[int, float] = {}
        for scores in (cosine, bm25):
            for rank, row in enumerate(np.argsort(-scores)[:50]):
                fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (60 + rank + 1)
        ranked = [self.units[r] for r, _ in sorted(fused.items(), key=lambda x: -x[1])[:k]]
        sentences = [s for u in ranked[:3] for s in _SENTENCE_END.split(u.text) if s.strip()]
        if not sentences:
            return "", ranked
        best = int(np.argmax(self.embedder.embed(sentences) @ query))
        return sentences[best], ranked
