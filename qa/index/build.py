"""`qa build`: corpus -> chunks -> embeddings -> FAISS + BM25 + tables, in a new folder.

Unchanged documents (same file hash, model, encoding and chunking) reuse the vectors of
the live build instead of being embedded again. The new folder goes live only when it
is complete (see :mod:`qa.index.store`).
"""

from __future__ import annotations

import json
import platform
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import cast

import numpy as np

from qa.index import dense, store
from qa.index.chunker import Chunk, ChunkingConfig, chunk_unit, embed_text_for, enforce_model_limit
from qa.index.embedder import Embedder, resolve_model
from qa.index.lexical import LexicalIndex
from qa.index.manifest import Counts, EncodingInfo, Manifest, ModelInfo
from qa.ingest.acronyms import mine_acronyms
from qa.ingest.corpus import Corpus, Entry, entry_hash, relative_name
from qa.models import Document, Unit
from qa.settings import Settings
from qa.text.sentences import sentence_spans
from qa.text.tokens import LoadedEncoding


@dataclass(frozen=True)
class BuildReport:
    folder: Path
    documents: int
    units: int
    chunks: int
    sentences: int
    embedded: int  # texts embedded in this build
    reused: int  # texts whose vectors came from the previous build
    seconds: float


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


def lexical_text(unit: Unit) -> str:
    """What BM25 indexes: the section path as well, so heading words find their paragraphs."""
    return embed_text_for(unit, unit.text)


def build_index(
    settings: Settings,
    corpus: Corpus,
    embedder: Embedder,
    encoding: LoadedEncoding,
    progress: bool = True,
    wait: bool = False,
) -> BuildReport:
    """Build a new index folder and publish it, holding the index's build lock (one
    build at a time; ``wait`` queues behind a running one)."""
    root = store.IndexRoot(settings.index_dir)
    with root.build_lock(wait=wait):
        return _build(settings, corpus, embedder, encoding, progress, root)


def _build(
    settings: Settings,
    corpus: Corpus,
    embedder: Embedder,
    encoding: LoadedEncoding,
    progress: bool,
    root: store.IndexRoot,
) -> BuildReport:
    started = time.perf_counter()
    root.path.mkdir(parents=True, exist_ok=True)
    root.prune()  # leftovers of interrupted builds
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap)
    units = [u for doc in corpus.documents for u in doc.units]
    by_id = {(u.doc, u.unit): u for u in units}
    chunks = _chunks(corpus, units, embedder, encoding, config)
    sentences = [
        (u.doc, u.unit, start, end) for u in units for start, end in sentence_spans(u.text)
    ]

    previous = _previous_vectors(root, settings, asdict(config))
    docs_sha = {d.id: d.sha256 for d in corpus.documents}
    chunk_vectors, reused_c = _embed_reusing(
        embedder,
        [c.embed_text for c in chunks],
        [docs_sha[c.doc] for c in chunks],
        previous.get("chunks", {}),
        progress,
        "chunks",
    )
    sentence_vectors, reused_s = _embed_reusing(
        embedder,
        [by_id[(d, u)].text[s:e] for d, u, s, e in sentences],
        [docs_sha[s[0]] for s in sentences],
        previous.get("sentences", {}),
        progress,
        "sentences",
    )

    build_id = time.strftime("%Y%m%dT%H%M%S") + f"-{time.time_ns() % 10**6:06d}"
    folder = root.new_build(build_id)
    _write_tables(folder, units, chunks, sentences, docs_sha)
    store.save_vectors(folder / "chunks.npy", chunk_vectors)
    store.save_vectors(folder / "sentences.npy", sentence_vectors)
    dense.save(dense.build(chunk_vectors, settings.faiss_index), folder / "dense.faiss")
    LexicalIndex.build([lexical_text(u) for u in units]).save(folder / "lexical")
    acronyms = mine_acronyms(units)
    (folder / "acronyms.json").write_text(
        json.dumps([a.to_record() for a in acronyms.values()], indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    (folder / "documents.json").write_text(
        json.dumps([_document_record(d) for d in corpus.documents], indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    manifest = _manifest(
        settings,
        corpus,
        embedder,
        encoding,
        config,
        build_id,
        int(chunk_vectors.shape[1]),
        Counts(len(corpus.documents), len(units), len(chunks), len(sentences), len(acronyms)),
    )
    # Written last: a folder without it is an unfinished build and is never loaded.
    manifest.write(folder)
    root.publish(folder)
    texts = len(chunks) + len(sentences)
    return BuildReport(
        folder,
        len(corpus.documents),
        len(units),
        len(chunks),
        len(sentences),
        texts - reused_c - reused_s,
        reused_c + reused_s,
        time.perf_counter() - started,
    )


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
    corpus: Corpus,
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
    for doc in corpus.documents:
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


def _write_tables(
    folder: Path,
    units: list[Unit],
    chunks: list[Chunk],
    sentences: list[tuple[str, str, int, int]],
    docs_sha: dict[str, str],
) -> None:
    store.write_jsonl(folder / "units.jsonl", (u.to_record() for u in units))
    store.write_jsonl(
        folder / "chunks.jsonl",
        (
            {
                "doc": c.doc,
                "unit": c.unit,
                "index": c.index,
                "char_start": c.char_start,
                "char_end": c.char_end,
                "tokens": c.tokens,
                "sha256": docs_sha[c.doc],
                "embed_text": c.embed_text,
            }
            for c in chunks
        ),
    )
    store.write_jsonl(
        folder / "sentences.jsonl",
        (
            {"doc": d, "unit": u, "char_start": s, "char_end": e, "sha256": docs_sha[d]}
            for d, u, s, e in sentences
        ),
    )


def _document_record(doc: Document) -> dict:
    record = doc.summary()
    record["contents"] = [{"title": e.title, "page": e.page} for e in doc.contents]
    record["findings"] = [store.finding_record(f) for f in doc.findings]
    return record


def _previous_vectors(
    root: store.IndexRoot, settings: Settings, chunking: dict[str, int]
) -> dict[str, dict]:
    """{"chunks"|"sentences": {(sha256, text): vector}} from the live build, when it fits
    the settings by the same rule loading uses (:meth:`Manifest.mismatch`). Vectors are
    keyed by their exact text, so a chunk cut differently is simply embedded again."""
    folder = root.current()
    if folder is None:
        return {}
    try:
        manifest = Manifest.read(folder)
        if manifest.mismatch(settings.model, settings.encoding, chunking) is not None:
            return {}
        out: dict[str, dict] = {}
        dim = manifest.model.dimension
        units = {(u["doc"], u["unit"]): u["text"] for u in store.read_jsonl(folder / "units.jsonl")}
        chunk_rows = store.read_jsonl(folder / "chunks.jsonl")
        out["chunks"] = dict(
            zip(
                [(r["sha256"], r["embed_text"]) for r in chunk_rows],
                store.load_vectors(folder / "chunks.npy", len(chunk_rows), dim),
                strict=True,
            )
        )
        sentence_rows = store.read_jsonl(folder / "sentences.jsonl")
        out["sentences"] = dict(
            zip(
                [
                    (r["sha256"], units[(r["doc"], r["unit"])][r["char_start"] : r["char_end"]])
                    for r in sentence_rows
                ],
                store.load_vectors(folder / "sentences.npy", len(sentence_rows), dim),
                strict=True,
            )
        )
        return out
    except (store.IndexError_, OSError, KeyError, ValueError):
        return {}  # an unreadable old build only means nothing is reused


def _embed_reusing(
    embedder: Embedder,
    texts: list[str],
    shas: list[str],
    previous: dict,
    progress: bool,
    label: str,
) -> tuple[np.ndarray, int]:
    vectors: list[np.ndarray | None] = [
        previous.get((sha, t)) for sha, t in zip(shas, texts, strict=True)
    ]
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
        "tiktoken",
        "pypdf",
        "pysbd",
    ):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out
