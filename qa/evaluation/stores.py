"""`qa bench --stores`: the index stores side by side on one corpus, in one run.

For each store (:mod:`qa.index.backends`): build time, load time, retrieval and answer
latency p50/p99 over the gold questions, and the gold metrics; then the parity of each
store with the first (same first citation, recall@5 difference) and how Milvus' own
BM25 analyzer would rank against the project's tokeniser (:func:`analyzer_gap`).

Every store is built from the same parsed corpus with the same vectors: the texts are
embedded once, first (``embed_s``), and each store's ``build_s`` is then what the store
adds (chunking, BM25, writing, switching), which is what differs between them.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from qa.evaluation import metrics
from qa.evaluation.evaluate import _relevant, run, summarise
from qa.evaluation.gold import GoldItem, load_gold
from qa.settings import Settings

STORES = ("embedded", "milvus")
BENCH_ALIAS = "qa_bench"  # never the live alias: a bench on a shared Milvus leaves it alone


class CachingEmbedder:
    """The real embedder, remembering every text's vector, so each store gets the same
    vectors and the embedding is paid once."""

    def __init__(self, inner):
        self.inner = inner
        self._cache: dict[str, np.ndarray] = {}

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed(self, texts: list[str], progress: bool = False) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self.inner.embed(missing, progress), strict=True):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, self.inner.dimension), dtype=np.float32)
        return np.vstack([self._cache[t] for t in texts])


def store_settings(settings: Settings, store: str, workdir: Path) -> Settings:
    if store == "embedded":
        return settings.model_copy(update={"index_dir": workdir / "embedded", "milvus_uri": None})
    if store == "milvus":
        uri = settings.milvus_uri or str(workdir / "milvus.db")
        return settings.model_copy(
            update={
                "index_dir": workdir / "milvus-lock",
                "milvus_uri": uri,
                "milvus_collection": BENCH_ALIAS,
            }
        )
    raise ValueError(f"store must be one of {STORES}, got {store!r}")


def compare_stores(
    settings: Settings,
    gold_files: list[Path],
    stores: tuple[str, ...] = STORES,
    repeats: int = 3,
    progress=print,
    model=None,
) -> dict:
    """Build ``settings.corpus_dir`` into each of ``stores`` and measure them on the gold
    questions (``model``: the embedder; the configured model when not given)."""
    from qa.index.backends import open_store
    from qa.index.backends.milvus import MilvusStore
    from qa.index.build import build_index
    from qa.index.embedder import Embedder
    from qa.ingest.corpus import load_corpus
    from qa.pipeline import QAService
    from qa.text.tokens import load_encoding

    gold = load_gold(gold_files)
    questions = [g.question for g in gold]
    workdir = Path(tempfile.mkdtemp(prefix="qa-stores-"))
    out: dict = {"corpus": str(settings.corpus_dir), "questions": len(questions), "stores": {}}
    try:
        started = time.perf_counter()
        corpus = load_corpus(settings.corpus_dir)
        out["parse_s"] = round(time.perf_counter() - started, 2)
        encoding = load_encoding(settings.encoding, settings.encoding_file)
        model = model or Embedder(settings.model, settings.device).warm_up()
        embedder = CachingEmbedder(model)
        progress(f"embedding {settings.corpus_dir} once ...")
        started = time.perf_counter()
        warm = settings.model_copy(update={"index_dir": workdir / "warm", "milvus_uri": None})
        build_index(warm, corpus, embedder, encoding, progress=False)  # type: ignore[arg-type]
        out["embed_s"] = round(time.perf_counter() - started, 2)
        answers: dict[str, list] = {}
        services = {}
        for store in stores:
            local = store_settings(settings, store, workdir)
            progress(f"{store}: build, load, {repeats} x {len(questions)} questions ...")
            started = time.perf_counter()
            report = build_index(local, corpus, embedder, encoding, progress=False)  # type: ignore[arg-type]
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            service = QAService.load(local, embedder=model)
            load_s = time.perf_counter() - started
            service.ask(questions[0])  # warm
            search_ms, ask_ms = [], []
            for _ in range(repeats):
                for q in questions:
                    t = time.perf_counter()
                    service.search(q)
                    search_ms.append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    service.ask(q)
                    ask_ms.append((time.perf_counter() - t) * 1000)
            scored = run(service, gold)
            answers[store] = [s.answer for s in scored]
            services[store] = service
            summary = summarise(scored)
            out["stores"][store] = {
                "where": report.where,
                "documents": report.documents,
                "paragraphs": report.units,
                "chunks": report.chunks,
                "sentences": report.sentences,
                "build_s": round(build_s, 2),
                "load_s": round(load_s, 2),
                "search_p50_ms": round(metrics.percentile(search_ms, 50), 2),
                "search_p99_ms": round(metrics.percentile(search_ms, 99), 2),
                "ask_p50_ms": round(metrics.percentile(ask_ms, 50), 2),
                "ask_p99_ms": round(metrics.percentile(ask_ms, 99), 2),
                "recall@5": _round(summary.get("recall@5")),
                "first_citation": _round(summary.get("first_citation")),
                "answer_hit": _round(summary.get("answer_hit")),
            }
        first = stores[0]
        for store in stores[1:]:
            out["stores"][store]["parity_with_" + first] = parity(
                answers[first], answers[store], out["stores"][first], out["stores"][store]
            )
        if "milvus" in stores:
            progress("BM25: Milvus' own analyzer on raw text against the project's stems ...")
            lite = str(workdir / "analyzer.db")
            out["analyzer"] = analyzer_gap(services[first].index, gold, lite)
            milvus = open_store(store_settings(settings, "milvus", workdir))
            if isinstance(milvus, MilvusStore):
                milvus.remove()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def parity(base: list, other: list, base_row: dict, other_row: dict) -> dict:
    """Same first citation (report and unit, or both none) and the recall@5 difference."""

    def first(answer):
        return (answer.citations[0].doc, answer.citations[0].unit) if answer.citations else None

    same = [first(a) == first(b) for a, b in zip(base, other, strict=True)]
    different = [
        {"question": a.question, "base": first(a), "other": first(b)}
        for a, b, ok in zip(base, other, same, strict=True)
        if not ok
    ]
    return {
        "same_first_citation": round(sum(same) / max(len(same), 1), 4),
        "same_answer": round(
            sum(a.answer == b.answer for a, b in zip(base, other, strict=True)) / max(len(same), 1),
            4,
        ),
        "recall@5_difference": round((other_row["recall@5"] or 0) - (base_row["recall@5"] or 0), 4),
        "different": different,
    }


# Milvus' standard analyzer as Milvus Lite implements it: words (\w+), lower case, no
# stemming, no stop words. A Milvus server's "english" analyzer adds a Snowball stemmer
# and Lucene's English stop words (docs/milvus.md).
RAW_ANALYZER = {"tokenizer": "standard"}


def analyzer_gap(index, gold: list[GoldItem], uri: str, k: int = 5) -> dict:
    """BM25 alone over the same units, two ways: the project's tokeniser (what both stores
    index) and Milvus' standard analyzer on the raw text. Per gold question: the overlap
    of the two top-``k`` lists and each one's recall@k of the gold paragraphs."""
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    from qa.index.lexical import lexical_text

    client = MilvusClient(uri)
    name = "analyzer_gap"
    if client.has_collection(name):
        client.drop_collection(name)
    schema = client.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field(
        "text",
        DataType.VARCHAR,
        max_length=65_535,
        enable_analyzer=True,
        analyzer_params=RAW_ANALYZER,
    )
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(
        Function(
            name="bm25",
            function_type=FunctionType.BM25,
            input_field_names=["text"],
            output_field_names=["sparse"],
        )
    )
    params = client.prepare_index_params()
    params.add_index(
        field_name="sparse",
        index_type="SPARSE_INVERTED_INDEX",
        metric_type="BM25",
        params={"bm25_k1": 1.5, "bm25_b": 0.75},
    )
    client.create_collection(name, schema=schema, index_params=params)
    rows = [{"row": i, "text": lexical_text(u)} for i, u in enumerate(index.units)]
    for start in range(0, len(rows), 256):
        client.insert(name, rows[start : start + 256])
    client.flush(name)
    overlap, recall_ours, recall_raw = [], [], []
    for item in gold:
        ours = sorted(index.lexical.top(item.question, k).items(), key=lambda r: -r[1])
        ours_rows = [row for row, _ in ours]
        hits = client.search(
            name,
            data=[item.question],
            anns_field="sparse",
            limit=k,
            search_params={"metric_type": "BM25"},
            output_fields=["row"],
        )[0]
        raw_rows = [int(h["entity"]["row"]) for h in hits]
        overlap.append(len(set(ours_rows) & set(raw_rows)) / k)
        relevant = _relevant(item)
        if relevant:

            def key(row: int, item: GoldItem = item):
                unit = index.units[row]
                return (unit.doc, unit.paragraph) if item.doc is not None else unit.paragraph

            recall_ours.append(float(any(key(r) in relevant for r in ours_rows)))
            recall_raw.append(float(any(key(r) in relevant for r in raw_rows)))
    client.drop_collection(name)
    client.close()
    return {
        "analyzer": RAW_ANALYZER,
        f"top{k}_overlap": round(float(np.mean(overlap)), 4) if overlap else None,
        f"bm25_recall@{k}_project_stems": round(float(np.mean(recall_ours)), 4)
        if recall_ours
        else None,
        f"bm25_recall@{k}_milvus_raw_text": round(float(np.mean(recall_raw)), 4)
        if recall_raw
        else None,
        "questions": len(overlap),
    }


def markdown(report: dict) -> str:
    rows = report["stores"]
    lines = [
        f"Corpus `{report['corpus']}`: parsed in {report['parse_s']} s, embedded once in "
        f"{report['embed_s']} s; {report['questions']} gold questions.",
        "",
        "| store | paragraphs | build s | load s | search p50 / p99 ms | ask p50 / p99 ms "
        "| recall@5 | first citation | answer hit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['paragraphs']} | {r['build_s']} | {r['load_s']} "
            f"| {r['search_p50_ms']} / {r['search_p99_ms']} | {r['ask_p50_ms']} / "
            f"{r['ask_p99_ms']} | {r['recall@5']} | {r['first_citation']} "
            f"| {r['answer_hit']} |"
        )
    for name, r in rows.items():
        for key, p in r.items():
            if key.startswith("parity_with_"):
                lines += [
                    "",
                    f"{name} against {key.removeprefix('parity_with_')}: same first citation "
                    f"{p['same_first_citation']:.1%}, same answer {p['same_answer']:.1%}, "
                    f"recall@5 difference {p['recall@5_difference']:+.4f}.",
                ]
    if "analyzer" in report:
        a = report["analyzer"]
        lines += [
            "",
            f"BM25 alone, Milvus analyzer {a['analyzer']} on raw text vs the project's "
            f"stems: {', '.join(f'{k} {v}' for k, v in a.items() if k != 'analyzer')}.",
        ]
    return "\n".join(lines) + "\n"
