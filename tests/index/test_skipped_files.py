"""A file the build skips never takes the corpus down: the manifest records it with its
reason, loading knows it, and only a change to it asks for a rebuild (fake embedder)."""

from __future__ import annotations

import json
import os
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


_SERVE_CHECK = """
import json
import sys
from pathlib import Path
from qa.index.build import build_index
from qa.ingest.corpus import load_corpus
from qa.pipeline import QAService
from qa.settings import Settings
from qa.text.tokens import load_encoding
from tests.fakes import FakeEmbedder

corpus, index = Path(sys.argv[1]), Path(sys.argv[2])
settings = Settings(corpus_dir=corpus, index_dir=index, data_dir=index / "data")
fake = FakeEmbedder()
report = build_index(settings, load_corpus(corpus), fake, load_encoding(settings.encoding), False)
service = QAService.load(settings, embedder=fake)
answers = {}
for doc in service.index.documents:
    answer = service.ask("What did inspectors find about children in care?", doc=doc)
    answers[doc] = [p.doc for p in answer.passages]
print(json.dumps({"skipped": service.index.manifest.skipped, "answers": answers}))
"""


def _without_read_override() -> dict:
    """Root reads a mode-000 file regardless (CAP_DAC_OVERRIDE): as root, the child drops
    that capability and CAP_DAC_READ_SEARCH from its bounding set before it starts Python,
    so the file is as unreadable to it as to any other user."""
    if os.geteuid() != 0:
        return {}

    def drop() -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
        for cap in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return {"preexec_fn": drop}


def test_bad_unreadable_and_linked_files_never_stop_the_good_reports(tmp_path):
    import json
    import subprocess
    import sys

    from tests.fakes import REPORTS, needs_real_reports

    if needs_real_reports.args[0]:
        pytest.skip(needs_real_reports.kwargs["reason"])
    base = tmp_path
    try:
        corpus = base / "corpus"
        corpus.mkdir()
        shutil.copy(SEED, corpus / SEED.name)
        shutil.copy(REPORTS / "norfolk-16-august-2013.pdf", corpus)
        (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
        (corpus / "locked.txt").write_text("Paragraph 1. Nobody may read this.\n")
        (corpus / "locked.txt").chmod(0o000)
        secret = base / "secret.txt"
        secret.write_text("Paragraph 1. Outside the corpus.\n")
        (corpus / "outside.txt").symlink_to(secret)
        index = base / "index"
        root = Path(__file__).resolve().parents[2]
        done = subprocess.run(
            [sys.executable, "-c", _SERVE_CHECK, str(corpus), str(index)],
            cwd=root,
            env=dict(os.environ, PYTHONPATH=str(root)),
            capture_output=True,
            text=True,
            timeout=300,
            **_without_read_override(),
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        (base / "corpus" / "locked.txt").chmod(0o600)  # so pytest can clean up
    skipped = result["skipped"]
    assert sorted(skipped) == ["broken.pdf", "locked.txt", "outside.txt"]
    assert "permission" in skipped["locked.txt"]["reason"].lower()
    assert "outside the corpus folder" in skipped["outside.txt"]["reason"]
    # Every good report is indexed and answers from itself.
    assert sorted(result["answers"]) == sorted([SEED.stem, "norfolk-16-august-2013"])
    for doc, cited in result["answers"].items():
        assert cited and set(cited) == {doc}
