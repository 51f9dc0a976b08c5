"""BM25 over units with bm25s: English stop words removed, Snowball-stemmed (PyStemmer).

Saved with bm25s's own documented format (JSON params + .npy arrays) in ``lexical/``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.index.chunker import embed_text_for
from qa.models import Unit
from qa.text.terms import stemmer, stems


def tokenize(texts: list[str]) -> list[list[str]]:
    """The one tokenisation used for both the index and queries (:func:`qa.text.terms.stems`)."""
    return stems(texts)


def lexical_text(unit: Unit) -> str:
    """What BM25 indexes: the section path as well, so heading words find their paragraphs."""
    return embed_text_for(unit, unit.text)


class LexicalIndex:
    def __init__(self, bm25):
        self._bm25 = bm25
        # The last query's scores: the retriever asks for the top units, then for the
        # scores of a few others, of the same query. One tuple, replaced whole, so
        # threads never see a query with another query's scores.
        self._last: tuple[str, np.ndarray] | None = None

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index(
            bm25s.tokenize(texts, stopwords="en", stemmer=stemmer(), show_progress=False),
            show_progress=False,
        )
        return cls(bm25)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every unit (0 where no query term occurs)."""
        last = self._last
        if last is not None and last[0] == query:
            return last[1]
        scores = self._scores(query)
        self._last = (query, scores)
        return scores

    def _scores(self, query: str) -> np.ndarray:
        tokens = tokenize([query])[0]
        if not tokens:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def top(self, query: str, depth: int, units: np.ndarray | None = None) -> dict[int, float]:
        """{unit row: score} of the best ``depth`` units with a score above 0."""
        scores = self.scores(query)
        if units is not None:
            scores = np.where(units, scores, 0.0)
        depth = min(depth, len(scores))
        if not depth:
            return {}
        # The top ``depth`` without sorting every unit (argpartition is linear).
        top = np.argpartition(-scores, depth - 1)[:depth]
        return {int(i): float(scores[i]) for i in top if scores[i] > 0}

    def scores_for(self, query: str, rows: list[int]) -> dict[int, float]:
        if not rows:
            return {}
        scores = self.scores(query)
        return {row: float(scores[row]) for row in rows}

    def idf(self) -> dict[str, float]:
        """BM25 idf of every indexed stem (Lucene's variant, as bm25s scores with), from the
        posting lists; the key "" holds the idf of a term no unit contains."""
        import math

        vocab = self._bm25.vocab_dict
        df = np.diff(np.asarray(self._bm25.scores["indptr"]))
        n = self._bm25.scores["num_docs"]
        table = {
            token: math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5))
            for token, i in vocab.items()
            if i < len(df)
        }
        table[""] = math.log(1 + (n + 0.5) / 0.5)
        return table

    def query_terms(self, query: str) -> list[str]:
        return tokenize([query])[0]
