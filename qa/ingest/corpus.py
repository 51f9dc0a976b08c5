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

    def get(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        known = ", ".join(d.id for d in self.documents) or "none"
        raise UnknownDocument(f"unknown document {doc_id!r} (known: {known})")


def corpus_files(folder: Path) -> list[Path]:
    """Report files under ``folder`` (recursively), in a stable order; README files skipped."""
    if not folder.exists():
        raise CorpusError(str(folder), "corpus folder does not exist")
    if folder.is_file():
        return [folder]
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SUPPORTED_SUFFIXES
        and not p.name.startswith(".")
        and p.stem.lower() != "readme"
    )


# The hash recorded for a file that cannot be read (permissions): compared like any other.
UNREADABLE = "unreadable"


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
    if sum(1 for u in doc.units if u.kind == "paragraph") < MIN_PARAGRAPHS:
        return None
    return doc


# Reports are read in parallel, one process per core, when there are at least this many:
# a process pool costs about a second to start, a report a quarter of a second to read.
PARALLEL_FROM = 8


def load_corpus(folder: Path, workers: int | None = None, progress: bool = False) -> Corpus:
    """Every report in ``folder``, parsed. Files are read in parallel (``workers``
    processes, default one per core) when there are many; ids, order, warnings and errors
    are the same as reading them one by one."""
    corpus = Corpus()
    paths = corpus_files(folder)
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
