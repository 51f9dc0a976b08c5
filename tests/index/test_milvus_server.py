"""The Milvus store over the network: Milvus Lite's own gRPC server in a separate process
(``milvus-lite server``), shared by the test and the processes it starts, as `qa build`
and replicas of `qa serve` share a Milvus server. Fake embedder (fast suite).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.index.backends import load_index, open_store
from qa.index.backends.milvus import MilvusStore, MilvusUnavailable
from qa.pipeline import QAService
from tests.conftest import SEED
from tests.fakes import FakeEmbedder
from tests.index.test_stores import build, store_settings
from tests.milvus_lite import MilvusLiteServer, free_port, needs_milvus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = needs_milvus


@pytest.fixture()
def server(tmp_path):
    running = MilvusLiteServer(tmp_path / "milvus-data").start()
    yield running
    running.stop()


@pytest.fixture()
def settings(tmp_path, server):
    return store_settings(tmp_path, "embedded").model_copy(update={"milvus_uri": server.uri})


# A build in another process that dies as `kill -9` would kill it (os._exit: no clean-up,
# no finally blocks) when it reaches the new report, after the seed's part is stored.
KILLED_BUILD = """
import os, sys
from qa.index import build as build_module
from qa.settings import Settings
from tests.fakes import FakeEmbedder
from tests.index.test_stores import build

class Killed(FakeEmbedder):
    def embed(self, texts, progress=False):
        os._exit(9)

build_module.PART_TEXTS = 100
build(Settings(**{k: v for k, v in zip(sys.argv[1::2], sys.argv[2::2])}), Killed())
"""


def test_a_build_killed_half_way_leaves_the_previous_alias_serving(settings):
    fake = FakeEmbedder()
    first = build(settings, fake)
    milvus = open_store(settings)
    assert isinstance(milvus, MilvusStore) and milvus.current_build() == first.build_id
    (settings.corpus_dir / "zz-notes.md").write_text("# Notes\n\nThe LADO visited twice.\n")
    args = ["corpus_dir", str(settings.corpus_dir), "index_dir", str(settings.index_dir)]
    args += ["milvus_uri", str(settings.milvus_uri)]
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == 9, killed.stderr[-2000:]
    # The dead build left collections with rows in them, and no alias change.
    builds = milvus.builds()
    dead = [b for b in builds if b != first.build_id]
    assert len(dead) == 1 and builds[dead[0]] == {"units", "chunks", "sentences"}
    assert milvus.client.query(f"qa_{dead[0]}_units", filter="row >= 0", limit=1)
    assert milvus.current_build() == first.build_id
    service = QAService.load(
        settings.model_copy(update={"corpus_dir": ROOT / "no-corpus"}), embedder=fake
    )
    assert service.index.build_id == first.build_id
    assert service.ask("How many looked after children were there?").citations[0].unit == "p8"
    # The next build cleans up after it and goes live.
    second = build(settings, fake)
    assert milvus.current_build() == second.build_id
    assert set(milvus.builds()) == {first.build_id, second.build_id}


def test_a_running_server_notices_the_new_alias(settings):
    from server.state import ServiceHolder

    fake = FakeEmbedder()
    first = build(settings, fake)
    holder = ServiceHolder(settings, loader=lambda s, previous: QAService.load(s, embedder=fake))
    assert holder.reload().build == first.build_id
    (settings.corpus_dir / "notes.md").write_text("# Notes\n\nThe LADO visited twice.\n")
    second = build(settings, fake)
    holder._last_check = 0.0  # as if a second had passed since the last look
    holder.get()  # a request: it looks, and reloads in the background
    deadline = time.monotonic() + 60
    while holder.status().build != second.build_id and time.monotonic() < deadline:
        time.sleep(0.2)
    assert holder.status().build == second.build_id
    assert "notes" in holder.get().index.documents


def test_loading_from_milvus_reads_nothing_from_the_local_index_folder(settings, tmp_path):
    build(settings, FakeEmbedder())
    empty = tmp_path / "empty-index"
    empty.mkdir()
    index = load_index(settings.model_copy(update={"index_dir": empty}))
    assert index.folder is None and "milvus" in index.location
    assert not any(empty.iterdir())  # nothing written there either


def test_an_unreachable_milvus_is_one_clear_line_naming_the_uri(tmp_path):
    uri = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    env = {**os.environ, "QA_MILVUS_URI": uri, "QA_INDEX_DIR": str(tmp_path / "index")}
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "How many looked after children?"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"cannot reach Milvus at {uri}" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_uri_that_is_neither_a_server_nor_a_lite_file_is_refused():
    with pytest.raises(MilvusUnavailable, match="neither a server URL"):
        MilvusStore.connect("some-folder/qa")


def test_the_seed_is_served_over_grpc_with_the_same_answers_as_lite(settings, tmp_path):
    fake = FakeEmbedder()
    build(settings, fake)
    lite = store_settings(tmp_path / "lite", "milvus-lite")
    build(lite, fake)
    over_grpc, in_process = (
        QAService.load(settings, embedder=fake),
        QAService.load(lite, embedder=fake),
    )
    for question in ("What does LSCB stand for?", "Who was the lead inspector?"):
        a, b = over_grpc.ask(question), in_process.ask(question, doc=SEED.stem)
        assert a.answer == b.answer and [c.unit for c in a.citations] == [
            c.unit for c in b.citations
        ]
