"""The index on disk: manifest, checks on load, atomic rebuild, reuse (real model, FAISS)."""

from __future__ import annotations

import json
import shutil

import pytest

from qa.index import store
from qa.index.backends import load_index
from qa.index.build import build_index
from qa.ingest.corpus import load_corpus
from qa.text.tokens import OFFLINE_ENCODING, load_encoding

pytestmark = pytest.mark.integration


def test_manifest_records_what_was_built(built):
    settings, report = built
    manifest = json.loads((report.folder / "manifest.json").read_text())
    assert manifest["model"]["name"] == "all-MiniLM-L6-v2"
    assert manifest["model"]["dimension"] == 384
    assert manifest["encoding"]["requested"] == "cl100k_base"
    assert manifest["encoding"]["used"] in ("cl100k_base", OFFLINE_ENCODING)
    assert manifest["counts"]["units"] == 158 and manifest["counts"]["documents"] == 1
    assert list(manifest["corpus"]["files"]) == ["ofsted-lancashire-safeguarding-lac-2012.txt"]
    for name in ("dense.faiss", "chunks.npy", "sentences.npy", "units.jsonl", "lexical"):
        assert (report.folder / name).exists()
    assert (settings.index_dir / "CURRENT").read_text().strip() == report.folder.name


def test_no_chunk_exceeds_the_model_limit(built, embedder):
    settings, _ = built
    index = load_index(settings)
    texts = [json.loads(line)["embed_text"] for line in (index.folder / "chunks.jsonl").open()]
    assert max(embedder.count_tokens(texts)) <= embedder.max_tokens
    budget = index.manifest.chunking["max_tokens"]
    assert max(json.loads(x)["tokens"] for x in (index.folder / "chunks.jsonl").open()) <= budget
    # every paragraph is covered by at least one chunk
    assert set(index.chunk_unit.tolist()) == set(range(len(index.units)))


def test_mismatched_model_is_refused_with_the_fix(built):
    settings, _ = built
    with pytest.raises(store.IndexMismatch, match="run `qa build`"):
        load_index(settings.model_copy(update={"model": "some/other-model"}))


def test_missing_index_says_what_to_run(tmp_path, built):
    settings, _ = built
    with pytest.raises(store.IndexNotBuilt, match="run `qa build`"):
        load_index(settings.model_copy(update={"index_dir": tmp_path / "none"}))


@pytest.fixture()
def own_index(tmp_path, built):
    """A private copy of the built index and corpus that a test may damage."""
    settings, _ = built
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    shutil.copytree(settings.index_dir, tmp_path / "index")
    return settings.model_copy(update={"corpus_dir": corpus, "index_dir": tmp_path / "index"})


def rebuild(settings, embedder):
    return build_index(
        settings,
        load_corpus(settings.corpus_dir),
        embedder,
        load_encoding(settings.encoding),
        progress=False,
    )


def test_stale_index_is_refused(own_index):
    (own_index.corpus_dir / "extra.md").write_text("# Extra\n\nA new report.\n")
    with pytest.raises(store.IndexStale, match=r"added: extra\.md.*run `qa build`"):
        load_index(own_index)
    path = next(own_index.corpus_dir.glob("ofsted*"))
    path.write_text(path.read_text() + "\n")
    with pytest.raises(store.IndexStale, match="changed: ofsted"):
        load_index(own_index)


def test_corrupt_index_is_refused(own_index):
    folder = store.IndexRoot(own_index.index_dir).current()
    (folder / "sentences.npy").write_bytes(b"garbage")
    with pytest.raises(store.IndexCorrupt, match="run `qa build`"):
        load_index(own_index)
    (folder / "manifest.json").write_text("{not json")
    with pytest.raises(store.IndexCorrupt, match="unreadable"):
        load_index(own_index)


def test_interrupted_rebuild_leaves_the_old_index_live(own_index, embedder, monkeypatch):
    root = store.IndexRoot(own_index.index_dir)
    live = root.current()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-build

    monkeypatch.setattr("qa.index.backends.embedded.dense.save", crash)
    with pytest.raises(KeyboardInterrupt):
        rebuild(own_index, embedder)
    assert root.current() == live
    assert load_index(own_index).folder == live
    unfinished = [f for f in root.builds.iterdir() if not (f / "manifest.json").exists()]
    assert len(unfinished) == 1
    monkeypatch.undo()
    report = rebuild(own_index, embedder)
    # the rebuild reused every vector (nothing changed) and cleaned up the leftovers
    assert report.embedded == 0 and report.reused > 0
    assert root.current() == report.folder
    assert all((f / "manifest.json").exists() for f in root.builds.iterdir())


def test_changed_document_is_re_embedded_and_the_rest_reused(own_index, embedder):
    (own_index.corpus_dir / "notes.md").write_text("# Notes\n\nThe LADO visited twice.\n")
    report = rebuild(own_index, embedder)
    assert 0 < report.embedded < 5 and report.reused > 900
    index = load_index(own_index)
    assert {u.doc for u in index.units} == {"notes", "ofsted-lancashire-safeguarding-lac-2012"}


def test_offline_encoding_is_used_when_the_named_one_cannot_be_had(tmp_path, monkeypatch):
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # empty cache
    monkeypatch.setenv("QA_TIKTOKEN_DIR", str(tmp_path))  # no rank files installed
    loaded = load_encoding("cl100k_base")
    assert (loaded.used, loaded.source) == (OFFLINE_ENCODING, "offline-fallback")
    assert 8 <= loaded.count("The contribution of health agencies is adequate.") <= 12
    wrong = tmp_path / "wrong.tiktoken"
    wrong.write_bytes(b"not a rank file")
    assert load_encoding("cl100k_base", wrong).used == OFFLINE_ENCODING  # hash check fails
