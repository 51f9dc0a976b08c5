"""`qa build`: corpus -> chunks -> embeddings -> a new build in the index store.

Documents go to the store (:mod:`qa.index.backends`: the embedded FAISS + bm25s folder,
or Milvus) in parts, so the vectors held at once are bounded. Unchanged documents (same
file hash, model, encoding and chunking) reuse the vectors of the live build instead of
being embedded again. The new build goes live only when it is complete.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import cast

import numpy as np

from qa.index import store
from qa.index.backends import open_store
from qa.index.backends.base import IndexStore, Part, PreviousVectors
from qa.index.chunker import Chunk, ChunkingConfig, chunk_unit, enforce_model_limit
from qa.index.embedder import Embedder, resolve_model
from qa.index.manifest import Counts, EncodingInfo, Manifest, ModelInfo
from qa.ingest.acronyms import mine_acronyms
from qa.ingest.corpus import Corpus, Entry, entry_hash, relative_name
from qa.models import Document, Unit
from qa.settings import Settings
from qa.text.sentences import sentence_spans
from qa.text.tokens import LoadedEncoding


@dataclass(frozen=True)
class BuildReport:
    folder: Path | None  # the build folder (embedded store); None in Milvus
    where: str  # where the build now lives (a folder, or Milvus alias and collections)
    documents: int
    units: int
    chunks: int
    sentences: int
    embedded: int  # texts embedded in this build
    reused: int  # texts whose vectors came from the previous build
    seconds: float
    build_id: str = ""


def corpus_fingerprint(corpus: Corpus, corpus_dir: Path) -> dict[str, str]:
    """{path relative to the corpus folder: sha256} of every document in the index."""
    return dict(
        sorted((relative_name(Path(doc.path), corpus_dir), doc.sha256) for doc in corpus.documents)
    )


def skipped_files(corpus: Corpus, corpus_dir: Path) -> dict[str, dict[str, str]]:
    """{path relative to the corpus folder: {"sha256", "reason"}} of every file that could
    not be indexed, so that loading knows them (see :meth:`Manifest.known_files`)."""
    out = {}
    for error in corpus.errors:
        path = Path(error.file)
        entry = corpus.refused.get(error.file, Entry(path))
        out[relative_name(path, corpus_dir)] = {
            "sha256": entry_hash(entry),
            "reason": error.message,
        }
    return dict(sorted(out.items()))


# Documents are chunked, embedded and handed to the store in parts of about this many
# texts (chunks + sentences): the vectors in memory at once are bounded by it, not by the
# corpus (the Milvus store inserts each part as it comes). 4,096 texts of 384 floats are
# 6 MB, and keep the model's own batches (32) full.
PART_TEXTS = 4096


def build_index(
    settings: Settings,
    corpus: Corpus,
    embedder: Embedder,
    encoding: LoadedEncoding,
    progress: bool = True,
    wait: bool = False,
    index_store: IndexStore | None = None,
) -> BuildReport:
    """Build a new index in the configured store and publish it, holding the store's
    build lock (one build at a time; ``wait`` queues behind a running one)."""
    index_store = index_store or open_store(settings)
    with index_store.build_lock(wait=wait):
        return _build(settings, corpus, embedder, encoding, progress, index_store)


def _build(
    settings: Settings,
    corpus: Corpus,
    embedder: Embedder,
    encoding: LoadedEncoding,
    progress: bool,
    index_store: IndexStore,
) -> BuildReport:
    started = time.perf_counter()
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap)
    previous = index_store.previous_vectors(settings, asdict(config))
    # Letters, digits and "_" only: Milvus names its collections after it.
    build_id = time.strftime("%Y%m%dT%H%M%S") + f"_{time.time_ns() % 10**6:06d}"
    writer = index_store.begin(build_id, embedder.dimension, settings)
    counts = {"units": 0, "chunks": 0, "sentences": 0}
    reused = 0
    try:
        for documents in _parts(corpus.documents):
            part, part_reused = _part(documents, embedder, encoding, config, previous, progress)
            writer.add(part)
            reused += part_reused
            counts["units"] += len(part.units)
            counts["chunks"] += len(part.chunks)
            counts["sentences"] += len(part.sentences)
        acronyms = mine_acronyms([u for doc in corpus.documents for u in doc.units])
        manifest = _manifest(
            settings,
            corpus,
            embedder,
            encoding,
            config,
            build_id,
            embedder.dimension,
            Counts(
                len(corpus.documents),
                counts["units"],
                counts["chunks"],
                counts["sentences"],
                len(acronyms),
            ),
        )
        where = writer.publish(
            [_document_record(d) for d in corpus.documents],
            [a.to_record() for a in acronyms.values()],
            manifest,
        )
    except BaseException:
        writer.abandon()
        raise
    texts = counts["chunks"] + counts["sentences"]
    return BuildReport(
        Path(where) if index_store.name == "embedded" else None,
        where,
        len(corpus.documents),
        counts["units"],
        counts["chunks"],
        counts["sentences"],
        texts - reused,
        reused,
        time.perf_counter() - started,
        build_id,
    )


def _parts(documents: list[Document]) -> Iterator[list[Document]]:
    """Consecutive documents, about PART_TEXTS paragraphs' worth at a time (a unit gives
    a chunk and a few sentences; the exact count is known only after chunking)."""
    part: list[Document] = []
    size = 0
    for doc in documents:
        part.append(doc)
        size += sum(1 + u.text.count(". ") for u in doc.units)
        if size >= PART_TEXTS:
            yield part
            part, size = [], 0
    if part:
        yield part


def _part(
    documents: list[Document],
    embedder: Embedder,
    encoding: LoadedEncoding,
    config: ChunkingConfig,
    previous: PreviousVectors,
    progress: bool,
) -> tuple[Part, int]:
    """Chunks, sentences and vectors of ``documents`` (reused where the live build has
    the same report), and how many vectors were reused."""
    units = [u for doc in documents for u in doc.units]
    by_id = {(u.doc, u.unit): u for u in units}
    chunks = _chunks(documents, units, embedder, encoding, config)
    sentences = [
        (u.doc, u.unit, start, end) for u in units for start, end in sentence_spans(u.text)
    ]
    docs_sha = {d.id: d.sha256 for d in documents}
    chunk_vectors, reused_c = _embed_reusing(
        embedder,
        [c.embed_text for c in chunks],
        [docs_sha[c.doc] for c in chunks],
        previous.chunks,
        progress,
        "chunks",
    )
    sentence_vectors, reused_s = _embed_reusing(
        embedder,
        [by_id[(d, u)].text[s:e] for d, u, s, e in sentences],
        [docs_sha[s[0]] for s in sentences],
        previous.sentences,
        progress,
        "sentences",
    )
    part = Part(units, docs_sha, chunks, chunk_vectors, sentences, sentence_vectors)
    return part, reused_c + reused_s


def _manifest(
    settings: Settings,
    corpus: Corpus,
    embedder: Embedder,
    encoding: LoadedEncoding,
    config: ChunkingConfig,
    build_id: str,
    dimension: int,
    counts: Counts,
) -> Manifest:
    return Manifest(
        build_id=build_id,
        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        model=ModelInfo(
            name=settings.model,
            resolved=resolve_model(settings.model),
            dimension=dimension,
            max_seq_length=embedder.max_tokens,
        ),
        encoding=EncodingInfo(encoding.requested, encoding.used, encoding.source),
        chunking=asdict(config),
        faiss={"type": settings.faiss_index},
        corpus_dir=str(settings.corpus_dir),
        corpus_files=corpus_fingerprint(corpus, settings.corpus_dir),
        counts=counts,
        versions=_versions(),
        skipped=skipped_files(corpus, settings.corpus_dir),
    )


def _chunks(
    documents: list[Document],
    units: list[Unit],
    embedder: Embedder,
    encoding: LoadedEncoding,
    config: ChunkingConfig,
) -> list[Chunk]:
    """Token-budgeted chunks of every unit, re-cut where the model's own tokenizer finds
    one longer than the model reads."""
    per_doc: dict[str, list[Chunk]] = {}
    for unit in units:
        for chunk in chunk_unit(unit, encoding.count, config):
            per_doc.setdefault(chunk.doc, []).append(chunk)
    chunks: list[Chunk] = []
    for doc in documents:
        unit_map = {u.unit: u for u in doc.units}
        chunks.extend(
            enforce_model_limit(
                per_doc.get(doc.id, []),
                unit_map,
                embedder.count_tokens,
                embedder.max_tokens,
                encoding.count,
            )
        )
    return chunks


def _document_record(doc: Document) -> dict:
    record = doc.summary()
    record["contents"] = [{"title": e.title, "page": e.page} for e in doc.contents]
    record["findings"] = [store.finding_record(f) for f in doc.findings]
    return record


def _embed_reusing(
    embedder: Embedder,
    texts: list[str],
    shas: list[str],
    previous: Callable[[str], dict[str, np.ndarray]],
    progress: bool,
    label: str,
) -> tuple[np.ndarray, int]:
    """Vectors of ``texts``: the live build's where the same report (file hash) has the
    exact same text, so a chunk cut differently is simply embedded again."""
    known: dict[str, dict[str, np.ndarray]] = {}
    vectors: list[np.ndarray | None] = []
    for sha, text in zip(shas, texts, strict=True):
        if sha not in known:
            known[sha] = previous(sha)
        vectors.append(known[sha].get(text))
    missing = [i for i, v in enumerate(vectors) if v is None]
    if missing:
        if progress:
            print(f"embedding {len(missing)} {label} ...", file=sys.stderr)
        fresh = embedder.embed([texts[i] for i in missing], progress=progress)
        for i, vector in zip(missing, fresh, strict=True):
            vectors[i] = vector
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32), 0
    # Every None was filled from ``fresh`` above.
    filled = cast(list[np.ndarray], vectors)
    return np.vstack(filled).astype(np.float32), len(texts) - len(missing)


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in (
        "report-qa",
        "sentence-transformers",
        "torch",
        "faiss-cpu",
        "bm25s",
        "pymilvus",
        "tiktoken",
        "pypdf",
        "pysbd",
    ):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out
