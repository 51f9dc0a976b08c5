"""Seed gold parity of the Milvus store with the embedded one, with the real model, and
`qa ask --json` answering from Milvus Lite with an empty local index folder.

The Milvus build reuses the embedded build's vectors (the real model's, by report hash,
as an incremental build would), so it costs no embedding; what is compared is the
store: its dense search, its BM25 and what it hands the answerer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa.evaluation.evaluate import run, summarise
from qa.evaluation.gold import load_gold
from qa.index.backends.embedded import EmbeddedStore
from qa.index.backends.milvus import MilvusStore
from qa.index.build import build_index
from qa.ingest.corpus import load_corpus
from qa.pipeline import QAService
from qa.text.tokens import load_encoding
from tests.milvus_lite import needs_milvus

ROOT = Path(__file__).resolve().parents[2]
GOLD = [ROOT / "eval/gold/lancashire-dev.jsonl", ROOT / "eval/gold/lancashire-test.jsonl"]
pytestmark = [pytest.mark.integration, needs_milvus]


class SeededFrom(MilvusStore):
    """A Milvus store whose build reuses another store's vectors."""

    source: EmbeddedStore

    def previous_vectors(self, settings, chunking):
        return self.source.previous_vectors(settings, chunking)


@pytest.fixture(scope="module")
def milvus_settings(built, embedder, tmp_path_factory):
    settings, _ = built
    uri = str(tmp_path_factory.mktemp("milvus") / "qa.db")
    milvus = MilvusStore.connect(uri)
    store = SeededFrom(milvus.client, milvus.uri, milvus.alias)
    store.source = EmbeddedStore(settings.index_dir)
    local = settings.model_copy(update={"milvus_uri": uri})
    corpus = load_corpus(settings.corpus_dir)
    report = build_index(
        local, corpus, embedder, load_encoding(local.encoding), False, index_store=store
    )
    assert report.embedded == 0 and report.reused == report.chunks + report.sentences
    return local


class QueryCache:
    """The real model, encoding each question once for both stores (the stores, not the
    model, are under test)."""

    def __init__(self, inner):
        self.inner = inner
        self.vectors: dict = {}

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_query(self, text: str, max_batch: int = 32):
        if text not in self.vectors:
            self.vectors[text] = self.inner.embed_query(text)
        return self.vectors[text]


def test_seed_gold_parity_with_the_embedded_store(built, milvus_settings, embedder):
    cached = QueryCache(embedder)
    embedded_service = QAService.load(built[0], embedder=cached)
    milvus_service = QAService.load(milvus_settings, embedder=cached)
    gold = load_gold(GOLD)
    base, other = run(embedded_service, gold), run(milvus_service, gold)

    def first(scored):
        a = scored.answer
        return (a.citations[0].doc, a.citations[0].unit) if a.citations else None

    same = sum(first(a) == first(b) for a, b in zip(base, other, strict=True)) / len(gold)
    assert same >= 0.95, f"same first citation for {same:.1%} of {len(gold)} questions"
    recall = summarise(base)["recall@5"], summarise(other)["recall@5"]
    assert abs(recall[0] - recall[1]) <= 0.02, recall


def test_qa_ask_json_answers_from_milvus_lite_with_an_empty_index_folder(milvus_settings, tmp_path):
    from milvus_lite.server_manager import server_manager_instance

    # Milvus Lite lets one process at a time open its file: hand it over to `qa ask`.
    server_manager_instance.release_server(str(milvus_settings.milvus_uri))
    empty = tmp_path / "index"
    empty.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "QA_MILVUS_URI": str(milvus_settings.milvus_uri),
        "QA_INDEX_DIR": str(empty),
        "QA_CORPUS_DIR": str(milvus_settings.corpus_dir),
    }
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "--json", "How many looked after children?"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout)
    assert answer["citations"][0]["unit"] == "p8" and "1356" in answer["answer"]
    assert not any(empty.iterdir())  # nothing was read from, or written to, the folder
