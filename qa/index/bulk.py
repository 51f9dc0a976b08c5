"""Bulk embedding for `qa build`: every text once, longest first, in token-budget batches.

The build embeds each part's chunks (with their metadata header) and sentences. This
module is the one place they are turned into vectors:

* **No text is embedded twice**: identical texts (a sentence repeated across reports, a
  one-sentence unit without header whose chunk equals its sentence) are embedded once and
  the vector is copied to every row that holds the text (:func:`unique_texts`).
* **Length-sorted, token-budget batches** (:func:`token_batches`): texts are sorted by
  their length in the model's tokenizer and cut into batches of at most ``budget`` padded
  tokens, so a batch of short sentences holds many texts and a batch of 250-token chunks
  few, and padding stays near zero.
* **Backends** (``QA_EMBED_BACKEND`` / ``qa build --embed-backend``):

  - ``onnx`` (default): the model exported to ONNX (:mod:`qa.index.onnxquery`), its graph
    fused by ONNX Runtime's transformer optimiser (attention, LayerNorm, GELU); the same
    vectors as torch (cosine >= 0.9999 on every text, checked in
    tests/index/test_bulk_embedding.py), so an index built either way is the same index
    and vectors are reused between them;
  - ``torch``: sentence-transformers as before (``model.encode``, batches of 64);
  - ``onnx-int8``: the fused graph with int8 weights. Its vectors drift (cosine about 0.98
    to float32), so the manifest records ``int8`` vectors and a build never reuses vectors
    made the other way (see :meth:`qa.index.manifest.Manifest.mismatch`).

  Without onnxruntime the ONNX backends fall back to torch with a note, and the manifest
  records the backend that really ran.

``qa bench`` measures texts/s of torch against the configured backend on the build's own
texts, side by side in one run (:func:`qa.evaluation.bench.bench_bulk_embedding`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.index.onnxquery import OnnxBackendError, OnnxQueryEncoder

EMBED_BACKENDS = ("onnx", "torch", "onnx-int8")
# What the vectors of each backend are, as the manifest records it: torch and ONNX float32
# give the same vectors (and may reuse each other's), int8 does not.
VECTORS = {"torch": "float32", "onnx": "float32", "onnx-int8": "int8"}
# Padded tokens per batch. Measured with `qa bench` on the real texts (2 cores, AVX2):
# 4,096 was faster than 64 fixed texts or budgets of 1,024 and 2,048 (cache-sized batches
# no faster), 8,192 no faster again; see the README's Performance section.
TOKEN_BUDGET = 4096

log = logging.getLogger(__name__)


class _Encoder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


def unique_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct texts in first-seen order, and for each text the row of its copy."""
    first: dict[str, int] = {}
    rows = np.fromiter((first.setdefault(t, len(first)) for t in texts), np.int64, len(texts))
    return list(first), rows


def token_batches(lengths: list[int], budget: int) -> list[np.ndarray]:
    """Indexes of ``lengths``, longest first, in batches whose padded size (batch size x
    its longest text) is at most ``budget`` tokens; a text longer than the budget is a
    batch of its own."""
    if budget < 1:
        raise ValueError(f"budget must be >= 1, got {budget}")
    order = np.argsort(-np.asarray(lengths, dtype=np.int64), kind="stable")
    batches, start = [], 0
    while start < len(order):
        size = max(1, budget // max(1, lengths[order[start]]))
        batches.append(order[start : start + size])
        start += size
    return batches


@dataclass
class BulkEmbedder:
    """``embed(texts)``: vectors of ``texts`` through ``backend``, each distinct text once."""

    embedder: object  # qa.index.embedder.Embedder (not imported: it imports this module)
    backend: str  # the backend that really runs (torch after a fallback)
    note: str = ""  # why the configured backend was not used, if it was not
    _onnx: _Encoder | None = None
    budget: int = TOKEN_BUDGET

    @property
    def vectors(self) -> str:
        return VECTORS[self.backend]

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        distinct, rows = unique_texts(texts)
        return self._embed_distinct(distinct, progress)[rows]

    def _embed_distinct(self, texts: list[str], progress: bool) -> np.ndarray:
        embedder = self.embedder
        if self._onnx is None or not texts:
            return embedder.embed(texts, progress=progress)  # type: ignore[attr-defined]
        lengths = embedder.count_tokens(texts)  # type: ignore[attr-defined]
        limit = embedder.max_tokens  # type: ignore[attr-defined]
        lengths = [min(n, limit) for n in lengths]
        out = np.empty((len(texts), embedder.dimension), dtype=np.float32)  # type: ignore[attr-defined]
        for batch in token_batches(lengths, self.budget):
            out[batch] = self._onnx.encode([texts[i] for i in batch])
        return out


def bulk_embedder(embedder, backend: str, cache_dir: Path) -> BulkEmbedder:
    """A :class:`BulkEmbedder` sharing ``embedder``'s model; torch, with a note, when the
    ONNX backend cannot be used (onnxruntime missing, a model it cannot export)."""
    if backend not in EMBED_BACKENDS:
        raise ValueError(f"embed backend must be one of {EMBED_BACKENDS}, got {backend!r}")
    if backend == "torch":
        return BulkEmbedder(embedder, "torch")
    from qa.index.embedder import resolve_model

    model = getattr(embedder, "model", None)
    if model is None:  # an embedder with no exportable model (the tests' fake): its own embed
        return BulkEmbedder(embedder, "torch")
    try:
        encoder = OnnxQueryEncoder(
            model,
            resolve_model(embedder.name),
            Path(cache_dir),
            quantize=backend == "onnx-int8",
            fused=True,
        )
    except OnnxBackendError as exc:
        note = f"embed backend {backend} unavailable ({exc}); embedding with torch"
        return BulkEmbedder(embedder, "torch", note)
    return BulkEmbedder(embedder, backend, _onnx=encoder)
