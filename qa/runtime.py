"""How many CPU threads this process uses, and at what priority a build runs.

A server and a build often share one machine. Left alone, torch and FAISS each size their
thread pools from every core the machine has (``os.cpu_count()``), even when a container
or ``taskset`` lets the process use fewer, and the two processes then fight over the same
cores. So the thread counts follow the cores this process may actually use (its CPU
affinity) unless ``QA_THREADS`` says otherwise, and ``qa build`` lowers its own priority
(``QA_BUILD_NICE``, default 10) so that the scheduler serves the server's answers first.
``qa bench`` measures the effect (answer latency while a build runs, against idle).
"""

from __future__ import annotations

import os
import sys


def usable_cores() -> int:
    """The cores this process may run on (CPU affinity), not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not Linux
        return max(1, os.cpu_count() or 1)


def set_threads(threads: int | None = None) -> int:
    """Size torch's and FAISS's thread pools (ONNX Runtime sessions read
    :func:`configured_threads` when they are opened); returns the count used."""
    count = threads or usable_cores()
    os.environ["QA_THREADS_IN_USE"] = str(count)
    if "torch" in sys.modules or _importable("torch"):
        import torch

        torch.set_num_threads(count)
    try:
        import faiss

        faiss.omp_set_num_threads(count)
    except (ImportError, AttributeError):  # pragma: no cover - faiss is a dependency
        pass
    return count


def configured_threads() -> int:
    """The count :func:`set_threads` chose in this process (all usable cores if unset)."""
    value = os.environ.get("QA_THREADS_IN_USE", "")
    return int(value) if value.isdigit() and int(value) > 0 else usable_cores()


def lower_priority(increment: int) -> int:
    """Add ``increment`` to this process's niceness (0 leaves it); the niceness after."""
    if increment > 0:
        return os.nice(increment)
    return os.nice(0)


def _importable(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(name) is not None
