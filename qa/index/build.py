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
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import cast

import numpy as np

from qa.index import store
from qa.index.backends import open_store
from qa.index.backends.base import IndexStore, Part, PreviousVectors
from qa.index.bulk import BulkEmbedder, bulk_embedder
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
    embedded: int  # texts embedded in this build (rows; identical texts embedded once)
    reused: int  # texts whose vectors came from the previous build
    seconds: float
    build_id: str = ""
    embed_backend: str = "torch"  # the bulk backend that really ran (qa/index/bulk.py)
    note: str = ""  # why the configured embed backend was not used, if it was not


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
        bulk = bulk_embedder(embedder, settings.embed_backend, settings.data_dir / "onnx")
        if bulk.note and progress:
            print(f"note: {bulk.note}", file=sys.stderr)
        return _build(settings, corpus, bulk, encoding, progress, index_store)


def _build(
    settings: Settings,
    corpus: Corpus,
    bulk: BulkEmbedder,
    encoding: LoadedEncoding,
    progress: bool,
    index_store: IndexStore,
) -> BuildReport:
    started = time.perf_counter()
    embedder = cast(Embedder, bulk.embedder)
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap)
    # Reuse only vectors of the kind this build makes (the backend that really runs).
    really = settings.model_copy(update={"embed_backend": bulk.backend})
    previous = index_store.previous_vectors(really, asdict(config))
    # Letters, digits and "_" only: Milvus names its collections after it.
    build_id = time.strftime("%Y%m%dT%H%M%S") + f"_{time.time_ns() % 10**6:06d}"
    writer = index_store.begin(build_id, embedder.dimension, settings)
    counts = {"units": 0, "chunks": 0, "sentences": 0}
    reused = 0
    try:
        for documents in _parts(corpus.documents):
            part, part_reused = _part(documents, bulk, encoding, config, previous, progress)
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
        manifest = replace(manifest, embedding={"backend": bulk.backend, "vectors": bulk.vectors})
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
        bulk.backend,
        bulk.note,
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


@dataclass(frozen=True)
class PartTexts:
    """What a part embeds: its chunks (metadata header + text) and sentences."""

    units: list[Unit]
    docs_sha: dict[str, str]
    chunks: list[Chunk]
    sentences: list[tuple[str, str, int, int]]  # (doc, unit, char_start, char_end)
    chunk_texts: list[str]
    sentence_texts: list[str]


def part_texts(
    documents: list[Document],
    embedder: Embedder,
    encoding: LoadedEncoding,
    config: ChunkingConfig,
) -> PartTexts:
    """The chunks and sentences of ``documents`` and the texts the model sees for them
    (also what ``qa bench`` embeds to compare the bulk backends)."""
    units = [u for doc in documents for u in doc.units]
    by_id = {(u.doc, u.unit): u for u in units}
    chunks = _chunks(documents, units, embedder, encoding, config)
    sentences = [
        (u.doc, u.unit, start, end) for u in units for start, end in sentence_spans(u.text)
    ]
    return PartTexts(
        units,
        {d.id: d.sha256 for d in documents},
        chunks,
        sentences,
        [c.embed_text for c in chunks],
        [by_id[(d, u)].text[s:e] for d, u, s, e in sentences],
    )


def _part(
    documents: list[Document],
    bulk: BulkEmbedder,
    encoding: LoadedEncoding,
    config: ChunkingConfig,
    previous: PreviousVectors,
    progress: bool,
) -> tuple[Part, int]:
    """Chunks, sentences and vectors of ``documents`` (reused where the live build has
    the same report), and how many vectors were reused."""
    texts = part_texts(documents, cast(Embedder, bulk.embedder), encoding, config)
    sha = texts.docs_sha
    chunk_known = _previous(previous.chunks, [sha[c.doc] for c in texts.chunks], texts.chunk_texts)
    sentence_known = _previous(
        previous.sentences, [sha[s[0]] for s in texts.sentences], texts.sentence_texts
    )
    # Chunks and sentences still missing go to the model in one call, so a text that is
    # both (or repeats across the part's reports) is embedded once.
    missing_c = [i for i, v in enumerate(chunk_known) if v is None]
    missing_s = [i for i, v in enumerate(sentence_known) if v is None]
    todo = [texts.chunk_texts[i] for i in missing_c] + [texts.sentence_texts[i] for i in missing_s]
    if todo and progress:
        print(
            f"embedding {len(missing_c)} chunks and {len(missing_s)} sentences "
            f"({bulk.backend}) ...",
            file=sys.stderr,
        )
    fresh = bulk.embed(todo, progress=progress) if todo else None
    dim = bulk.embedder.dimension  # type: ignore[attr-defined]
    chunk_vectors = _filled(chunk_known, missing_c, fresh, 0, dim)
    sentence_vectors = _filled(sentence_known, missing_s, fresh, len(missing_c), dim)
    part = Part(texts.units, sha, texts.chunks, chunk_vectors, texts.sentences, sentence_vectors)
    reused = len(chunk_known) - len(missing_c) + len(sentence_known) - len(missing_s)
    return part, reused


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


def _previous(
    previous: Callable[[str], dict[str, np.ndarray]], shas: list[str], texts: list[str]
) -> list[np.ndarray | None]:
    """The live build's vector of each text where the same report (file hash) has the
    exact same text, else None: a chunk cut differently is simply embedded again."""
    known: dict[str, dict[str, np.ndarray]] = {}
    vectors: list[np.ndarray | None] = []
    for sha, text in zip(shas, texts, strict=True):
        if sha not in known:
            known[sha] = previous(sha)
        vectors.append(known[sha].get(text))
    return vectors


def _filled(
    vectors: list[np.ndarray | None],
    missing: list[int],
    fresh: np.ndarray | None,
    offset: int,
    dim: int,
) -> np.ndarray:
    """``vectors`` with each None (at ``missing``) taken from ``fresh`` from ``offset`` on."""
    out = np.zeros((len(vectors), dim), dtype=np.float32)
    for i, vector in enumerate(vectors):
        if vector is not None:
            out[i] = vector
    if missing:
        assert fresh is not None  # every missing text was sent to the model
        out[missing] = fresh[offset : offset + len(missing)]
    return out


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
