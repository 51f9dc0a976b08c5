"""What an index store is: the small interface both stores implement.

Stage 2 (``qa build``) writes a build through a :class:`BuildWriter`; stage 3 reads it as
a :class:`~qa.index.searchindex.SearchIndex` whose two search sides are a
:class:`ChunkSearch` (dense, over chunk vectors) and a :class:`LexicalSearch` (BM25 over
units). The retriever's fusion and the answerer only ever see these, so they work
unchanged over either store:

- :mod:`qa.index.backends.embedded`: today's files (FAISS + bm25s) under ``index/``, the
  default;
- :mod:`qa.index.backends.milvus`: collections in Milvus (Lite, or a server/cluster),
  chosen by ``QA_MILVUS_URI``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

from qa.index.chunker import Chunk
from qa.index.manifest import Manifest
from qa.index.search import ChunkSearch, LexicalSearch, VectorRows  # noqa: F401  (re-exported)
from qa.models import Unit

if TYPE_CHECKING:
    from qa.index.searchindex import SearchIndex
    from qa.settings import Settings


@dataclass(frozen=True)
class Part:
    """One batch of documents on their way into a store: their units, chunks and
    sentences with vectors. Builds hand these over one at a time, so memory is bounded
    by the batch, not the corpus (for the stores that write as they go)."""

    units: list[Unit]
    unit_sha: dict[str, str]  # doc id -> sha256 of its file
    chunks: list[Chunk]
    chunk_vectors: np.ndarray
    sentences: list[tuple[str, str, int, int]]  # (doc, unit, char_start, char_end)
    sentence_vectors: np.ndarray


class BuildWriter(ABC):
    """A build in progress: parts are added, then it is published in one step (or
    abandoned, leaving the live build serving)."""

    @abstractmethod
    def add(self, part: Part) -> None: ...

    @abstractmethod
    def publish(self, documents: list[dict], acronyms: list[dict], manifest: Manifest) -> str:
        """Write what is left, then make this build the live one in one atomic step.
        Returns where it now lives (a folder, or a Milvus alias and collection)."""

    @abstractmethod
    def abandon(self) -> None:
        """Remove what this unfinished build wrote (best effort; a later build's prune
        removes anything left)."""


class PreviousVectors(Protocol):
    """Vectors of the live build, found by the content hash of a report's file: an
    unchanged report is not embedded again."""

    def chunks(self, sha256: str) -> dict[str, np.ndarray]:
        """{chunk embed text: vector} of the report with this hash."""
        ...

    def sentences(self, sha256: str) -> dict[str, np.ndarray]:
        """{sentence text: vector} of the report with this hash."""
        ...


class NoPreviousVectors:
    def chunks(self, sha256: str) -> dict[str, np.ndarray]:
        return {}

    def sentences(self, sha256: str) -> dict[str, np.ndarray]:
        return {}


class IndexStore(ABC):
    """Where builds are kept and which one is live."""

    name: str  # "embedded" | "milvus"

    @abstractmethod
    def where(self) -> str:
        """Where this store lives, for messages ("index/", "milvus at ./qa.db")."""

    @abstractmethod
    def build_lock(self, wait: bool = False) -> AbstractContextManager[None]:
        """One build at a time; without ``wait`` a held lock is a clear refusal."""

    @abstractmethod
    def current_build(self) -> str | None:
        """The live build's id, or None: cheap, polled by the server to notice a switch."""

    @abstractmethod
    def load(self, settings: Settings, check_corpus: bool = True) -> SearchIndex:
        """The live build, checked against the settings (and the corpus, unless not asked)."""

    @abstractmethod
    def previous_vectors(self, settings: Settings, chunking: dict[str, int]) -> PreviousVectors:
        """The live build's vectors when it fits the settings (:meth:`Manifest.mismatch`)."""

    @abstractmethod
    def begin(self, build_id: str, dimension: int, settings: Settings) -> BuildWriter:
        """Start a new build (after removing leftovers of interrupted ones)."""

    def close(self) -> None:  # noqa: B027  (a store with nothing to close)
        """Release connections."""


def batched(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
