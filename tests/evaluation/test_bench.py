"""`qa bench`: it runs, reports every promised figure, and its pieces measure what they
say. No timing thresholds here (machines differ): the figures are printed by the bench
itself, with ratios against a baseline measured in the same run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def test_naive_baseline_answers_from_its_top_paragraphs(service):
    from qa.evaluation.naive import NaivePipeline

    naive = NaivePipeline(service.index.units, service.embedder)
    answer, ranked = naive.ask("How many maintained schools are there in Lancashire?")
    assert len(ranked) == 5
    assert answer and any(answer in u.text for u in ranked[:3])


def test_synthetic_index_repeats_the_corpus_as_distinct_documents(service):
    from qa.evaluation.bench import chunk_vectors, synthetic_index

    rng = np.random.default_rng(0)
    synthetic = synthetic_index(service.index, 3, 0.05, rng, "flat")
    n = len(service.index.units)
    base, copied = chunk_vectors(service.index), chunk_vectors(synthetic)
    assert len(synthetic.units) == 3 * n and synthetic.dense.faiss.ntotal == 3 * len(base)
    assert len({u.doc for u in synthetic.units}) == 3
    norms = np.linalg.norm(copied, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-5)
    copy_cos = float(copied[0] @ copied[len(base)])
    assert 0.2 < copy_cos < 0.9  # distinct, but on the same topic


def test_embed_query_batches_concurrent_callers_correctly(embedder):
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"question number {i} about foster carers" for i in range(24)]
    expected = embedder.embed(texts)
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(embedder.embed_query, texts))
    for vector, want in zip(got, expected, strict=True):
        assert float(vector @ want) > 0.9999  # each caller gets its own text's vector


def test_bench_quick_json_reports_every_key(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
           "QA_DATA_DIR": str(tmp_path / "data")}  # fmt: skip
    out = tmp_path / "bench"
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "bench", "--quick", "--json", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    for key in (
        "encode_p50_ms", "ask_p50_ms", "baseline_ask_p50_ms", "http_ask_p50_ms", "http_rps",
        "http_errors", "build_s", "retrieval_p50_ms", "stages_p50_ms", "scaling", "targets",
        "backends", "onnx_encode_p50_ms", "onnx_int8_encode_p50_ms", "bulk_embedding",
        "bulk_embedding_speedup",
    ):  # fmt: skip
        assert key in report, key
    assert report["http_errors"] == 0  # correctness under 32 clients, not a timing
    assert report["ask_p50_ms"] >= report["stages_p50_ms"]["encode_ms"] > 0
    assert set(report["http"]["levels"]) == {"1", "8", "32"}
    assert report["build"]["units"] == 158 and report["build"]["index_bytes"] > 0
    assert [r["documents"] for r in report["scaling"]["rows"]] == [1, 10, 100]
    for row in report["scaling"]["rows"]:
        assert row["flat"]["recall@10_vs_exact"] == 1.0  # exact against itself
        assert 0 <= row["hnsw"]["recall@10_vs_exact"] <= 1
    quality = report["baseline"]["quality"]
    assert quality["ours"]["questions"] == quality["naive"]["questions"] > 0
    backends = report["backends"]
    assert backends["onnx"]["cosine_to_torch_min"] > 0.9999  # the same model, exported
    for metric in ("recall@5", "answer_hit", "abstain_f1"):  # so the same answers
        assert backends["onnx"][metric] == backends["torch"][metric]
    assert 0.95 < backends["onnx-int8"]["cosine_to_torch_mean"] < 1.0
    assert all(isinstance(row["quality_holds"], bool) for row in backends.values())
    bulk = report["bulk_embedding"]
    assert bulk["backend"] == "onnx" and 0 < bulk["texts"] <= bulk["build_texts"]
    assert bulk["max_abs_cosine_minus_1"] <= 1e-4  # the same vectors as torch, faster or not
    assert "bulk_embedding_3x_torch_same_vectors" in report["targets"]
    for name in ("bench.json", "bench.md", "scaling.png"):
        assert (out / name).stat().st_size > 0
    table = (out / "bench.md").read_text()
    assert "| target | measured | met |" in table and "| onnx-int8 |" in table
    assert "| bulk embedding, " in table


def test_real_corpus_table_shows_both_corpora_and_the_ratios():
    from qa.evaluation.bench import real_markdown

    build = {"build_s": 10.0, "units": 158, "index_bytes": 2_000_000, "peak_rss_mb": 900.0}
    ask = {"p50": 4.0, "p95": 6.0, "p99": 8.0, "mean": 4.5, "n": 10}
    bulk = {
        "backend": "onnx",
        "texts": 10,
        "build_texts": 20,
        "new_texts_per_s": 30.0,
        "torch_texts_per_s": 15.0,
        "speedup": 2.0,
        "max_abs_cosine_minus_1": 1e-7,
    }
    report = {
        "single": {"corpus": "corpus", "build": build, "ask": ask, "questions": 10},
        "real": {"corpus": "real", "build": {**build, "build_s": 50.0}, "ask": ask,
                 "questions": 12},
        "p50_ratio": 1.0, "p99_ratio": 1.0, "bulk_embedding": bulk,
        "targets": {"t": {"value": "1.0x", "met": True}},
    }  # fmt: skip
    table = real_markdown(report)
    assert "| single: corpus | 10.0 s, 0.0 CPU s (158 paragraphs) | 2.0 MB | 900.0 MB |" in table
    assert "| ratio real / single | 5.0x | | | | 1.0x | 1.0x |" in table
    assert "onnx 30.0 texts/s vs torch 15.0 texts/s: 2.0x" in table


def test_real_corpus_without_questions_about_its_reports_says_which_gold_to_give(tmp_path):
    from qa.errors import QAError
    from qa.evaluation.bench import real_workload
    from qa.evaluation.gold import load_gold

    gold = tmp_path / "g.jsonl"
    gold.write_text(
        '{"id": "a", "question": "How many?", "answers": ["3"], "paragraphs": [1], '
        '"doc": "barnet-23-july-2024", "kind": "number"}\n',
        encoding="utf-8",
    )
    items = load_gold([gold])
    with pytest.raises(QAError, match=r"--real-gold .*g\.jsonl is about a report in .*folder"):
        real_workload(tmp_path / "folder", {"york-2022"}, items, [gold])
    assert real_workload(tmp_path, {"barnet-23-july-2024"}, items, [gold]) == ["How many?"]
