"""`qa bench --stores`: both stores built from one corpus and measured side by side, with
their gold parity and the BM25 analyzer comparison (fake embedder, a few questions)."""

from __future__ import annotations

import shutil

from qa.evaluation.stores import compare_stores, markdown
from qa.settings import Settings
from tests.conftest import ROOT, SEED
from tests.fakes import FakeEmbedder
from tests.milvus_lite import needs_milvus


@needs_milvus
def test_compare_stores_measures_both_and_their_parity(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    gold = tmp_path / "gold.jsonl"
    lines = (ROOT / "eval/gold/lancashire-dev.jsonl").read_text().splitlines()
    gold.write_text("\n".join(lines[:12]) + "\n")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    report = compare_stores(
        settings, [gold], repeats=1, progress=lambda m: None, model=FakeEmbedder()
    )
    assert report["questions"] == 12 and set(report["stores"]) == {"embedded", "milvus"}
    for row in report["stores"].values():
        assert row["paragraphs"] == 158 and row["build_s"] > 0
        assert 0 < row["search_p50_ms"] <= row["search_p99_ms"]
        assert 0 < row["ask_p50_ms"] <= row["ask_p99_ms"]
    parity = report["stores"]["milvus"]["parity_with_embedded"]
    assert parity["same_first_citation"] == 1.0 and parity["recall@5_difference"] == 0.0
    assert parity["different"] == []
    analyzer = report["analyzer"]
    assert analyzer["questions"] == 12 and 0.0 <= analyzer["top5_overlap"] <= 1.0
    assert "same first citation 100.0%" in markdown(report)
