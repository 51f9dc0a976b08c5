"""The index on disk: an explicit, documented format with a manifest that is checked on load.

Layout of ``index/``::

    CURRENT                 name of the live build folder (replaced atomically)
    builds/<build-id>/
        manifest.json       model, dimension, token encoding, chunking, FAISS type,
                            corpus file hashes, library versions, counts
                            (:mod:`qa.index.manifest`, the one reader and writer)
        units.jsonl         the paragraph table (one Unit record per line)
        documents.json      document metadata, contents and findings tables
        chunks.jsonl        chunk table (unit, character span, tokens)
        chunks.npy          chunk embeddings (float32, L2-normalised)
        dense.faiss         FAISS index over the chunk embeddings (inner product)
        sentences.jsonl     sentence table (unit, character span)
        sentences.npy       sentence embeddings, for answer extraction without re-encoding
        lexical/            bm25s index over units
        acronyms.json       acronyms mined from the corpus

A build is written to a new folder; ``manifest.json`` is written last and ``CURRENT`` is
switched with ``os.replace`` only after it, so an interrupted build leaves the previous
index live and in one piece.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa.index.errors import (  # noqa: F401  (re-exported: store.IndexNotBuilt ...)
    IndexBusy,
    IndexCorrupt,
    IndexError_,
    IndexMismatch,
    IndexNotBuilt,
    IndexStale,
)
from qa.index.manifest import FILENAME as MANIFEST
from qa.models import ContentsEntry, Finding, Grade, Unit

KEEP_BUILDS = 2  # the live build and the one before it


# ---------------------------------------------------------------------------------------
# Records


def unit_from_record(record: dict) -> Unit:
    grade = Grade(record["grade"], record["grade_number"]) if record.get("grade") else None
    fields = {k: v for k, v in record.items() if k not in ("grade", "grade_number")}
    return Unit(**fields, grade=grade)


def findings_from_records(records: list[dict]) -> tuple[Finding, ...]:
    return tuple(
        Finding(r["part"], r["group"], r["area"], Grade(r["grade"], r["grade_number"]))
        for r in records
    )


def finding_record(f: Finding) -> dict:
    return {
        "part": f.part,
        "group": f.group,
        "area": f.area,
        "grade": f.grade.label,
        "grade_number": f.grade.number,
    }


def contents_from_records(records: list[dict]) -> tuple[ContentsEntry, ...]:
    return tuple(ContentsEntry(r["title"], r["page"]) for r in records)


def write_jsonl(path: Path, records) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as src:
        return [json.loads(line) for line in src if line.strip()]


# ---------------------------------------------------------------------------------------
# Folders


@dataclass(frozen=True)
class IndexRoot:
    """The ``index/`` folder: which build is live, new build folders, clean-up."""

    path: Path

    @property
    def builds(self) -> Path:
        return self.path / "builds"

    @contextmanager
    def build_lock(self, wait: bool = False) -> Iterator[None]:
        """One build at a time per index folder: an exclusive ``flock`` on ``.build.lock``,
        which the kernel releases when the holder dies (a killed build never leaves a
        stale lock). Without ``wait``, a held lock is a clear refusal naming the holder."""
        self.path.mkdir(parents=True, exist_ok=True)
        path = self.path / ".build.lock"
        with open(path, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise IndexBusy(
                    f"another `qa build` is running on this index ({holder}); "
                    "wait for it, or run `qa build --wait` to queue behind it"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
            handle.flush()
            try:
                yield
            finally:
                handle.seek(0)
                handle.truncate()
                fcntl.flock(handle, fcntl.LOCK_UN)

    def current(self) -> Path | None:
        pointer = self.path / "CURRENT"
        if not pointer.exists():
            return None
        # A damaged pointer is no live build (loading says so; a build replaces it).
        name = pointer.read_bytes().decode("utf-8", "replace").strip()
        if not name or "/" in name or "\x00" in name or name.startswith("."):
            return None
        folder = self.builds / name
        return folder if folder.is_dir() else None

    def new_build(self, build_id: str) -> Path:
        folder = self.builds / build_id
        folder.mkdir(parents=True, exist_ok=False)
        return folder

    def publish(self, folder: Path) -> None:
        """Make ``folder`` the live build in one atomic step, then prune old builds."""
        if not (folder / MANIFEST).exists():
            raise IndexCorrupt(f"refusing to publish {folder}: it has no manifest")
        tmp = self.path / f"CURRENT.tmp-{os.getpid()}"
        tmp.write_text(folder.name + "\n", encoding="utf-8")
        os.replace(tmp, self.path / "CURRENT")
        self.prune(keep=folder.name)

    def prune(self, keep: str | None = None) -> None:
        """Remove unfinished builds (no manifest) and all but the newest finished ones."""
        if not self.builds.exists():
            return
        live = self.current()
        finished = []
        for folder in sorted(self.builds.iterdir()):
            if not folder.is_dir() or (live and folder == live) or folder.name == keep:
                continue
            if (folder / MANIFEST).exists():
                finished.append(folder)
            else:
                shutil.rmtree(folder, ignore_errors=True)
        for folder in finished[: max(0, len(finished) - (KEEP_BUILDS - 1))]:
            shutil.rmtree(folder, ignore_errors=True)


def save_vectors(path: Path, vectors: np.ndarray) -> None:
    np.save(path, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)


def load_vectors(path: Path, rows: int, dim: int) -> np.ndarray:
    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise IndexCorrupt(f"{path.name} is unreadable ({exc}); run `qa build`") from exc
    if vectors.shape != (rows, dim):
        raise IndexCorrupt(
            f"{path.name} holds {vectors.shape}, manifest says ({rows}, {dim}); run `qa build`"
        )
    return vectors
