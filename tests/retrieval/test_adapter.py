"""The query adapter: file format, refusal of another model's, the fit, and its use."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.retrieval.adapter import (
    DEFAULT_ADAPTER,
    AdapterExample,
    AdapterFileError,
    QueryAdapter,
    adapter_for,
    fit_adapter,
    grouped_folds,
    retrieval_figures,
)

ROOT = Path(__file__).resolve().parents[2]


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def test_an_adapter_is_saved_loaded_and_applied_as_a_unit_vector(tmp_path):
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(8, 8)).astype(np.float32) * 0.1
    path = tmp_path / "a.npz"
    QueryAdapter(matrix, "some-model", "a note").save(path)
    loaded = QueryAdapter.load(path)
    assert loaded.model == "some-model" and loaded.note == "a note" and loaded.dimension == 8
    assert np.allclose(loaded.matrix, matrix)
    query = _unit(rng.normal(size=8))
    moved = loaded.apply(query)
    assert np.isclose(np.linalg.norm(moved), 1.0) and not np.allclose(moved, query)
    assert np.allclose(moved, _unit(query + matrix @ query), atol=1e-6)
    # a zero matrix leaves questions as they are
    assert np.allclose(QueryAdapter(np.zeros((8, 8), np.float32), "m").apply(query), query)


def test_a_broken_or_foreign_adapter_file_is_refused_or_left_unused(tmp_path, caplog):
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip")
    with pytest.raises(AdapterFileError, match="not a query adapter"):
        QueryAdapter.load(broken)
    with pytest.raises(AdapterFileError, match="no query adapter"):
        QueryAdapter.load(tmp_path / "missing.npz")
    odd = tmp_path / "odd.npz"
    np.savez(odd, matrix=np.zeros((3, 4)), meta=np.array(json.dumps({"model": "m"})))
    with pytest.raises(AdapterFileError, match="not square"):
        QueryAdapter.load(odd)
    good = tmp_path / "good.npz"
    QueryAdapter(np.zeros((4, 4), np.float32), "model-a").save(good)
    assert adapter_for(good, "model-a", 4) is not None
    # another model's space, or another width: never applied
    assert adapter_for(good, "model-b", 4) is None and "not used" in caplog.text
    assert adapter_for(good, "model-a", 8) is None
    assert adapter_for(None, "model-a", 4) is None


def _examples(rng, questions: int, dim: int = 12, candidates: int = 30):
    """Questions whose gold candidate is a fixed rotation of the question (the reports'
    wording for the staff's), among random others: a map the fit can learn."""
    rotation, _ = np.linalg.qr(rng.normal(size=(dim, dim)))
    examples = []
    for n in range(questions):
        query = _unit(rng.normal(size=dim))
        others = _unit(rng.normal(size=(candidates, dim)) + 0.8 * query)  # close topic
        gold = _unit(rotation @ query)
        chunks = np.vstack([gold, others]).astype(np.float32)
        units = np.arange(candidates + 1)
        examples.append(
            AdapterExample(
                group=f"report-{n % 7}",
                query=query,
                chunks=chunks,
                chunk_units=units,
                gold_units=frozenset({0}),
                sentences=chunks,
                gold_sentences=units == 0,
            )
        )
    return examples


def test_the_fit_learns_a_map_that_holds_on_questions_it_never_saw():
    everything = _examples(np.random.default_rng(1), 160)  # one map for all
    train, held = everything[:120], everything[120:]
    before = retrieval_figures(held, None)
    matrix = fit_adapter(train, l2=0.001, steps=200, learning_rate=0.05)
    after = retrieval_figures(held, matrix)
    assert after["paragraph_recall@1"] > before["paragraph_recall@1"] + 0.3, (before, after)
    assert after["sentence_recall@1"] > before["sentence_recall@1"] + 0.3
    # a strong penalty keeps the map near the identity: little changes
    still = fit_adapter(train, l2=100.0, steps=50)
    assert np.abs(still).max() < 0.05


def test_folds_hold_a_reports_questions_out_together():
    examples = _examples(np.random.default_rng(3), 40)
    folds = grouped_folds(examples, 5)
    by_group: dict[str, set[int]] = {}
    for example, fold in zip(examples, folds, strict=True):
        by_group.setdefault(example.group, set()).add(fold)
    assert all(len(f) == 1 for f in by_group.values())
    assert grouped_folds(examples, 5) == folds  # stable, not random


def test_the_packaged_adapter_is_the_default_models():
    # Shipped for the embedded default model: fitted on its vectors, at its width.
    from qa.settings import Settings

    adapter = QueryAdapter.load(DEFAULT_ADAPTER)
    assert adapter.model == Settings().model and adapter.dimension == 384
    assert "qa fit-adapter" in adapter.note and "-test" not in adapter.note


def test_the_retriever_searches_the_adapted_question_unless_switched_off(tmp_path):
    from qa.pipeline import QAService
    from tests.fakes import fake_index

    seed = ROOT / "corpus" / "ofsted-lancashire-safeguarding-lac-2012.txt"
    settings, fake = fake_index(tmp_path, [seed])
    rng = np.random.default_rng(4)
    adapter = QueryAdapter(rng.normal(size=(64, 64)).astype(np.float32) * 0.2, "")
    path = tmp_path / "adapter.npz"
    adapter.save(path)
    question = "How many children are looked after?"
    on = QAService.load(settings.model_copy(update={"query_adapter_file": path}), embedder=fake)
    off = QAService.load(
        settings.model_copy(update={"query_adapter_file": path, "query_adapter": False}),
        embedder=fake,
    )
    plain = off.search(question)
    raw = fake.embed_query(plain.expanded)
    assert np.allclose(plain.query_vector, raw)
    assert np.allclose(on.search(question).query_vector, adapter.apply(raw), atol=1e-6)
    # an ablation keeps the served adapter
    from qa.retrieval.retriever import RetrievalConfig

    assert on.with_retrieval(RetrievalConfig(mode="dense")).retriever.adapter is not None
