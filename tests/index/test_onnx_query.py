"""Query encoding through ONNX Runtime (qa/index/onnxquery.py), against the real model.

The float32 export must give the vectors sentence-transformers gives, whatever the length
and padding; the int8 one must stay close; the export is cached and a damaged cache is
rebuilt; a model the exporter does not understand is refused with a clear error."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytestmark = pytest.mark.integration

TEXTS = [
    "a",
    "How many children are looked after?",
    "What grade did inspectors give for the capacity to improve of safeguarding services?",
    # Longer than the model's 256-token limit: both paths must truncate it the same way.
    " ".join(["Local Authority Designated Officer (LADO) allegations handled quickly."] * 60),
]


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx")


def test_float32_export_gives_the_torch_vectors(embedder, onnx_cache):
    onnx = embedder.with_query_backend("onnx", onnx_cache)
    expected = embedder.embed(TEXTS)
    batch = onnx.encode_queries(TEXTS)  # padded to the longest text
    one_by_one = np.vstack([onnx.encode_queries([t]) for t in TEXTS])
    for got in (batch, one_by_one):
        assert got.dtype == np.float32 and got.shape == expected.shape
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert np.min(np.sum(got * expected, axis=1)) > 0.99999


def test_int8_export_stays_close_and_is_cached(embedder, onnx_cache):
    float_path = embedder.with_query_backend("onnx", onnx_cache)._onnx.path
    int8 = embedder.with_query_backend("onnx-int8", onnx_cache)
    path = int8._onnx.path
    assert path.exists() and path != float_path
    assert path.stat().st_size < float_path.stat().st_size
    cosine = np.sum(int8.encode_queries(TEXTS) * embedder.embed(TEXTS), axis=1)
    assert np.min(cosine) > 0.97 and np.max(cosine) < 1.0  # close, yet really quantised
    stamp = path.stat().st_mtime_ns
    embedder.with_query_backend("onnx-int8", onnx_cache)
    assert path.stat().st_mtime_ns == stamp  # reused, not exported again
    assert not list(onnx_cache.rglob("*.tmp"))  # no half-written files left behind


def test_a_damaged_cached_export_is_rebuilt(embedder, tmp_path):
    first = embedder.with_query_backend("onnx", tmp_path)
    first._onnx.path.write_bytes(b"not an onnx file")
    again = embedder.with_query_backend("onnx", tmp_path)
    vector = again.encode_queries([TEXTS[1]])[0]
    assert float(vector @ embedder.embed([TEXTS[1]])[0]) > 0.99999


def test_answers_are_the_same_through_onnx(service, embedder, onnx_cache):
    from dataclasses import replace

    from qa.retrieval.retriever import HybridRetriever

    onnx = embedder.with_query_backend("onnx", onnx_cache)
    fast = replace(
        service,
        embedder=onnx,
        retriever=HybridRetriever(service.index, onnx, service.retriever.config),
    )
    for question in TEXTS[1:3] + ["Who chairs the adoption panel?"]:
        a, b = service.ask(question), fast.ask(question)
        assert (a.answer, a.abstained) == (b.answer, b.abstained)
        assert [p.unit for p in a.passages] == [p.unit for p in b.passages]


def test_unsupported_pooling_is_refused_clearly(embedder, tmp_path):
    from sentence_transformers import SentenceTransformer, models

    from qa.index.onnxquery import OnnxBackendError, OnnxQueryEncoder

    transformer = embedder.model[0]
    max_pooled = SentenceTransformer(
        modules=[transformer, models.Pooling(embedder.dimension, "max")]
    )
    with pytest.raises(OnnxBackendError, match="mean or CLS pooling"):
        OnnxQueryEncoder(max_pooled, "unused", tmp_path)
    assert not list(tmp_path.iterdir())  # refused before anything was exported


def test_unknown_backend_is_a_clear_error():
    from qa.index.embedder import Embedder

    with pytest.raises(ValueError, match="query_backend must be one of"):
        Embedder(query_backend="tensorrt")
