"""Crash safety, tried as an operator would: `kill -9` a build at many points of every
phase, start two builds at once, and check each time that the index that was serving
still loads, verifies and answers, and that the next build succeeds.

The builds run in child processes (tests/build_driver.py, fake embedder, a real index on
disk over the seed report and a real PDF) so that SIGKILL is the real thing.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.index.backends import load_index
from qa.index.store import IndexRoot
from qa.pipeline import QAService
from qa.settings import Settings
from tests.conftest import SEED
from tests.fakes import REPORTS, FakeEmbedder, needs_real_reports

ROOT = Path(__file__).resolve().parents[2]
PHASES = [
    "read",
    "reuse",
    "chunk",
    "embed",
    "tables",
    "vectors",
    "faiss",
    "bm25",
    "manifest",
    "publish",
]
QUESTION = "How many looked after children were there?"

pytestmark = [needs_real_reports, pytest.mark.integration]


def _driver(corpus: Path, index: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-m", "tests.build_driver", str(corpus), str(index), *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill_at(corpus: Path, index: Path, phase: str, delay: float) -> str:
    """Start a build, SIGKILL it ``delay`` seconds after it announces ``phase``; the
    last phase it announced before dying."""
    child = _driver(corpus, index)
    assert child.stdout is not None
    last = ""
    for line in child.stdout:
        if line.startswith("phase "):
            last = line.split()[1]
            if last == phase:
                time.sleep(delay)
                break
        if line.startswith("published"):
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    # What it printed between our last read and the kill is still in the pipe.
    for line in child.stdout:
        if line.startswith("phase "):
            last = line.split()[1]
        if line.startswith("published"):
            last = "published"
    child.stdout.close()
    return last


def _assert_serving(settings: Settings, build_id: str) -> None:
    """The build that was live is still live, verifies against its checksums and answers."""
    index = load_index(settings)  # checks every file's size and sha256
    assert index.manifest.build_id == build_id
    service = QAService.load(settings, embedder=FakeEmbedder())
    answer = service.ask(QUESTION)
    assert not answer.abstained and answer.citations


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / SEED.name)
    shutil.copy(REPORTS / "norfolk-16-august-2013.pdf", corpus)
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    child = _driver(corpus, settings.index_dir)
    out, _ = child.communicate(timeout=300)
    assert child.returncode == 0, out
    return settings, load_index(settings).manifest.build_id


def test_kill_9_at_twenty_points_never_touches_the_serving_index(live):
    settings, build_id = live
    rng = random.Random(16)
    # Two kills per phase: one the moment it is announced, one a random moment into it
    # (which may land in the next phase); 20 in all, spread over the whole build.
    points = [(phase, 0.0) for phase in PHASES] + [
        (phase, rng.uniform(0.005, 0.2)) for phase in PHASES
    ]
    reached = set()
    for phase, delay in points:
        last = _kill_at(settings.corpus_dir, settings.index_dir, phase, delay)
        reached.add(last)
        live_id = load_index(settings).manifest.build_id
        if last not in ("publish", "published"):
            # Killed before the switch: the old build is live, untouched.
            assert live_id == build_id, (phase, delay, last)
        # Killed during or after the switch: either build, but always a whole one.
        _assert_serving(settings, live_id)
        build_id = live_id
    # The kills landed in every phase, not only the first one.
    assert reached >= set(PHASES) - {"publish"} and reached & {"publish", "published"}
    # No killed build left a lock behind: the next one runs, publishes and serves.
    child = _driver(settings.corpus_dir, settings.index_dir)
    out, _ = child.communicate(timeout=300)
    assert child.returncode == 0, out
    new_id = load_index(settings).manifest.build_id
    assert new_id != build_id
    _assert_serving(settings, new_id)
    # Leftovers of the killed builds were pruned: the live build and the one before it.
    assert len(list(IndexRoot(settings.index_dir).builds.iterdir())) <= 2


def _started(child: subprocess.Popen) -> list[str]:
    """Read the child's output until it is inside its build (it holds the lock)."""
    assert child.stdout is not None
    seen = []
    for line in child.stdout:
        seen.append(line)
        if line.strip() == "phase chunk":
            return seen
    raise AssertionError("".join(seen))


def test_a_second_build_started_during_the_first_is_refused(live):
    settings, _ = live
    first = _driver(settings.corpus_dir, settings.index_dir)
    _started(first)
    second = _driver(settings.corpus_dir, settings.index_dir)
    out_second = second.communicate(timeout=300)[0]
    out_first = first.communicate(timeout=300)[0]
    assert (first.returncode, second.returncode) == (0, 3), out_first + out_second
    assert "another `qa build` is running" in out_second and "--wait" in out_second
    assert "pid " in out_second  # the holder is named
    _assert_serving(settings, load_index(settings).manifest.build_id)


def test_with_wait_the_second_build_queues_and_publishes_after_the_first(live):
    settings, _ = live
    first = _driver(settings.corpus_dir, settings.index_dir, "--wait")
    _started(first)
    second = _driver(settings.corpus_dir, settings.index_dir, "--wait")
    outs = [child.communicate(timeout=300)[0] for child in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outs
    published = [
        line.split()[1] for out in outs for line in out.splitlines() if "published" in line
    ]
    assert len(set(published)) == 2  # two builds, one after the other
    assert load_index(settings).manifest.build_id == published[1]  # the queued one is live
    _assert_serving(settings, published[1])
