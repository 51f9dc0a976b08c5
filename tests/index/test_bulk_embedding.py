"""Bulk embedding at build time (qa/index/bulk.py): each distinct text once, in
length-sorted token-budget batches, through ONNX Runtime with the vectors torch gives.

Fast tests use the fake embedder; the ONNX-against-torch check uses the real model on
real texts (chunks with their header, and sentences, of a real report)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from qa.index.bulk import BulkEmbedder, bulk_embedder, token_batches, unique_texts
from qa.index.manifest import Manifest
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "ofsted-lancashire-safeguarding-lac-2012.txt"


def test_unique_texts_maps_every_row_to_its_copy():
    texts = ["b", "a", "b", "c", "a", "b"]
    distinct, rows = unique_texts(texts)
    assert distinct == ["b", "a", "c"]
    assert [distinct[r] for r in rows] == texts


def test_unique_texts_of_nothing():
    distinct, rows = unique_texts([])
    assert distinct == [] and rows.shape == (0,)


def test_token_batches_are_longest_first_within_the_budget():
    lengths = [5, 50, 10, 50, 200, 7]
    batches = token_batches(lengths, budget=100)
    flat = [int(i) for b in batches for i in b]
    assert sorted(flat) == list(range(len(lengths)))  # every text exactly once
    assert [lengths[i] for i in flat] == sorted(lengths, reverse=True)
    assert [len(b) for b in batches] == [1, 2, 3]  # 200 alone; 2 x 50; 10, 7, 5
    for batch in batches[1:]:
        assert len(batch) * max(lengths[i] for i in batch) <= 100


def test_token_batches_refuse_a_zero_budget():
    with pytest.raises(ValueError, match="budget must be >= 1, got 0"):
        token_batches([1], budget=0)


def test_each_distinct_text_is_embedded_once_and_lands_on_its_rows():
    fake = FakeEmbedder()
    bulk = BulkEmbedder(fake, "torch")
    texts = ["the panel met", "children in care", "the panel met", "", "children in care"]
    vectors = bulk.embed(texts)
    assert fake.calls == 3
    assert np.array_equal(vectors, FakeEmbedder().embed(texts))


def test_an_embedder_without_a_model_uses_its_own_embed(tmp_path):
    bulk = bulk_embedder(FakeEmbedder(), "onnx", tmp_path)
    assert (bulk.backend, bulk.note) == ("torch", "")


def test_the_backend_name_is_checked(tmp_path):
    with pytest.raises(ValueError, match="embed backend must be one of"):
        bulk_embedder(FakeEmbedder(), "tensorflow", tmp_path)


def test_without_onnxruntime_the_build_falls_back_to_torch(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_onnxruntime(name, *args, **kwargs):
        if name == "onnxruntime" or name.startswith("onnxruntime."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    class ModelFake(FakeEmbedder):
        name = "all-MiniLM-L6-v2"
        model = object()  # something to export; the export never starts

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    bulk = bulk_embedder(ModelFake(), "onnx", tmp_path)
    assert bulk.backend == "torch" and bulk.vectors == "float32"
    assert "onnxruntime" in bulk.note and "embedding with torch" in bulk.note


def _manifest_record(folder: Path) -> dict:
    return json.loads(next(folder.glob("builds/*/manifest.json")).read_text())


def test_int8_vectors_are_never_reused_for_a_float32_build_and_back(tmp_path):
    """The manifest records the vectors' kind; a build reuses vectors only of its kind."""
    from qa.index.backends import open_store
    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.settings import Settings
    from qa.text.tokens import load_encoding

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", data_dir=tmp_path)
    encoding = load_encoding(settings.encoding)
    loaded = load_corpus(corpus)

    first = build_index(settings, loaded, FakeEmbedder(), encoding, progress=False)
    assert first.reused == 0 and first.embed_backend == "torch"
    assert _manifest_record(settings.index_dir)["embedding"] == {
        "backend": "torch",
        "vectors": "float32",
    }
    again = build_index(settings, loaded, FakeEmbedder(), encoding, progress=False)
    assert again.embedded == 0  # same kind of vectors: all reused

    manifest = Manifest.read(next((settings.index_dir / "builds").glob("*")))
    problem = manifest.mismatch(settings.model, settings.encoding, manifest.chunking, "int8")
    assert problem is not None and "float32 vectors" in problem and "qa build" in problem
    assert manifest.mismatch(settings.model, settings.encoding, manifest.chunking) is None

    int8 = settings.model_copy(update={"embed_backend": "onnx-int8"})
    previous = open_store(int8).previous_vectors(int8, manifest.chunking)
    assert previous.chunks(next(iter(manifest.corpus_files.values()))) == {}


def test_a_manifest_from_before_the_field_reads_as_torch(tmp_path):
    from qa.index.manifest import Counts, EncodingInfo, ModelInfo

    manifest = Manifest(
        "b", "now", ModelInfo("m", "m", 4, 8), EncodingInfo("e", "e", "s"), {}, {}, "c", {},
        Counts(0, 0, 0, 0, 0),
    )  # fmt: skip
    record = manifest.to_dict()
    del record["embedding"]
    assert Manifest.from_dict(record).embedding == {"backend": "torch", "vectors": "float32"}


@pytest.mark.integration
def test_onnx_bulk_vectors_equal_torch_on_real_texts(embedder, seed_doc, tmp_path):
    pytest.importorskip("onnxruntime")
    from qa.index.build import part_texts
    from qa.index.chunker import ChunkingConfig
    from qa.text.tokens import load_encoding

    texts = part_texts([seed_doc], embedder, load_encoding("cl100k_base"), ChunkingConfig())
    # Long chunks, short sentences and repeats: batches of very different padding.
    sample = texts.chunk_texts[:40] + texts.sentence_texts[:80] + texts.sentence_texts[:5]
    bulk = bulk_embedder(embedder, "onnx", tmp_path)
    assert (bulk.backend, bulk.note) == ("onnx", "")
    got = bulk.embed(sample)
    expected = embedder.embed(sample)
    assert got.dtype == np.float32 and got.shape == expected.shape
    cosine = np.sum(got * expected, axis=1)
    assert np.min(cosine) >= 0.9999, f"worst text: {sample[int(np.argmin(cosine))]!r}"
