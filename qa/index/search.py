"""The two search sides a store hands the retriever, and the vector rows the answerer
reads: small protocols that the embedded files (FAISS, bm25s, NumPy) and Milvus both
implement (:mod:`qa.index.backends`)."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np


class ChunkSearch(Protocol):
    """Dense search over chunk vectors."""

    def search(
        self, vector: np.ndarray, k: int, units: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(cosines, chunk rows) of the best chunks for ``vector``: the top ``k``, or,
        when ``units`` (a boolean mask over unit rows) is given, those of allowed units
        (a store may return every allowed chunk, as the exact embedded store does)."""
        ...


class VectorRows(Protocol):
    """Rows of a vector table by row number: ``table[3]`` one vector, ``table[[3, 9]]``
    a (2, dim) array. A NumPy array is one; the Milvus store fetches rows on demand."""

    @property
    def shape(self) -> tuple[int, ...]: ...

    def __getitem__(self, rows: Any) -> np.ndarray: ...


class LexicalSearch(Protocol):
    """BM25 over units, with the project's one tokeniser (:mod:`qa.text.terms`)."""

    def top(self, query: str, depth: int, units: np.ndarray | None = None) -> dict[int, float]:
        """{unit row: BM25 score > 0} of the best ``depth`` units (allowed ones only)."""
        ...

    def scores_for(self, query: str, rows: list[int]) -> dict[int, float]:
        """BM25 score of each of ``rows`` (0 where no query term occurs)."""
        ...

    def idf(self) -> dict[str, float]:
        """BM25 idf of every indexed stem; the key "" holds that of an unseen term."""
        ...

    def query_terms(self, query: str) -> list[str]: ...
