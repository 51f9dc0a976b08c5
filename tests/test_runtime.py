"""Thread counts follow the cores a process may use; a build lowers its own priority."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from qa.runtime import configured_threads, set_threads, usable_cores

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture()
def one_core():
    """This process pinned to one core (as `taskset` or a container would), then restored."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    threads = None
    try:
        import torch

        threads = torch.get_num_threads()
        yield
    finally:
        os.sched_setaffinity(0, before)
        if threads is not None:
            set_threads(threads)


def test_threads_follow_the_cpu_affinity_not_the_machine(one_core):
    import faiss
    import torch

    assert usable_cores() == 1
    assert set_threads() == 1
    assert torch.get_num_threads() == 1
    assert faiss.omp_get_max_threads() == 1
    assert configured_threads() == 1  # what ONNX Runtime sessions are opened with


def test_an_explicit_count_wins():
    import torch

    before = torch.get_num_threads()
    try:
        assert set_threads(3) == 3 and torch.get_num_threads() == 3
    finally:
        set_threads(before)


def test_a_build_runs_at_lower_priority_by_default():
    """`qa build` calls lower_priority(settings.build_nice) first; checked in a child so
    that this test process keeps its priority."""
    code = (
        "import os; from qa.settings import Settings; from qa.runtime import lower_priority;"
        "before = os.nice(0); after = lower_priority(Settings().build_nice);"
        "print(before, after, lower_priority(0))"
    )
    env = {k: v for k, v in os.environ.items() if k != "QA_BUILD_NICE"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    before, after, unchanged = map(int, out)
    assert after == min(19, before + 10)
    assert unchanged == after  # 0 leaves the priority as it is


def test_lowering_a_threads_priority_leaves_the_other_threads(monkeypatch):
    """The server's upload builds run in a thread that lowers only its own priority
    (Linux keeps niceness per thread), so requests keep theirs."""
    import threading

    from qa.runtime import lower_priority

    before = os.nice(0)
    seen = {}
    thread = threading.Thread(target=lambda: seen.update(after=lower_priority(4)))
    thread.start()
    thread.join()
    assert seen["after"] == min(19, before + 4)
    assert os.nice(0) == before
