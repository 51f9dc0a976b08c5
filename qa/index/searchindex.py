"""A built index, loaded and checked: the tables and arrays retrieval and answering read.

:func:`load_index` refuses an index that does not match the configured model or chunking,
or whose corpus has changed since it was built, with a message that says what to run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from qa.index import dense, store
from qa.index.lexical import LexicalIndex
from qa.index.manifest import Manifest
from qa.ingest.acronyms import Acronym
from qa.ingest.corpus import MAX_FILE_BYTES, corpus_entries, entry_hash, relative_name
from qa.models import ContentsEntry, Finding, Unit
from qa.settings import Settings


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str | None
    summary: dict
    findings: tuple[Finding, ...]
    contents: tuple[ContentsEntry, ...]


@dataclass
class SearchIndex:
    folder: Path
    manifest: Manifest
    units: list[Unit]
    unit_rows: dict[tuple[str, str], int]
    chunk_unit: np.ndarray  # chunk row -> unit row
    chunk_vectors: np.ndarray
    faiss: object
    sentence_unit: np.ndarray  # sentence row -> unit row
    sentence_spans: np.ndarray  # (n, 2) char offsets in the unit text
    sentence_vectors: np.ndarray
    lexical: LexicalIndex
    acronyms: dict[str, Acronym]
    documents: dict[str, DocumentInfo]
    unit_sentences: dict[int, list[int]] = field(default_factory=dict)
    doc_rows: dict[str, list[int]] = field(default_factory=dict)  # doc -> unit rows, in order

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words the corpus writes in lower case somewhere. A capitalised word that is not
        among them is a name or an abbreviation ("Lamb", "CART"), never an ordinary word."""
        return frozenset(
            word
            for unit in self.units
            for word in re.findall(r"[A-Za-z'-]+", unit.text)
            if word.islower()
        )

    def units_of(self, doc: str) -> list[Unit]:
        return [self.units[row] for row in self.doc_rows.get(doc, [])]

    def sentences_of(self, unit_row: int) -> list[int]:
        return self.unit_sentences.get(unit_row, [])

    def sentence_text(self, row: int) -> str:
        unit = self.units[int(self.sentence_unit[row])]
        start, end = self.sentence_spans[row]
        return unit.text[int(start) : int(end)]


def file_fingerprint(corpus_dir: Path, max_bytes: int = MAX_FILE_BYTES) -> dict[str, str]:
    """{relative path: hash} of every report-like name in the corpus as it is now (no
    parsing needed): read files by content, refused ones by a marker (see entry_hash), so
    it compares with what the build recorded for both."""
    if not corpus_dir.exists():
        return {}
    entries = corpus_entries(corpus_dir, max_bytes)
    return dict(sorted((relative_name(e.path, corpus_dir), entry_hash(e)) for e in entries))


def check_manifest(manifest: Manifest, settings: Settings, check_corpus: bool = True) -> None:
    chunking = {"max_tokens": settings.chunk_tokens, "overlap_sentences": settings.chunk_overlap}
    problem = manifest.mismatch(settings.model, settings.encoding, chunking)
    if problem is not None:
        raise store.IndexMismatch(problem)
    if check_corpus:
        # Files the build skipped (unreadable, broken, no text layer) are recorded with
        # their hash: they are a reason to rebuild only when they change or go.
        built = manifest.known_files()
        now = file_fingerprint(settings.corpus_dir, settings.max_file_bytes)
        added = sorted(set(now) - set(built))
        removed = sorted(set(built) - set(now))
        changed = sorted(p for p in set(now) & set(built) if now[p] != built[p])
        if added or removed or changed:
            parts = [
                f"{label}: {', '.join(paths[:5])}{' ...' if len(paths) > 5 else ''}"
                for label, paths in (("added", added), ("removed", removed), ("changed", changed))
                if paths
            ]
            raise store.IndexStale(
                f"the corpus changed since the index was built ({'; '.join(parts)}); run `qa build`"
            )


def load_index(settings: Settings, check_corpus: bool = True) -> SearchIndex:
    root = store.IndexRoot(settings.index_dir)
    folder = root.current()
    if folder is None:
        if (root.path / "CURRENT").exists():
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
        raise store.IndexCorrupt(f"index in {folder} is damaged ({exc}); run `qa build`") from exc
    counts = manifest.counts
    if (len(units), len(chunks), len(sentences)) != (
        counts.units,
        counts.chunks,
        counts.sentences,
    ) or faiss_index.ntotal != len(chunks):
        raise store.IndexCorrupt(f"index in {folder} does not match its manifest; run `qa build`")
    dim = manifest.model.dimension
    unit_rows = {(u.doc, u.unit): i for i, u in enumerate(units)}
    sentence_unit = np.array([unit_rows[(s["doc"], s["unit"])] for s in sentences], dtype=np.int64)
    unit_sentences: dict[int, list[int]] = {}
    for row, unit_row in enumerate(sentence_unit.tolist()):
        unit_sentences.setdefault(unit_row, []).append(row)
    return SearchIndex(
        folder=folder,
        manifest=manifest,
        units=units,
        unit_rows=unit_rows,
        chunk_unit=np.array([unit_rows[(c["doc"], c["unit"])] for c in chunks], dtype=np.int64),
        chunk_vectors=store.load_vectors(folder / "chunks.npy", len(chunks), dim),
        faiss=faiss_index,
        sentence_unit=sentence_unit,
        sentence_spans=np.array(
            [(s["char_start"], s["char_end"]) for s in sentences], dtype=np.int64
        ).reshape(-1, 2),
        sentence_vectors=store.load_vectors(folder / "sentences.npy", len(sentences), dim),
        lexical=lexical,
        acronyms={a["short"]: Acronym(**a) for a in acronyms},
        documents={
            d["id"]: DocumentInfo(
                d["id"],
                d.get("title"),
                {k: v for k, v in d.items() if k not in ("findings", "contents")},
                store.findings_from_records(d["findings"]),
                store.contents_from_records(d["contents"]),
            )
            for d in documents
        },
        unit_sentences=unit_sentences,
        doc_rows=_rows_by_doc(units),
    )


def _rows_by_doc(units: list[Unit]) -> dict[str, list[int]]:
    rows: dict[str, list[int]] = {}
    for row, unit in enumerate(units):
        rows.setdefault(unit.doc, []).append(row)
    return rows
