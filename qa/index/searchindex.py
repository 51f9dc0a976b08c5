"""A built index, loaded and checked: the tables and arrays retrieval and answering read.

Each store (:mod:`qa.index.backends`) loads its build into a :class:`SearchIndex` with
:func:`assemble` (:func:`qa.index.backends.load_index` loads the configured store's).
Loading refuses an index that does not match the configured model or chunking, or whose
corpus has changed since it was built, with a message that says what to run
(:func:`check_manifest`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from qa.index import store
from qa.index.manifest import Manifest
from qa.index.search import ChunkSearch, LexicalSearch, VectorRows
from qa.ingest.acronyms import Acronym
from qa.ingest.corpus import MAX_FILE_BYTES, corpus_entries, entry_hash, relative_name
from qa.models import ContentsEntry, Finding, Unit
from qa.settings import Settings

_ADDRESS = re.compile(
    r"\S+@\S+|(?:https?://|www\.)\S+|\b[\w.-]+\.(?:gov|org|co|ac|nhs)\.uk\S*", re.I
)
# A phrase of up to three words in curly or double quotes.
_SHORT_QUOTE = re.compile(
    r"[\u2018\u201c\"][\w'\u2019-]+(?:\s[\w'\u2019-]+){0,2}[\u2019\u201d\"](?!\w)"
)


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    title: str | None
    summary: dict
    findings: tuple[Finding, ...]
    contents: tuple[ContentsEntry, ...]


@dataclass
class SearchIndex:
    """One live build, whichever store holds it: the tables the answerer reads, in
    memory, and the store's two search sides (:mod:`qa.index.backends.base`)."""

    folder: Path | None  # the build folder of the embedded store; None in Milvus
    location: str  # where the build lives, for messages and logs
    manifest: Manifest
    units: list[Unit]
    unit_rows: dict[tuple[str, str], int]
    chunk_unit: np.ndarray  # chunk row -> unit row
    dense: ChunkSearch
    sentence_unit: np.ndarray  # sentence row -> unit row
    sentence_spans: np.ndarray  # (n, 2) char offsets in the unit text
    sentence_vectors: VectorRows  # an array, or rows fetched from Milvus on demand
    lexical: LexicalSearch
    acronyms: dict[str, Acronym]
    documents: dict[str, DocumentInfo]
    unit_sentences: dict[int, list[int]] = field(default_factory=dict)
    doc_rows: dict[str, list[int]] = field(default_factory=dict)  # doc -> unit rows, in order

    @cached_property
    def lowercase_words(self) -> frozenset[str]:
        """Words the corpus writes in lower case somewhere. A capitalised word that is not
        among them is a name or an abbreviation ("Lamb", "CART"), never an ordinary word."""
        # Web and mail addresses are not running text: "www.ofsted.gov.uk" does not make
        # "Ofsted" an ordinary word; nor is a short quoted phrase, which names a thing
        # ("the ‘mockingbird’ model", "Mockingbird" elsewhere).
        return frozenset(
            word
            for unit in self.units
            for word in re.findall(
                r"[A-Za-z'-]+", _SHORT_QUOTE.sub(" ", _ADDRESS.sub(" ", unit.text))
            )
            if word.islower()
        )

    @property
    def build_id(self) -> str:
        """The build as its store names it (what :meth:`IndexStore.current_build` returns):
        the folder name in the embedded store, which a copied folder changes."""
        return self.folder.name if self.folder is not None else self.manifest.build_id

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


def assemble(
    *,
    location: str,
    manifest: Manifest,
    units: list[Unit],
    chunk_units: list[int],
    dense: ChunkSearch,
    sentence_units: list[int],
    sentence_spans: list[tuple[int, int]],
    sentence_vectors: VectorRows,
    lexical: LexicalSearch,
    documents: list[dict],
    acronyms: list[dict],
    folder: Path | None = None,
) -> SearchIndex:
    """A :class:`SearchIndex` from a store's tables (row numbers as the build wrote
    them), checked against the manifest's counts."""
    counts = manifest.counts
    if (len(units), len(chunk_units), len(sentence_units)) != (
        counts.units,
        counts.chunks,
        counts.sentences,
    ) or sentence_vectors.shape != (len(sentence_units), manifest.model.dimension):
        raise store.IndexCorrupt(f"index in {location} does not match its manifest; run `qa build`")
    unit_rows = {(u.doc, u.unit): i for i, u in enumerate(units)}
    sentence_unit = np.asarray(sentence_units, dtype=np.int64)
    unit_sentences: dict[int, list[int]] = {}
    for row, unit_row in enumerate(sentence_unit.tolist()):
        unit_sentences.setdefault(unit_row, []).append(row)
    return SearchIndex(
        folder=folder,
        location=location,
        manifest=manifest,
        units=units,
        unit_rows=unit_rows,
        chunk_unit=np.asarray(chunk_units, dtype=np.int64),
        dense=dense,
        sentence_unit=sentence_unit,
        sentence_spans=np.asarray(sentence_spans, dtype=np.int64).reshape(-1, 2),
        sentence_vectors=sentence_vectors,
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
