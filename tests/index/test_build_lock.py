"""One build at a time per index folder (fake embedder; the lock is the kernel's flock)."""

from __future__ import annotations

import fcntl
import shutil
import threading
import time

import pytest

from qa.index.build import build_index
from qa.index.store import IndexBusy, IndexRoot
from qa.ingest.corpus import load_corpus
from qa.settings import Settings
from qa.text.tokens import load_encoding
from tests.conftest import SEED
from tests.fakes import FakeEmbedder


@pytest.fixture()
def setup(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    return settings, load_corpus(corpus), load_encoding(settings.encoding)


def test_a_second_build_is_refused_with_the_holder_named(setup):
    settings, corpus, encoding = setup
    with IndexRoot(settings.index_dir).build_lock():
        with pytest.raises(IndexBusy, match=r"pid \d+, started .*--wait"):
            build_index(settings, corpus, FakeEmbedder(), encoding, progress=False)
    # Released: the next build goes ahead and publishes.
    report = build_index(settings, corpus, FakeEmbedder(), encoding, progress=False)
    assert IndexRoot(settings.index_dir).current() == report.folder


def test_wait_queues_behind_the_running_build(setup):
    settings, corpus, encoding = setup
    root = IndexRoot(settings.index_dir)
    held = threading.Event()
    release = threading.Event()

    def holder():
        with root.build_lock():
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(5)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    report = build_index(settings, corpus, FakeEmbedder(), encoding, progress=False, wait=True)
    assert time.monotonic() - started >= 0.4  # it waited for the holder
    thread.join()
    assert root.current() == report.folder


def test_a_dead_holder_leaves_no_stale_lock(setup):
    settings, corpus, encoding = setup
    root = IndexRoot(settings.index_dir)
    root.path.mkdir(parents=True)
    lock = root.path / ".build.lock"
    lock.write_text("pid 999999, started long ago\n")  # a holder that died: text, no flock
    with open(lock) as handle:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)  # nobody holds it
    report = build_index(settings, corpus, FakeEmbedder(), encoding, progress=False)
    assert root.current() == report.folder
