"""Shared fixtures: the seed report, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.ingest.corpus import load_document
from qa.models import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "ofsted-lancashire-safeguarding-lac-2012.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    return load_document(SEED)


@pytest.fixture(scope="session")
def embedder():
    from qa.index.embedder import Embedder

    return Embedder().warm_up()


@pytest.fixture(scope="session")
def built(tmp_path_factory, embedder):
    """A real index on disk, built from a copy of the corpus (integration tests)."""
    import shutil

    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.settings import Settings
    from qa.text.tokens import load_encoding

    root = tmp_path_factory.mktemp("built")
    corpus_dir = root / "corpus"
    corpus_dir.mkdir()
    shutil.copy(SEED, corpus_dir / SEED.name)
    settings = Settings(corpus_dir=corpus_dir, index_dir=root / "index")
    encoding = load_encoding(settings.encoding)
    report = build_index(settings, load_corpus(corpus_dir), embedder, encoding, progress=False)
    return settings, report


@pytest.fixture(scope="session")
def service(built, embedder):
    from qa.pipeline import QAService

    settings, _ = built
    return QAService.load(settings, embedder=embedder)


def private_copy(settings, root, **update):
    """Settings over a copy of ``settings``' corpus and index under ``root``, for servers
    whose tests change them (uploads, removals); ``update`` sets further fields."""
    import shutil

    shutil.copytree(settings.corpus_dir, root / "corpus")
    shutil.copytree(settings.index_dir, root / "index", symlinks=True)
    fields = {"corpus_dir": root / "corpus", "index_dir": root / "index", "data_dir": root / "data"}
    return settings.model_copy(update={**fields, **update})


def shared_model_loader(embedder):
    """A ServiceHolder loader that reuses the session's model (one load per test run)."""
    from qa.pipeline import QAService

    def load(settings, previous):
        return QAService.load(settings, embedder=embedder)

    return load


@pytest.fixture(scope="session")
def api(built, embedder, tmp_path_factory):
    """The app on a real uvicorn server over the shared index (no API keys, no CORS)."""
    from server.app import create_app
    from tests.live import LiveServer

    settings, _ = built
    settings = settings.model_copy(update={"data_dir": tmp_path_factory.mktemp("data")})
    server = LiveServer(create_app(settings, loader=shared_model_loader(embedder))).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api_schema(api):
    import schemathesis

    return schemathesis.openapi.from_url(f"{api.url}/openapi.json")


@pytest.fixture(scope="session")
def fake_service(tmp_path_factory):
    """The whole pipeline over the seed report with the deterministic fake embedder: a
    real FAISS + BM25 index on disk, no model (fast suite)."""
    import shutil

    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.pipeline import QAService
    from qa.settings import Settings
    from qa.text.tokens import load_encoding
    from tests.fakes import FakeEmbedder

    root = tmp_path_factory.mktemp("fake")
    corpus_dir = root / "corpus"
    corpus_dir.mkdir()
    shutil.copy(SEED, corpus_dir / SEED.name)
    settings = Settings(corpus_dir=corpus_dir, index_dir=root / "index")
    fake = FakeEmbedder()
    build_index(settings, load_corpus(corpus_dir), fake, load_encoding(settings.encoding), False)
    return QAService.load(settings, embedder=fake)
