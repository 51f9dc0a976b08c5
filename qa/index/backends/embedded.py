"""The embedded store (the default): one folder per build under ``index/``, FAISS for the
chunk vectors and bm25s for BM25, switched in by the ``CURRENT`` file.

The on-disk format is described in :mod:`qa.index.store`; this module reads and writes
it through the store interface (:mod:`qa.index.backends.base`).
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path

import numpy as np

from qa.index import dense, store
from qa.index.backends.base import (
    BuildWriter,
    IndexStore,
    NoPreviousVectors,
    Part,
    PreviousVectors,
)
from qa.index.bulk import VECTORS
from qa.index.chunker import Chunk
from qa.index.lexical import LexicalIndex, lexical_text
from qa.index.manifest import Manifest
from qa.index.searchindex import SearchIndex, assemble, check_manifest
from qa.models import Unit
from qa.settings import Settings


class FaissChunks:
    """Dense search over the chunk vectors: FAISS for the whole index, exact inner
    products over the allowed chunks under a filter (few, and exact beats a FAISS
    search that would have to over-fetch)."""

    def __init__(self, index, vectors: np.ndarray, chunk_unit: np.ndarray):
        self.faiss = index
        self.vectors = vectors
        self.chunk_unit = chunk_unit

    def search(
        self, vector: np.ndarray, k: int, units: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        if units is None:
            return dense.search(self.faiss, vector, k)
        allowed = np.flatnonzero(units[self.chunk_unit])
        return self.vectors[allowed] @ vector, allowed


class EmbeddedStore(IndexStore):
    name = "embedded"

    def __init__(self, index_dir: Path):
        self.root = store.IndexRoot(index_dir)

    def where(self) -> str:
        return f"{self.root.path}/"

    def build_lock(self, wait: bool = False) -> AbstractContextManager[None]:
        return self.root.build_lock(wait=wait)

    def current_build(self) -> str | None:
        folder = self.root.current()
        return folder.name if folder else None

    def load(self, settings: Settings, check_corpus: bool = True) -> SearchIndex:
        folder = self.root.current()
        if folder is None:
            if (self.root.path / "CURRENT").exists():
                raise store.IndexCorrupt(
                    f"{settings.index_dir}/CURRENT names no finished build; run `qa build`"
                )
            raise store.IndexNotBuilt(f"no index in {settings.index_dir}/; run `qa build`")
        manifest = Manifest.read(folder)
        check_manifest(manifest, settings, check_corpus)
        manifest.verify_files(folder)
        try:
            units = [store.unit_from_record(r) for r in store.read_jsonl(folder / "units.jsonl")]
            chunks = store.read_jsonl(folder / "chunks.jsonl")
            sentences = store.read_jsonl(folder / "sentences.jsonl")
            documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
            acronyms = json.loads((folder / "acronyms.json").read_text(encoding="utf-8"))
            lexical = LexicalIndex.load(folder / "lexical")
            faiss_index = dense.load(folder / "dense.faiss")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
            raise store.IndexCorrupt(
                f"index in {folder} is damaged ({exc}); run `qa build`"
            ) from exc
        if faiss_index.ntotal != len(chunks):
            raise store.IndexCorrupt(
                f"index in {folder} does not match its manifest; run `qa build`"
            )
        dim = manifest.model.dimension
        unit_rows = {(u.doc, u.unit): i for i, u in enumerate(units)}
        try:
            chunk_unit = np.array([unit_rows[(c["doc"], c["unit"])] for c in chunks], np.int64)
            sentence_units = [unit_rows[(s["doc"], s["unit"])] for s in sentences]
        except KeyError as exc:
            raise store.IndexCorrupt(
                f"index in {folder} is damaged ({exc}); run `qa build`"
            ) from exc
        chunk_vectors = store.load_vectors(folder / "chunks.npy", len(chunks), dim)
        return assemble(
            folder=folder,
            location=str(folder),
            manifest=manifest,
            units=units,
            chunk_units=chunk_unit.tolist(),
            dense=FaissChunks(faiss_index, chunk_vectors, chunk_unit),
            sentence_units=sentence_units,
            sentence_spans=[(s["char_start"], s["char_end"]) for s in sentences],
            sentence_vectors=store.load_vectors(folder / "sentences.npy", len(sentences), dim),
            lexical=lexical,
            documents=documents,
            acronyms=acronyms,
        )

    def previous_vectors(self, settings: Settings, chunking: dict[str, int]) -> PreviousVectors:
        folder = self.root.current()
        if folder is None:
            return NoPreviousVectors()
        try:
            manifest = Manifest.read(folder)
            if (
                manifest.mismatch(
                    settings.model, settings.encoding, chunking, VECTORS[settings.embed_backend]
                )
                is not None
            ):
                return NoPreviousVectors()
            return _FolderVectors(folder, manifest.model.dimension)
        except (store.IndexError_, OSError, KeyError, ValueError):
            return NoPreviousVectors()  # an unreadable old build only means nothing is reused

    def begin(self, build_id: str, dimension: int, settings: Settings) -> BuildWriter:
        self.root.path.mkdir(parents=True, exist_ok=True)
        self.root.prune()  # leftovers of interrupted builds
        return _FolderWriter(self.root, build_id, dimension, settings.faiss_index)


class _FolderVectors:
    """The live folder's vectors by report hash (the whole build is read once: FAISS
    files hold everything in memory anyway)."""

    def __init__(self, folder: Path, dim: int):
        units = {(u["doc"], u["unit"]): u["text"] for u in store.read_jsonl(folder / "units.jsonl")}
        self._by_sha: dict[str, dict[str, dict[str, np.ndarray]]] = {}
        rows = store.read_jsonl(folder / "chunks.jsonl")
        vectors = store.load_vectors(folder / "chunks.npy", len(rows), dim)
        for r, v in zip(rows, vectors, strict=True):
            self._by_sha.setdefault(r["sha256"], {}).setdefault("chunks", {})[r["embed_text"]] = v
        rows = store.read_jsonl(folder / "sentences.jsonl")
        vectors = store.load_vectors(folder / "sentences.npy", len(rows), dim)
        for r, v in zip(rows, vectors, strict=True):
            text = units[(r["doc"], r["unit"])][r["char_start"] : r["char_end"]]
            self._by_sha.setdefault(r["sha256"], {}).setdefault("sentences", {})[text] = v

    def chunks(self, sha256: str) -> dict[str, np.ndarray]:
        return self._by_sha.get(sha256, {}).get("chunks", {})

    def sentences(self, sha256: str) -> dict[str, np.ndarray]:
        return self._by_sha.get(sha256, {}).get("sentences", {})


class _FolderWriter(BuildWriter):
    """Collects the parts (FAISS and bm25s are built over everything at once), then
    writes the folder; ``manifest.json`` last, then ``CURRENT``."""

    def __init__(self, root: store.IndexRoot, build_id: str, dimension: int, faiss_type: str):
        self.root = root
        self.build_id = build_id
        self.dimension = dimension
        self.faiss_type = faiss_type
        self.parts: list[Part] = []
        self.folder: Path | None = None

    def add(self, part: Part) -> None:
        self.parts.append(part)

    def publish(self, documents: list[dict], acronyms: list[dict], manifest: Manifest) -> str:
        folder = self.folder = self.root.new_build(self.build_id)
        units = [u for p in self.parts for u in p.units]
        chunks = [c for p in self.parts for c in p.chunks]
        sentences = [s for p in self.parts for s in p.sentences]
        docs_sha = {doc: sha for p in self.parts for doc, sha in p.unit_sha.items()}
        chunk_vectors = _stack([p.chunk_vectors for p in self.parts], self.dimension)
        sentence_vectors = _stack([p.sentence_vectors for p in self.parts], self.dimension)
        write_tables(folder, units, chunks, sentences, docs_sha)
        store.save_vectors(folder / "chunks.npy", chunk_vectors)
        store.save_vectors(folder / "sentences.npy", sentence_vectors)
        dense.save(dense.build(chunk_vectors, self.faiss_type), folder / "dense.faiss")
        LexicalIndex.build([lexical_text(u) for u in units]).save(folder / "lexical")
        (folder / "acronyms.json").write_text(
            json.dumps(acronyms, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        (folder / "documents.json").write_text(
            json.dumps(documents, indent=1, ensure_ascii=False), encoding="utf-8"
        )
        # Written last: a folder without it is an unfinished build and is never loaded.
        manifest.write(folder)
        self.root.publish(folder)
        return str(folder)

    def abandon(self) -> None:
        self.parts = []  # the folder, if any, has no manifest: the next build prunes it


def write_tables(
    folder: Path,
    units: list[Unit],
    chunks: list[Chunk],
    sentences: list[tuple[str, str, int, int]],
    docs_sha: dict[str, str],
) -> None:
    store.write_jsonl(folder / "units.jsonl", (u.to_record() for u in units))
    store.write_jsonl(
        folder / "chunks.jsonl",
        ({**c.position(), "sha256": docs_sha[c.doc], "embed_text": c.embed_text} for c in chunks),
    )
    store.write_jsonl(
        folder / "sentences.jsonl",
        (
            {"doc": d, "unit": u, "char_start": s, "char_end": e, "sha256": docs_sha[d]}
            for d, u, s, e in sentences
        ),
    )


def _stack(arrays: list[np.ndarray], dim: int) -> np.ndarray:
    if not arrays:
        return np.zeros((0, dim), dtype=np.float32)
    return np.vstack(arrays).astype(np.float32)
