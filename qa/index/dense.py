"""FAISS over normalised vectors (inner product = cosine): exact by default, HNSW to scale.

``flat`` (IndexFlatIP) is exact and fastest below ~100k vectors; ``hnsw`` (IndexHNSWFlat,
M=32) is approximate with sub-linear search for large corpora. efSearch trades recall for
speed. On 158,000 paragraphs (the seed repeated as 1,000 documents, as `qa bench`
builds them) efSearch 512 gave recall@10 against exact search of 0.96 in the recorded
full bench run, below the 0.98 target; 1024 gives 0.995 there (README, Performance) and
costs about 1.4 ms per search, little next to the 7-10 ms retrieval step (mostly query
encoding). Reproduce another value by changing HNSW_EF_SEARCH and running `qa bench`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

INDEX_TYPES = ("flat", "hnsw")
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200
HNSW_EF_SEARCH = 1024


def build(vectors: np.ndarray, kind: str = "flat"):
    import faiss

    if kind not in INDEX_TYPES:
        raise ValueError(f"faiss index type must be one of {INDEX_TYPES}, got {kind!r}")
    dim = vectors.shape[1]
    index: faiss.Index
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save(index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load(path: Path):
    import faiss

    index = faiss.read_index(str(path))
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search(index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of the k nearest rows for one query vector; ids of -1 are dropped."""
    k = min(k, index.ntotal)
    if k <= 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
