"""The same checks over every index store: the embedded files and Milvus (Lite, in the
test process). One parametrised fixture; the fake embedder (fast suite).

What each store must give the retriever and answerer: the same tables, dense search
over chunk vectors (filtered too), BM25 over units with the project's tokeniser, the
same idf, answers with the same citations, vector reuse by report hash, and a build
that dies half-way leaving the previous build serving.
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from qa.index import store
from qa.index.backends import load_index, open_store
from qa.index.build import build_index
from qa.index.lexical import LexicalIndex
from qa.ingest.corpus import load_corpus
from qa.pipeline import QAService
from qa.settings import Settings
from qa.text.tokens import load_encoding
from tests.conftest import SEED
from tests.fakes import FakeEmbedder
from tests.milvus_lite import needs_milvus

STORES = ["embedded", pytest.param("milvus-lite", marks=needs_milvus)]


def store_settings(root, kind: str) -> Settings:
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, corpus / SEED.name)
    uri = str(root / "milvus.db") if kind == "milvus-lite" else None
    return Settings(
        corpus_dir=corpus, index_dir=root / "index", data_dir=root / "data", milvus_uri=uri
    )


def seed_counts() -> tuple[int, int, int]:
    """The seed's units, chunks and sentences, counted here from the corpus, the chunker
    and the sentence splitter (the chunk count depends on which token encoding loads:
    tiktoken's real cl100k_base, or the offline one where the ranks are not installed)."""
    from qa.index.chunker import ChunkingConfig, chunk_unit
    from qa.text.sentences import sentence_spans

    settings = Settings()
    encoding = load_encoding(settings.encoding, settings.encoding_file)
    config = ChunkingConfig(settings.chunk_tokens, settings.chunk_overlap)
    units = [u for doc in load_corpus(SEED.parent).documents for u in doc.units]
    chunks = sum(len(chunk_unit(u, encoding.count, config)) for u in units)
    return len(units), chunks, sum(len(sentence_spans(u.text)) for u in units)


def build(settings: Settings, embedder: FakeEmbedder):
    corpus = load_corpus(settings.corpus_dir)
    return build_index(settings, corpus, embedder, load_encoding(settings.encoding), False)


@pytest.fixture(scope="module", params=STORES)
def built_store(request, tmp_path_factory):
    """(settings, fake embedder, build report) of the seed in one store, shared by the
    read-only checks."""
    settings = store_settings(tmp_path_factory.mktemp(request.param), request.param)
    fake = FakeEmbedder()
    return settings, fake, build(settings, fake)


@pytest.fixture(params=STORES)
def fresh_store(request, tmp_path):
    """A store of the seed that a test may rebuild or break."""
    settings = store_settings(tmp_path, request.param)
    fake = FakeEmbedder()
    build(settings, fake)
    return settings, fake


@pytest.fixture(scope="module")
def reference_settings(tmp_path_factory):
    """The seed in the embedded store: what every store is compared with."""
    settings = store_settings(tmp_path_factory.mktemp("reference"), "embedded")
    build(settings, FakeEmbedder())
    return settings


@pytest.fixture(scope="module")
def reference(reference_settings):
    return load_index(reference_settings)


@pytest.fixture(scope="module")
def reference_service(reference_settings):
    return QAService.load(reference_settings, embedder=FakeEmbedder())


def test_tables_and_counts_are_those_of_the_corpus(built_store, reference):
    settings, fake, report = built_store
    index = load_index(settings)
    units, chunks, sentences = seed_counts()
    assert (report.units, report.chunks, report.sentences) == (units, chunks, sentences)
    assert units == 158 and 700 < sentences < 900  # the seed as hand-checked
    assert index.units == reference.units
    assert index.chunk_unit.tolist() == reference.chunk_unit.tolist()
    assert index.sentence_spans.tolist() == reference.sentence_spans.tolist()
    assert index.sentence_unit.tolist() == reference.sentence_unit.tolist()
    every = np.arange(len(index.sentence_unit))
    np.testing.assert_allclose(
        index.sentence_vectors[every], reference.sentence_vectors[every], atol=1e-6
    )
    np.testing.assert_allclose(index.sentence_vectors[5], reference.sentence_vectors[5], atol=1e-6)
    assert index.acronyms == reference.acronyms and "LSCB" in index.acronyms
    for doc, info in index.documents.items():  # the same but for where the file was
        want = reference.documents[doc]
        assert (info.findings, info.contents, info.title) == (
            want.findings,
            want.contents,
            want.title,
        )
        assert {k: v for k, v in info.summary.items() if k != "path"} == {
            k: v for k, v in want.summary.items() if k != "path"
        }
    assert index.manifest.counts == reference.manifest.counts
    assert index.build_id == open_store(settings).current_build()


def test_dense_search_finds_a_chunk_by_its_own_vector_and_honours_the_unit_filter(
    built_store, reference
):
    settings, fake, _ = built_store
    index = load_index(settings)
    row = 40
    vector = fake.embed([reference.units[int(reference.chunk_unit[row])].text])[0]
    scores, rows = index.dense.search(vector, 10)
    assert len(rows) == 10 and list(scores) == sorted(scores, reverse=True)
    ref_scores, ref_rows = reference.dense.search(vector, 10)
    assert rows.tolist()[:3] == ref_rows.tolist()[:3]
    np.testing.assert_allclose(scores, ref_scores, atol=1e-5)
    allowed = np.zeros(len(index.units), dtype=bool)
    allowed[[3, 8, 100]] = True
    scores, rows = index.dense.search(vector, 10, allowed)
    assert set(index.chunk_unit[rows].tolist()) == {3, 8, 100}  # every chunk of those units
    none = np.zeros(len(index.units), dtype=bool)
    assert len(index.dense.search(vector, 10, none)[1]) == 0


def test_bm25_ranks_as_bm25s_with_the_same_terms_and_idf(built_store, reference):
    settings, _, _ = built_store
    index = load_index(settings)
    for query in ("looked after children health", "LSCB", "adoption timeliness"):
        got = index.lexical.top(query, 20)
        want = reference.lexical.top(query, 20)
        assert got and set(got) == set(want), query
        for row, score in want.items():
            assert got[row] == pytest.approx(score, rel=1e-4), (query, row)
    assert index.lexical.top("the and of", 10) == {}  # stop words only: no terms
    allowed = np.zeros(len(index.units), dtype=bool)
    allowed[[8, 9]] = True
    assert set(index.lexical.top("children", 10, allowed)) <= {8, 9}
    lscb = [i for i, u in enumerate(index.units) if "LSCB" in u.text]
    other = next(i for i, u in enumerate(index.units) if "LSCB" not in u.text)
    scores = index.lexical.scores_for("LSCB", [lscb[0], other])
    assert scores[lscb[0]] > 0 and scores[other] == 0.0
    assert scores == pytest.approx(reference.lexical.scores_for("LSCB", [lscb[0], other]))
    assert index.lexical.idf() == pytest.approx(reference.lexical.idf())
    assert index.lexical.query_terms("Fostering carers") == ["foster", "carer"]


QUESTIONS = [
    "How many looked after children were there?",
    "What grade did the contribution of health agencies get?",
    "What does LSCB stand for?",
    "How is the timeliness of adoption?",
    "What are the areas for improvement for care leavers?",
    "Who was the lead inspector?",
]


def test_answers_cite_the_same_paragraphs(built_store, reference_service):
    settings, fake, _ = built_store
    service = QAService.load(settings, embedder=fake)
    answer = service.ask("How many looked after children were there?")
    assert answer.citations[0].unit == "p8" and "1356" in answer.answer
    for question in QUESTIONS:
        for doc in (None, SEED.stem):  # unfiltered, and filtered to the document
            got, want = service.ask(question, doc=doc), reference_service.ask(question, doc=doc)
            assert got.answer == want.answer, question
            assert [c.unit for c in got.citations] == [c.unit for c in want.citations]
            assert [p.unit for p in got.passages] == [p.unit for p in want.passages]


def test_unchanged_reports_are_not_embedded_again_and_a_changed_one_is(fresh_store):
    settings, _ = fresh_store
    again = FakeEmbedder()
    report = build(settings, again)
    assert report.embedded == 0 and report.reused == sum(seed_counts()[1:]) and again.calls == 0
    (settings.corpus_dir / "notes.md").write_text("# Notes\n\nThe LADO visited twice.\n")
    report = build(settings, again)
    assert 0 < report.embedded < 5 and report.reused == sum(seed_counts()[1:])
    assert {u.doc for u in load_index(settings).units} == {
        "notes",
        "ofsted-lancashire-safeguarding-lac-2012",
    }


class Dies(FakeEmbedder):
    """Raises when asked to embed anything: the seed's vectors are reused, so it dies at
    the new report, after the seed's part went into the store."""

    def embed(self, texts, progress=False):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C mid-build


def test_a_build_that_dies_half_way_leaves_the_previous_build_serving(fresh_store, monkeypatch):
    settings, fake = fresh_store
    live = open_store(settings).current_build()
    (settings.corpus_dir / "zz-notes.md").write_text("# Notes\n\nThe LADO visited twice.\n")
    monkeypatch.setattr("qa.index.build.PART_TEXTS", 100)  # one part per report
    with pytest.raises(KeyboardInterrupt):
        build(settings, Dies())
    assert open_store(settings).current_build() == live
    index = load_index(settings, check_corpus=False)
    assert index.build_id == live and {u.doc for u in index.units} == {SEED.stem}
    report = build(settings, fake)  # the next build goes live
    assert report.embedded < 5 and report.reused == sum(seed_counts()[1:])
    assert open_store(settings).current_build() == report.build_id != live


def test_a_model_mismatch_is_refused_with_the_fix(built_store, monkeypatch):
    settings, _, _ = built_store
    opened = _record_opened_stores(monkeypatch)
    with pytest.raises(store.IndexMismatch, match="run `qa build`"):
        load_index(settings.model_copy(update={"model": "some/other-model"}))
    assert [getattr(s, "closed", True) for s in opened] == [True]  # refused: nothing left open


def test_an_index_let_go_closes_its_store_connection(built_store, monkeypatch):
    """Each server reload loads a new index; the old one's connection must not stay open."""
    import gc

    settings, _, _ = built_store
    opened = _record_opened_stores(monkeypatch)
    index = load_index(settings)
    assert index.units and not getattr(opened[0], "closed", False)
    del index
    gc.collect()
    assert getattr(opened[0], "closed", True)


def _record_opened_stores(monkeypatch) -> list:
    import qa.index.backends as backends

    opened: list = []

    def recording(settings):
        opened.append(open_store(settings))
        return opened[-1]

    monkeypatch.setattr(backends, "open_store", recording)
    return opened


@pytest.mark.parametrize("kind", STORES)
def test_an_empty_store_says_what_to_run(tmp_path, kind):
    settings = store_settings(tmp_path, kind)
    with pytest.raises(store.IndexNotBuilt, match="run `qa build`"):
        load_index(settings)


def test_the_lexical_index_of_the_embedded_store_is_bm25s(reference):
    assert isinstance(reference.lexical, LexicalIndex)
