"""A deterministic fake embedder, so retrieval, answering and context tests run in the
fast suite without the model (the real one is exercised by the integration tests).

Vectors are hashed bags of word stems (feature hashing): texts that share words are
close, texts that share none are orthogonal. That is enough for the pipeline's own
logic to be tested with exact assertions; it says nothing about the model's quality.
"""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import numpy as np
import pytest

from qa.settings import Settings
from qa.text.terms import stems


class FakeEmbedder:
    def __init__(self, dimension: int = 64, max_tokens: int = 256):
        self._dimension = dimension
        self._max_tokens = max_tokens
        self.calls = 0  # texts embedded, so tests can check reuse

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def max_tokens(self) -> int:
        return self._max_tokens

    def warm_up(self) -> FakeEmbedder:
        return self

    def vocabulary(self) -> frozenset[str]:
        return frozenset()  # no tokenizer: every corpus-unknown word may be a slip

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) + 2 for t in texts]

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        self.calls += len(texts)
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, words in enumerate(stems(list(texts)) if texts else []):
            for word in words:
                out[row, zlib.crc32(word.encode()) % self._dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)

    def embed_query(self, text: str, max_batch: int = 32) -> np.ndarray:
        return self.embed([text])[0]

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self.embed(texts)


# One real report of each format (2013, SIF, ILACS) for fast tests over real PDFs.
REPORTS = Path(
    os.environ.get("QA_REPORTS_DIR", Path(__file__).resolve().parents[2] / "shared" / "reports")
)
REAL_SAMPLE = ["norfolk-16-august-2013", "sheffield-21-february-2014", "barnet-23-july-2024"]
needs_real_reports = pytest.mark.skipif(
    not all((REPORTS / f"{d}.pdf").exists() for d in REAL_SAMPLE),
    reason="real reports not present (set QA_REPORTS_DIR)",
)


def fake_index(root: Path, files: list[Path]) -> tuple[Settings, FakeEmbedder]:
    """A real index on disk over copies of ``files``, built with the fake embedder."""
    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.text.tokens import load_encoding

    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    for path in files:
        shutil.copy(path, corpus / path.name)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index", data_dir=root / "data")
    fake = FakeEmbedder()
    build_index(settings, load_corpus(corpus), fake, load_encoding(settings.encoding), False)
    return settings, fake
