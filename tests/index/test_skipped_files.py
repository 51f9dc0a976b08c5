"""A file the build skips never takes the corpus down: the manifest records it with its
reason, loading knows it, and only a change to it asks for a rebuild (fake embedder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.manifest import Manifest
from qa.index.store import IndexRoot, IndexStale
from qa.ingest.corpus import load_corpus
from qa.pipeline import QAService
from qa.settings import Settings
from qa.text.tokens import load_encoding
from tests.conftest import SEED
from tests.fakes import FakeEmbedder


@pytest.fixture()
def built_with_bad_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    (corpus / "empty.txt").write_text("")
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    fake = FakeEmbedder()
    build_index(settings, load_corpus(corpus), fake, load_encoding(settings.encoding), False)
    return settings, fake


def test_skipped_files_are_recorded_with_their_reason(built_with_bad_files):
    settings, _ = built_with_bad_files
    manifest = Manifest.read(IndexRoot(settings.index_dir).current())
    assert sorted(manifest.skipped) == ["broken.pdf", "empty.txt"]
    assert "empty" in manifest.skipped["empty.txt"]["reason"]
    assert list(manifest.corpus_files) == [SEED.name]


def test_the_index_loads_and_answers_despite_skipped_files(built_with_bad_files):
    settings, fake = built_with_bad_files
    service = QAService.load(settings, embedder=fake)
    assert not service.ask("How many looked after children were there?").abstained


def test_a_changed_or_new_file_still_asks_for_a_rebuild(built_with_bad_files):
    settings, fake = built_with_bad_files
    (settings.corpus_dir / "empty.txt").write_text("Now it has text.\n")
    with pytest.raises(IndexStale, match="changed: empty.txt"):
        QAService.load(settings, embedder=fake)
    (settings.corpus_dir / "empty.txt").write_text("")
    (settings.corpus_dir / "new.txt").write_text("A new report.\n")
    with pytest.raises(IndexStale, match="added: new.txt"):
        QAService.load(settings, embedder=fake)


def test_links_out_of_the_folder_pipes_and_oversized_files_are_refused_not_read(tmp_path):
    import os

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    secret = tmp_path / "secret.txt"
    secret.write_text("Paragraph 1. A secret outside the corpus folder.\n")
    (corpus / "outside.txt").symlink_to(secret)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nothing.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "huge.txt").write_text("x " * 1_500_000)  # 3 MB
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", max_file_mb=2)
    loaded = load_corpus(corpus, max_bytes=settings.max_file_bytes)
    reasons = {Path(e.file).name: e.message for e in loaded.errors}
    assert "outside the corpus folder" in reasons["outside.txt"]
    assert "dangling" in reasons["dangling.txt"]
    assert "pipe" in reasons["pipe.txt"]
    assert "limit" in reasons["huge.txt"]
    assert [d.id for d in loaded.documents] == [SEED.stem]
    fake = FakeEmbedder()
    build_index(settings, loaded, fake, load_encoding(settings.encoding), False)
    service = QAService.load(settings, embedder=fake)  # refused names do not make it stale
    assert "secret" not in json.dumps(service.index.manifest.to_dict())
    assert not any("secret" in u.text for u in service.index.units)
