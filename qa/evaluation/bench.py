"""`qa bench`: latency, throughput, build cost and scaling, measured in one run on this
machine, with a naive baseline measured in the same run so that ratios mean something.

Sections (each a function returning plain dicts): :func:`bench_build` (a cold `qa build`
in a child process), :func:`bench_in_process` (encode / retrieve / answer, per stage),
:func:`bench_backends` (query encoding through torch, ONNX and ONNX int8, each with its
gold-set quality), :func:`bench_baseline` (the tutorial pipeline of :mod:`qa.evaluation.naive`, with
its quality), :func:`bench_http` (`qa serve` in a child process, 1/8/32 concurrent
clients) and
:func:`bench_scaling` (FAISS exact vs HNSW on synthetic corpora of 10 to 1,000 copies of
the corpus, reusing its vectors).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.errors import QAError
from qa.evaluation import metrics
from qa.evaluation.gold import GoldError, GoldItem, only_about
from qa.evaluation.loadtest import child_env, running_server, while_building
from qa.index import dense
from qa.settings import Settings


def _stats(ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(metrics.percentile(ms, 50), 3),
        "p95": round(metrics.percentile(ms, 95), 3),
        "p99": round(metrics.percentile(ms, 99), 3),
        "mean": round(float(np.mean(ms)) if ms else 0.0, 3),
        "n": len(ms),
    }


def _timed(fn: Callable, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - started) * 1000


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- build -------------------------------------------------------------------------------


def bench_build(settings: Settings, index_dir: Path) -> dict:
    """A cold build in a child process: model load included, as a user's first run."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "build", "--quiet"],
            env=child_env(settings, index_dir),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
        # wait4: this child's own peak, not the largest of every child so far (a second
        # build in the same run would otherwise report the first one's peak).
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        if child.returncode != 0:
            stderr.seek(0)
            raise RuntimeError(f"qa build failed: {stderr.read().decode(errors='replace')}")
    peak_kb = usage.ru_maxrss  # KiB on Linux
    manifest = json.loads(next((index_dir / "builds").glob("*/manifest.json")).read_text())
    units = manifest["counts"]["units"]
    return {
        "build_s": round(seconds, 2),
        # CPU seconds the build itself used: on a shared machine, where wall time depends
        # on what else runs (a build runs at nice 10), the steadier figure.
        "build_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "units": units,
        "chunks": manifest["counts"]["chunks"],
        "paragraphs_per_s": round(units / seconds, 1),
        "index_bytes": folder_size(index_dir),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }


# -- bulk embedding ------------------------------------------------------------------------


def build_texts(settings: Settings, embedder, corpus_dir: Path) -> list[str]:
    """Every text a build of ``corpus_dir`` embeds (chunks with header, then sentences),
    as the build cuts them (:func:`qa.index.build.part_texts`)."""
    from qa.index.build import part_texts
    from qa.index.chunker import ChunkingConfig
    from qa.ingest.corpus import load_corpus
    from qa.text.tokens import load_encoding

    corpus = load_corpus(corpus_dir, max_bytes=settings.max_file_bytes)
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap)
    encoding = load_encoding(settings.encoding, settings.encoding_file)
    texts = part_texts(corpus.documents, embedder, encoding, config)
    return texts.chunk_texts + texts.sentence_texts


def bench_bulk_embedding(settings: Settings, embedder, texts: list[str], sample: int,
                         rounds: int) -> dict:  # fmt: skip
    """Today's torch path (``Embedder.embed``, batches of 64) against the configured bulk
    backend (:mod:`qa.index.bulk`) on the same texts, alternated ``rounds`` times in this
    process, best round of each: texts/s, the ratio, and how far the vectors differ.

    ``sample`` evenly spaced texts stand for the build's texts (chunks and sentences in
    their proportions, repeats included) when a full pass through torch would take long.
    """
    from qa.index.bulk import bulk_embedder, unique_texts
    from qa.runtime import configured_threads

    step = max(1, -(-len(texts) // sample))
    chosen = texts[::step]
    bulk = bulk_embedder(embedder, settings.embed_backend, settings.data_dir / "onnx")
    bulk.embed(chosen[:8])  # the export, session and kernels warmed outside the timing
    times: dict[str, list[float]] = {"torch": [], "new": []}
    torch_vectors = new_vectors = np.zeros((0, 0), dtype=np.float32)
    for _ in range(rounds):
        started = time.perf_counter()
        torch_vectors = embedder.embed(chosen)
        times["torch"].append(time.perf_counter() - started)
        started = time.perf_counter()
        new_vectors = bulk.embed(chosen)
        times["new"].append(time.perf_counter() - started)
    cosine = np.sum(torch_vectors * new_vectors, axis=1)
    torch_rate = len(chosen) / min(times["torch"])
    new_rate = len(chosen) / min(times["new"])
    return {
        "backend": bulk.backend,
        "note": bulk.note,
        "build_texts": len(texts),
        "texts": len(chosen),
        "distinct_texts": len(unique_texts(chosen)[0]),
        "rounds": rounds,
        "threads": {"torch": _torch_threads(), "onnxruntime": configured_threads()},
        "torch_texts_per_s": round(torch_rate, 1),
        "new_texts_per_s": round(new_rate, 1),
        "speedup": round(new_rate / torch_rate, 2),
        "max_abs_cosine_minus_1": float(f"{float(np.max(np.abs(cosine - 1))):.2e}"),
        "seconds": {k: [round(t, 2) for t in v] for k, v in times.items()},
    }


# -- in process --------------------------------------------------------------------------


def bench_in_process(service, questions: list[str], repeats: int) -> dict:
    for q in questions[:5]:  # warm caches and lazy imports
        service.ask(q)
    encode, retrieve, ask = [], [], []
    stages: dict[str, list[float]] = {}
    for _ in range(repeats):
        for q in questions:
            encode.append(_timed(service.embedder.embed, [q]))
            retrieve.append(_timed(service.retriever.search, q, 5))
            answer = service.ask(q)
            ask.append(answer.took_ms)
            for stage, ms in answer.timings.items():
                stages.setdefault(stage, []).append(ms)
    encode_p50 = metrics.percentile(encode, 50)
    ask_p50 = metrics.percentile(ask, 50)
    return {
        "encode_p50_ms": round(encode_p50, 3),
        "retrieval_p50_ms": round(metrics.percentile(retrieve, 50), 3),
        "ask_p50_ms": round(ask_p50, 3),
        "encode": _stats(encode),
        "retrieval": _stats(retrieve),
        "ask": _stats(ask),
        "stages_p50_ms": {s: round(metrics.percentile(v, 50), 3) for s, v in stages.items()},
        "ask_over_encode": round(ask_p50 / encode_p50, 2) if encode_p50 else None,
        "torch_threads": _torch_threads(),
    }


def _torch_threads() -> int | None:
    try:
        import torch

        return torch.get_num_threads()
    except ImportError:  # pragma: no cover
        return None


# -- the real corpus against the single report -------------------------------------------


def bench_queries(service, questions: list[str], repeats: int) -> dict:
    """Answer-path latency (``took_ms``) over ``questions``, after a few warm-up asks."""
    for q in questions[:5]:
        service.ask(q)
    return _stats([service.ask(q).took_ms for _ in range(repeats) for q in questions])


def real_workload(
    real_dir: Path, docs: set[str], items: list[GoldItem], files: list[Path]
) -> list[str]:
    """The questions of ``items`` about the reports ``docs`` of ``real_dir``; an error that
    names the folder and the gold files when none is (the workload would be empty)."""
    try:
        return [g.question for g in only_about(items, docs)]
    except GoldError as exc:
        names = ", ".join(map(str, files))
        raise QAError(
            f"no question of --real-gold {names} is about a report in {real_dir}: "
            "give --real-gold a gold file with questions about those reports"
        ) from exc


def run_real_corpus(
    settings: Settings,
    real_dir: Path,
    seed_gold: list[Path],
    real_gold: list[Path],
    quick: bool,
    progress=print,
) -> dict:
    """The configured (single-report) corpus and ``real_dir``, each built cold in a child
    process and asked its own gold questions in this process: build time, index size,
    peak memory, answer p50/p99 of each, the ratios, and the bulk-embedding comparison on
    the real corpus's texts."""
    from qa.evaluation.gold import load_gold
    from qa.pipeline import QAService
    from qa.runtime import set_threads

    # torch and ONNX Runtime with the same thread count (QA_THREADS), as `qa build` runs.
    threads = set_threads(settings.threads)
    seed_questions = [g.question for g in load_gold(seed_gold)]
    # Only the questions about reports in ``real_dir`` (qa eval --only-docs' rule): one
    # about a council the folder lacks is answered "no report" before any encoding.
    docs = {p.stem for p in real_dir.iterdir() if p.is_file()}
    real_questions = real_workload(real_dir, docs, load_gold(real_gold), real_gold)
    real = settings.model_copy(update={"corpus_dir": real_dir})
    repeats = 1 if quick else 3
    workdir = Path(tempfile.mkdtemp(prefix="qa-bench-real-"))
    try:
        progress(f"single report: cold `qa build` of {settings.corpus_dir} ...")
        seed_build = bench_build(settings, workdir / "seed")
        progress(f"real corpus: cold `qa build` of {real_dir} ...")
        real_build = bench_build(real, workdir / "real")
        seed_service = QAService.load(settings.model_copy(update={"index_dir": workdir / "seed"}))
        embedder = seed_service.embedder
        real_service = QAService.load(
            real.model_copy(update={"index_dir": workdir / "real"}), embedder=embedder
        )
        progress("queries: each corpus asked its own gold questions ...")
        seed_q = bench_queries(seed_service, seed_questions, repeats)
        real_q = bench_queries(real_service, real_questions, repeats)
        progress("bulk embedding: the real corpus's texts through torch and the bulk backend ...")
        texts = build_texts(real, embedder, real_dir)
        bulk = bench_bulk_embedding(real, embedder, texts, 300 if quick else 1000, 2)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "machine": _machine(),
        "quick": quick,
        "threads": threads,
        "single": {"corpus": str(settings.corpus_dir), "build": seed_build, "ask": seed_q,
                   "questions": len(seed_questions)},
        "real": {"corpus": str(real_dir), "build": real_build, "ask": real_q,
                 "questions": len(real_questions),
                 "documents": len(list(real_dir.glob("*.pdf")))},
        "p50_ratio": round(real_q["p50"] / seed_q["p50"], 2),
        "p99_ratio": round(real_q["p99"] / seed_q["p99"], 2),
        "bulk_embedding": bulk,
    }  # fmt: skip
    report["targets"] = {
        "real_corpus_p50_within_2x_single_report": {
            "value": f"{report['p50_ratio']}x ({real_q['p50']:.1f} vs {seed_q['p50']:.1f} ms)",
            "met": report["p50_ratio"] <= 2,
        },
        "bulk_embedding_3x_torch_same_vectors": {
            "value": f"{bulk['speedup']}x, max abs(cosine - 1) {bulk['max_abs_cosine_minus_1']}",
            "met": bulk["speedup"] >= 3 and bulk["max_abs_cosine_minus_1"] <= 1e-4,
        },
    }
    return report


def real_markdown(r: dict) -> str:
    lines = [
        "| corpus | build | index on disk | build peak RSS | questions | answer p50 | answer p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("single", "real"):
        row = r[name]
        lines.append(
            f"| {name}: {row['corpus']} | {row['build']['build_s']:.1f} s, "
            f"{row['build'].get('build_cpu_s', 0):.1f} CPU s ({row['build']['units']} "
            f"paragraphs) | {row['build']['index_bytes'] / 1e6:.1f} MB "
            f"| {row['build']['peak_rss_mb']} MB | {row['questions']} "
            f"| {row['ask']['p50']:.2f} ms | {row['ask']['p99']:.2f} ms |"
        )
    build_ratio = r["real"]["build"]["build_s"] / r["single"]["build"]["build_s"]
    lines += [
        f"| ratio real / single | {build_ratio:.1f}x | | | | {r['p50_ratio']}x "
        f"| {r['p99_ratio']}x |",
        "",
        "| measure | value |",
        "|---|---|",
        _bulk_row(r["bulk_embedding"]),
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]  # fmt: skip
    for name, t in r["targets"].items():
        lines.append(f"| {name} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


# -- query encoding backends ---------------------------------------------------------------


def bench_backends(service, gold, repeats: int) -> dict:
    """Query encoding through torch, ONNX float32 and ONNX int8: speed and gold quality.

    Each backend answers the whole gold set through the same answer path, so the table
    shows what a faster encoder costs in recall, answers and abstention. A backend is
    called "holds" when none of the gated metrics falls more than 0.01 below torch's.
    """
    from qa.evaluation.evaluate import GATED, run, summarise
    from qa.index.onnxquery import BACKENDS
    from qa.retrieval.retriever import HybridRetriever

    questions = [g.question for g in gold]
    reference = service.embedder.embed(questions)  # torch: the vectors paragraphs were made with
    rows: dict[str, dict] = {}
    for backend in BACKENDS:
        try:
            embedder = service.embedder.with_query_backend(backend)
        except QAError as exc:  # onnxruntime not installed, or a model it cannot export
            rows[backend] = {"skipped": str(exc)}
            continue
        variant = replace(
            service,
            embedder=embedder,
            retriever=HybridRetriever(service.index, embedder, service.retriever.config),
        )
        for q in questions[:5]:
            variant.ask(q)
        encode = [_timed(embedder.encode_queries, [q]) for _ in range(repeats) for q in questions]
        ask = [variant.ask(q).took_ms for _ in range(repeats) for q in questions]
        cosine = np.sum(embedder.encode_queries(questions) * reference, axis=1)
        summary = summarise(run(variant, gold))
        rows[backend] = {
            "encode_p50_ms": round(metrics.percentile(encode, 50), 3),
            "ask_p50_ms": round(metrics.percentile(ask, 50), 3),
            "cosine_to_torch_mean": round(float(cosine.mean()), 4),
            "cosine_to_torch_min": round(float(cosine.min()), 4),
            **{m: round(summary[m], 3) for m in ("recall@5", "mrr@10", "answer_hit", "abstain_f1")},
        }
    torch_row = rows["torch"]
    for row in rows.values():
        if "skipped" not in row:
            row["encode_speedup"] = round(torch_row["encode_p50_ms"] / row["encode_p50_ms"], 2)
            row["quality_holds"] = all(row[m] >= torch_row[m] - 0.01 for m in GATED)
    return rows


# -- naive baseline ------------------------------------------------------------------------


def bench_baseline(service, gold, repeats: int) -> dict:
    """The tutorial pipeline's latency and quality, and ours on the same questions."""
    from qa.evaluation.naive import NaivePipeline

    naive = NaivePipeline(service.index.units, service.embedder)
    questions = [g.question for g in gold]
    for q in questions[:5]:
        naive.ask(q)
    times = [_timed(naive.ask, q) for _ in range(repeats) for q in questions]
    quality = {"naive": _quality(gold, naive.ask), "ours": _quality(gold, _ours(service))}
    return {"baseline_ask_p50_ms": round(metrics.percentile(times, 50), 3),
            "baseline_ask": _stats(times), "quality": quality}  # fmt: skip


def _ours(service):
    def ask(question):
        a = service.ask(question)
        units = [service.index.units[service.index.unit_rows[(p.doc, p.unit)]] for p in a.passages]
        return ("" if a.abstained else a.answer), units

    return ask


def _quality(gold, ask) -> dict:
    recall, hits = [], []
    for item in gold:
        if not item.answerable:
            continue
        answer, units = ask(item.question)
        if item.paragraphs:
            ranked = [u.paragraph for u in units]
            recall.append(metrics.recall_at(ranked, set(item.paragraphs), 5))
        hits.append(metrics.answer_hit(answer, item.answers))
    return {
        "recall@5": round(float(np.mean(recall)), 3) if recall else None,
        "answer_hit": round(float(np.mean(hits)), 3) if hits else None,
        "questions": len(hits),
    }


# -- HTTP ------------------------------------------------------------------------------------


def bench_http(settings: Settings, index_dir: Path, questions: list[str], quick: bool) -> dict:
    import httpx

    with running_server(settings, index_dir, ready_s=180) as server:
        for q in questions[:5]:
            httpx.post(f"{server.url}/v1/ask", json={"question": q}, timeout=30)
        levels = {}
        for clients in (1, 8, 32):
            total = (60 if quick else 200) if clients == 1 else (160 if quick else 640)
            levels[str(clients)] = _load(server.url, questions, clients, total)
    return {
        "http_ask_p50_ms": levels["1"]["latency"]["p50"],
        "http_rps": levels["8"]["rps"],
        "http_errors": sum(level["errors"] for level in levels.values()),
        "levels": levels,
    }


def _load(url: str, questions: list[str], clients: int, total: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def client():
        nonlocal errors
        with httpx.Client(timeout=60) as http:
            for i in counter:  # shared iterator: the clients split the requests
                q = questions[i % len(questions)]
                t = time.perf_counter()
                try:
                    ok = http.post(f"{url}/v1/ask", json={"question": q}).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(ms)
                    errors += 0 if ok else 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return {"clients": clients, "requests": total, "errors": errors,
            "rps": round(total / elapsed, 1), "latency": _stats(latencies)}  # fmt: skip


# -- scaling ---------------------------------------------------------------------------------


def synthetic_index(index, copies: int, noise: float, rng, kind: str):
    """``index`` repeated as ``copies`` distinct documents, for search-cost measurements.

    Each copy's chunk vectors are the originals plus Gaussian noise (renormalised): with
    ``noise`` = 0.05 a chunk and its copy have cosine about 0.5, like paragraphs on the
    same topic in two different reports, rather than exact duplicates (which no real
    corpus has and which no approximate index can rank among). Units are copied under new
    document ids, so BM25 sees ``copies`` times the text.
    """
    from dataclasses import replace as copy_with

    from qa.index.backends.embedded import FaissChunks
    from qa.index.lexical import LexicalIndex
    from qa.index.searchindex import SearchIndex

    base = chunk_vectors(index)
    vectors = np.repeat(base[None, :, :], copies, axis=0).reshape(-1, base.shape[1])
    vectors = vectors + rng.normal(0, noise, vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    units = [copy_with(u, doc=f"{u.doc}-copy{c:04d}") for c in range(copies) for u in index.units]
    n_units = len(index.units)
    chunk_unit = np.concatenate([index.chunk_unit + c * n_units for c in range(copies)])
    from qa.index.lexical import lexical_text

    return SearchIndex(
        folder=index.folder,
        location=f"{index.location} x {copies}",
        manifest=index.manifest,
        units=units,
        unit_rows={(u.doc, u.unit): i for i, u in enumerate(units)},
        chunk_unit=chunk_unit,
        dense=FaissChunks(dense.build(vectors, kind), vectors, chunk_unit),
        sentence_unit=index.sentence_unit,
        sentence_spans=index.sentence_spans,
        sentence_vectors=index.sentence_vectors,
        lexical=LexicalIndex.build([lexical_text(u) for u in units]),
        acronyms=index.acronyms,
        documents={},
    )


def chunk_vectors(index) -> np.ndarray:
    """The chunk vectors of an embedded-store index (the scaling bench copies them)."""
    from qa.index.backends.embedded import FaissChunks

    if not isinstance(index.dense, FaissChunks):
        raise QAError("the scaling bench needs the embedded store's vectors")
    return index.dense.vectors


def faiss_of(index):
    return index.dense.faiss


def bench_scaling(service, questions: list[str], sizes: list[int], seed: int = 0) -> dict:
    """Retrieval cost as the corpus grows, for the exact and the approximate FAISS index.

    Per size and index type: the dense search alone (FAISS, depth 150 as the retriever
    asks) and the whole retrieval step (query encoding, FAISS, BM25, fusion), p50 over
    real questions; the HNSW index's recall@10 against exact search; index bytes.
    """
    import faiss

    from qa.retrieval.retriever import HybridRetriever

    rng = np.random.default_rng(seed)
    queries = questions[:40]
    vectors = service.embedder.embed(queries)
    rows = []
    for n in sizes:
        row: dict = {"documents": n, "paragraphs": n * len(service.index.units)}
        started = time.perf_counter()
        synthetic = synthetic_index(service.index, n, 0.05, rng, "flat")
        setup_s = time.perf_counter() - started
        exact: list[np.ndarray] = []
        for kind in ("flat", "hnsw"):
            if kind == "hnsw":  # the same vectors, so recall against exact is meaningful
                started = time.perf_counter()
                from qa.index.backends.embedded import FaissChunks

                vectors_ = chunk_vectors(synthetic)
                synthetic = replace(
                    synthetic,
                    dense=FaissChunks(dense.build(vectors_, kind), vectors_, synthetic.chunk_unit),
                )
                setup_s = time.perf_counter() - started
            dense_ms, found = [], []
            for v in vectors:
                t = time.perf_counter()
                _, ids = dense.search(faiss_of(synthetic), v, 150)
                dense_ms.append((time.perf_counter() - t) * 1000)
                found.append(ids[:10])
            if kind == "flat":
                exact = found
            retriever = HybridRetriever(synthetic, service.embedder, service.retriever.config)
            retriever.search(queries[0], k=5)  # warm
            search_ms = [_timed(retriever.search, q, 5) for q in queries]
            recall = [len(set(a) & set(b)) / 10 for a, b in zip(found, exact, strict=True)]
            row[kind] = {
                "dense_p50_ms": round(metrics.percentile(dense_ms, 50), 3),
                "search_p50_ms": round(metrics.percentile(search_ms, 50), 3),
                "search_p95_ms": round(metrics.percentile(search_ms, 95), 3),
                "recall@10_vs_exact": round(float(np.mean(recall)), 4),
                "bytes": int(faiss.serialize_index(faiss_of(synthetic)).nbytes),
                "setup_s": round(setup_s, 1),
            }
        del synthetic, retriever
        rows.append(row)
    first, last = rows[0], rows[-1]
    return {
        "rows": rows,
        "hnsw_slowdown": round(last["hnsw"]["search_p50_ms"] / first["hnsw"]["search_p50_ms"], 2),
        "flat_slowdown": round(last["flat"]["search_p50_ms"] / first["flat"]["search_p50_ms"], 2),
        "hnsw_dense_slowdown": round(
            last["hnsw"]["dense_p50_ms"] / first["hnsw"]["dense_p50_ms"], 2
        ),
        "hnsw_recall@10_at_largest": last["hnsw"]["recall@10_vs_exact"],
    }


# -- the whole run ---------------------------------------------------------------------------


def run_bench(settings: Settings, gold_files: list[Path], quick: bool, progress=print) -> dict:
    from qa.evaluation.gold import load_gold
    from qa.pipeline import QAService

    gold = load_gold(gold_files)
    questions = [g.question for g in gold]
    repeats = 1 if quick else 3
    workdir = Path(tempfile.mkdtemp(prefix="qa-bench-"))
    try:
        index_dir = workdir / "index"
        progress("build: cold `qa build` in a child process ...")
        build = bench_build(settings, index_dir)
        local = settings.model_copy(update={"index_dir": index_dir})
        service = QAService.load(local)
        progress("bulk embedding: the build's texts through torch and the bulk backend ...")
        texts = build_texts(settings, service.embedder, settings.corpus_dir)
        bulk = bench_bulk_embedding(
            settings, service.embedder, texts, 200 if quick else 1000, 1 if quick else 2
        )
        progress("in process: encode, retrieve, answer ...")
        in_process = bench_in_process(service, questions, repeats)
        progress("baseline: rank_bm25 + numpy cosine + sentences encoded per question ...")
        baseline = bench_baseline(service, gold, repeats)
        progress("query encoding: torch vs ONNX float32 vs ONNX int8, with gold quality ...")
        backends = bench_backends(service, gold, repeats)
        progress("http: qa serve with 1, 8 and 32 clients ...")
        http = bench_http(settings, index_dir, questions, quick)
        progress("serving while building: answers idle, then beside a `qa build` ...")
        beside = while_building(settings, index_dir, questions, 30 if quick else 60)
        sizes = [1, 10, 100] if quick else [1, 10, 100, 1000]
        progress(f"scaling: FAISS flat vs HNSW at {sizes} copies of the corpus ...")
        scaling = bench_scaling(service, questions, sizes)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = {
        "machine": _machine(),
        "quick": quick,
        "questions": len(questions),
        **{k: v for k, v in in_process.items()},
        "baseline_ask_p50_ms": baseline["baseline_ask_p50_ms"],
        "speedup_vs_baseline": round(baseline["baseline_ask_p50_ms"] / in_process["ask_p50_ms"], 2),
        "http_ask_p50_ms": http["http_ask_p50_ms"],
        "http_rps": http["http_rps"],
        "http_errors": http["http_errors"],
        "build_s": build["build_s"],
        "build": build,
        "bulk_embedding": bulk,
        "bulk_embedding_speedup": bulk["speedup"],
        "baseline": baseline,
        "backends": backends,
        **{
            f"{name.replace('-', '_')}_encode_p50_ms": row["encode_p50_ms"]
            for name, row in backends.items()
            if name != "torch" and "skipped" not in row
        },
        "http": http,
        "while_building": beside,
        "scaling": scaling,
    }
    report["targets"] = targets(report)
    return report


def targets(r: dict) -> dict[str, dict]:
    quality = r["baseline"]["quality"]
    levels = r["http"]["levels"]
    largest = r["scaling"]["rows"][-1]
    return {
        "ask_within_2x_encode_plus_2ms": {
            "value": f"{r['ask_p50_ms']:.2f} ms vs 2 x {r['encode_p50_ms']:.2f} + 2 ms",
            "met": r["ask_p50_ms"] <= 2 * r["encode_p50_ms"] + 2,
        },
        "3x_faster_than_baseline_at_equal_quality": {
            "value": f"{r['speedup_vs_baseline']:.1f}x; answer hit {quality['ours']['answer_hit']}"
            f" vs {quality['naive']['answer_hit']}, recall@5 {quality['ours']['recall@5']} vs "
            f"{quality['naive']['recall@5']}",
            "met": r["speedup_vs_baseline"] >= 3
            and quality["ours"]["answer_hit"] >= quality["naive"]["answer_hit"]
            and quality["ours"]["recall@5"] >= quality["naive"]["recall@5"],
        },
        "answers_while_building_p50_within_3x_idle": {
            "value": f"{r['while_building']['p50_ratio']}x "
            f"(p99 {r['while_building']['p99_ratio']}x)",
            "met": (r["while_building"]["p50_ratio"] or 99) <= 3,
        },
        "bulk_embedding_3x_torch_same_vectors": {
            "value": f"{r['bulk_embedding']['speedup']}x "
            f"({r['bulk_embedding']['backend']}: {r['bulk_embedding']['new_texts_per_s']} vs "
            f"torch {r['bulk_embedding']['torch_texts_per_s']} texts/s), max |cosine - 1| "
            f"{r['bulk_embedding']['max_abs_cosine_minus_1']}",
            "met": r["bulk_embedding"]["speedup"] >= 3
            and r["bulk_embedding"]["max_abs_cosine_minus_1"] <= 1e-4,
        },
        "no_errors_at_32_clients": {"value": r["http_errors"], "met": r["http_errors"] == 0},
        "throughput_rises_1_to_8_clients": {
            "value": f"{levels['1']['rps']} -> {levels['8']['rps']} req/s",
            "met": levels["8"]["rps"] >= levels["1"]["rps"],
        },
        "hnsw_search_within_2x_at_largest": {
            "value": f"retrieval {r['scaling']['hnsw_slowdown']}x (FAISS alone "
            f"{r['scaling']['hnsw_dense_slowdown']}x) at {largest['paragraphs']} paragraphs",
            "met": r["scaling"]["hnsw_slowdown"] <= 2,
        },
        "hnsw_recall@10_at_least_0.98": {
            "value": largest["hnsw"]["recall@10_vs_exact"],
            "met": largest["hnsw"]["recall@10_vs_exact"] >= 0.98,
        },
    }


def _machine() -> dict:
    import platform

    return {"python": platform.python_version(), "cpus": os.cpu_count(),
            "platform": platform.platform()}  # fmt: skip


def markdown(report: dict) -> str:
    r = report
    lines = [
        "| measure | value |",
        "|---|---|",
        f"| query encoding p50 (`encode_p50_ms`) | {r['encode_p50_ms']:.2f} ms |",
        f"| retrieval p50 (encode + dense + BM25 + fusion) | {r['retrieval_p50_ms']:.2f} ms |",
        f"| full answer path p50 (`ask_p50_ms`) | {r['ask_p50_ms']:.2f} ms |",
        *[f"| &nbsp; stage `{s}` p50 | {v:.2f} ms |" for s, v in r["stages_p50_ms"].items()],
        f"| naive baseline p50 (`baseline_ask_p50_ms`) | {r['baseline_ask_p50_ms']:.2f} ms "
        f"({r['speedup_vs_baseline']:.1f}x slower) |",
        f"| HTTP p50, 1 client (`http_ask_p50_ms`) | {r['http_ask_p50_ms']:.2f} ms |",
        *[
            f"| HTTP {c} clients | {v['rps']} req/s, p50 {v['latency']['p50']:.1f} ms, "
            f"p95 {v['latency']['p95']:.1f} ms, p99 {v['latency']['p99']:.1f} ms, "
            f"{v['errors']} errors |"
            for c, v in r["http"]["levels"].items()
        ],
        f"| HTTP p50 / p99 while a build runs beside the server | "
        f"{r['while_building']['building']['p50']:.1f} / "
        f"{r['while_building']['building']['p99']:.1f} ms "
        f"({r['while_building']['p50_ratio']}x / {r['while_building']['p99_ratio']}x idle) |",
        f"| cold build (`build_s`, model load included) | {r['build_s']:.1f} s "
        f"({r['build']['paragraphs_per_s']} paragraphs/s), "
        f"index {r['build']['index_bytes'] / 1e6:.1f} MB, "
        f"peak RSS {r['build']['peak_rss_mb']} MB |",
        _bulk_row(r["bulk_embedding"]),
    ]
    q = r["baseline"]["quality"]
    lines += [
        "",
        "| pipeline | recall@5 | answer hit |",
        "|---|---|---|",
        f"| ours | {q['ours']['recall@5']} | {q['ours']['answer_hit']} |",
        f"| naive baseline | {q['naive']['recall@5']} | {q['naive']['answer_hit']} |",
        "",
        "| query backend | encode p50 | speed-up | ask p50 | cosine to torch (min) | recall@5 "
        "| MRR@10 | answer hit | abstain F1 | quality holds |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {name} | skipped: {row['skipped']} |"
            if "skipped" in row
            else f"| {name} | {row['encode_p50_ms']:.2f} ms | {row['encode_speedup']:.2f}x "
            f"| {row['ask_p50_ms']:.2f} ms | {row['cosine_to_torch_mean']} "
            f"({row['cosine_to_torch_min']}) | {row['recall@5']} | {row['mrr@10']} "
            f"| {row['answer_hit']} | {row['abstain_f1']} "
            f"| {'yes' if row['quality_holds'] else '**no**'} |"
            for name, row in r.get("backends", {}).items()
        ],
        "",
        "| documents | paragraphs | search p50, flat | search p50, HNSW | FAISS alone, flat "
        "| FAISS alone, HNSW | HNSW recall@10 | flat MB | HNSW MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in r["scaling"]["rows"]:
        lines.append(
            f"| {row['documents']} | {row['paragraphs']} | {row['flat']['search_p50_ms']:.2f} ms "
            f"| {row['hnsw']['search_p50_ms']:.2f} ms | {row['flat']['dense_p50_ms']:.3f} ms "
            f"| {row['hnsw']['dense_p50_ms']:.3f} ms | {row['hnsw']['recall@10_vs_exact']} "
            f"| {row['flat']['bytes'] / 1e6:.1f} | {row['hnsw']['bytes'] / 1e6:.1f} |"
        )
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for name, t in r["targets"].items():
        lines.append(f"| {name} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def _bulk_row(b: dict) -> str:
    return (
        f"| bulk embedding, {b['texts']} of the build's {b['build_texts']} texts "
        f"(`bulk_embedding_speedup`) | {b['backend']} {b['new_texts_per_s']} texts/s vs torch "
        f"{b['torch_texts_per_s']} texts/s: {b['speedup']}x, max abs(cosine - 1) "
        f"{b['max_abs_cosine_minus_1']} |"
    )


def plot_scaling(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = report["scaling"]["rows"]
    xs = [row["paragraphs"] for row in rows]
    fig, ax = plt.subplots(figsize=(6.5, 4), dpi=110)
    for kind, label in (("flat", "exact (IndexFlatIP)"), ("hnsw", "approximate (HNSW, M=32)")):
        ax.plot(xs, [row[kind]["search_p50_ms"] for row in rows], marker="o",
                label=f"retrieval step, {label}")  # fmt: skip
        ax.plot(xs, [row[kind]["dense_p50_ms"] for row in rows], marker="s", linestyle="--",
                label=f"FAISS alone, {label}")  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("paragraphs in the index")
    ax.set_ylabel("p50 latency (ms)")
    ax.set_title("Search latency against corpus size")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
