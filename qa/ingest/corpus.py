"""The corpus folder -> parsed documents (the one entry point for ingestion).

One bad file never loses the others: its error is collected and reported, and the
rest of the folder is still ingested.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.errors import CorpusError, UnknownDocument
from qa.ingest.parser import doc_id_from_path, parse_report
from qa.ingest.pdfreader import read_pdf
from qa.ingest.reports import MIN_PARAGRAPHS, build_document
from qa.ingest.sources import SUPPORTED_SUFFIXES, read_source
from qa.models import Document, IngestWarning


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    errors: list[CorpusError] = field(default_factory=list)
    # Names the folder scan refused without reading them ({path: Entry}); their errors
    # are in ``errors`` too.
    refused: dict[str, Entry] = field(default_factory=dict)

    def get(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        known = ", ".join(d.id for d in self.documents) or "none"
        raise UnknownDocument(f"unknown document {doc_id!r} (known: {known})")


# Larger files are refused, not read: real reports are well under 5 MB, and a 50 MB text
# file would take hours to embed. `QA_MAX_FILE_MB` changes it.
MAX_FILE_BYTES = 20 * 1024 * 1024
# The hash recorded for a file that cannot be read (permissions): compared like any other.
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Entry:
    """A name in the corpus folder that looks like a report, and why it will not be read
    (``None``: a report file to read)."""

    path: Path
    problem: str | None = None


def corpus_entries(folder: Path, max_bytes: int = MAX_FILE_BYTES) -> list[Entry]:
    """Report-like names under ``folder`` (recursively), in a stable order, each with the
    reason it is refused, if any: a link that leads out of the folder or nowhere, a pipe
    or folder named like a report, a file over the size limit. README files are skipped."""
    if not folder.exists():
        raise CorpusError(str(folder), "corpus folder does not exist")
    if folder.is_file():
        return [Entry(folder, _problem(folder, folder.parent, max_bytes))]
    root = folder.resolve()
    return [
        Entry(p, _problem(p, root, max_bytes))
        for p in sorted(folder.rglob("*"))
        if p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".")
        and p.stem.lower() != "readme"
    ]


def _problem(path: Path, root: Path, max_bytes: int) -> str | None:
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return "a link to nothing (dangling symlink); refused"
        if root not in target.parents and target != root:
            return "a link to a file outside the corpus folder; refused"
    if path.is_dir():
        return "a folder named like a report; not read"
    if not path.is_file():
        return "not a regular file (a pipe or device); not read"
    size = path.stat().st_size
    if size > max_bytes:
        return (
            f"{size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit per file "
            "(QA_MAX_FILE_MB); not read"
        )
    return None


def corpus_files(folder: Path, max_bytes: int = MAX_FILE_BYTES) -> list[Path]:
    """The report files to read (see :func:`corpus_entries` for those refused)."""
    return [e.path for e in corpus_entries(folder, max_bytes) if e.problem is None]


def entry_hash(entry: Entry) -> str:
    """What the manifest records for a name: its content's sha256, or, for a refused one,
    a marker that changes when the reason does, without reading what it points to."""
    if entry.problem is None:
        return file_sha256(entry.path)
    if entry.path.is_symlink():
        target = os.readlink(entry.path).encode("utf-8", "surrogateescape")
        return f"link:{hashlib.sha256(target).hexdigest()}"
    if entry.path.is_file():
        return f"bytes:{entry.path.stat().st_size}"
    return "special"


def file_sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return UNREADABLE


def relative_name(path: Path, corpus_dir: Path) -> str:
    """A file's name as the manifest records it: relative to the corpus folder."""
    try:
        return str(path.resolve().relative_to(corpus_dir.resolve()))
    except ValueError:
        return path.name


def load_document(path: Path, doc_id: str | None = None) -> Document:
    """One report file -> a Document. PDFs go through the layout-aware reader
    (:mod:`qa.ingest.pdfreader`, :mod:`qa.ingest.reports`); a PDF in which it finds no
    numbered paragraphs, and every text file, goes through the text parser."""
    if path.suffix.lower() == ".pdf":
        doc = _load_pdf(path, doc_id)
        if doc is not None:
            return doc
    return parse_report(read_source(path), doc_id=doc_id)


def _load_pdf(path: Path, doc_id: str | None) -> Document | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise CorpusError(str(path), "file is empty")
    text = read_pdf(path, data)  # CorpusError for encrypted, broken, scanned, empty files
    doc = build_document(
        text, doc_id or doc_id_from_path(str(path)), str(path), hashlib.sha256(data).hexdigest()
    )
    if text.warnings:
        extra = tuple(IngestWarning(str(path), None, w) for w in text.warnings)
        doc = replace(doc, warnings=extra + doc.warnings)
    if sum(1 for u in doc.units if u.kind == "paragraph") < MIN_PARAGRAPHS:
        return None
    return doc


# Reports are read in parallel, one process per core, when there are at least this many:
# a process pool costs about a second to start, a report a quarter of a second to read.
PARALLEL_FROM = 8


def load_corpus(
    folder: Path,
    workers: int | None = None,
    progress: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    only: str | None = None,
) -> Corpus:
    """Every report in ``folder``, parsed. Files are read in parallel (``workers``
    processes, default one per core) when there are many; ids, order, warnings and errors
    are the same as reading them one by one. ``only``: just the file whose name gives
    that document id, when one does (`qa paragraphs --doc`: one report read, not all of
    them); else every file, so that an id given on a clash ("x-pdf") is still found."""
    corpus = Corpus()
    entries = corpus_entries(folder, max_bytes)
    if only is not None:
        named = [e for e in entries if doc_id_from_path(str(e.path)) == only]
        entries = named if len(named) == 1 else entries
    for entry in entries:
        if entry.problem:
            corpus.errors.append(CorpusError(str(entry.path), entry.problem))
            corpus.refused[str(entry.path)] = entry
    paths = [e.path for e in entries if e.problem is None]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
            outcomes = list(
                _progress(pool.map(_read_one, paths, chunksize=2), len(paths), progress)
            )
    else:
        outcomes = [_read_one(path) for path in _progress(paths, len(paths), progress)]
    ids: set[str] = set()
    for path, outcome in zip(paths, outcomes, strict=True):
        if isinstance(outcome, CorpusError):
            corpus.errors.append(outcome)
            continue
        doc = outcome
        if doc.id in ids:
            renamed = f"{doc.id}-{path.suffix.lstrip('.').lower()}"
            corpus.warnings.append(
                IngestWarning(str(path), None, f"document id {doc.id!r} taken; using {renamed!r}")
            )
            doc = _with_id(doc, renamed)
        ids.add(doc.id)
        corpus.documents.append(doc)
        corpus.warnings.extend(doc.warnings)
    return corpus


def _read_one(path: Path) -> Document | CorpusError:
    """One file, in a worker: the document, or the error that names the file (returned,
    not raised, so it crosses the process boundary intact)."""
    try:
        return load_document(path, doc_id_from_path(str(path)))
    except CorpusError as exc:
        return exc
    except Exception as exc:  # a parser bug must not lose the rest of the corpus
        return CorpusError(str(path), f"could not be parsed ({exc!r})")


def _with_id(doc: Document, doc_id: str) -> Document:
    units = tuple(replace(u, doc=doc_id) for u in doc.units)
    return replace(doc, id=doc_id, units=units)


def _progress(items, total: int, show: bool):
    if not show:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="reading reports", unit="report")
