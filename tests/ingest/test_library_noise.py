"""Library noise on stderr is caught and turned into the project's own warnings.

PDFium writes its complaints about damaged files to file descriptor 2, past Python's
logging; `qa build` must not show them as unattributed lines on the terminal."""

from __future__ import annotations

import ctypes
import os
import sys

from qa.ingest.pdfreader import captured_stderr


def test_writes_to_file_descriptor_2_are_caught_not_shown(capfd):
    libc = ctypes.CDLL(None)
    with captured_stderr() as lines:
        os.write(2, b"FPDF: damaged xref\n")
        libc.write(2, b"from C: bad object 12\n", 22)  # as a C library writes
        os.write(2, b"FPDF: damaged xref\n")  # repeated: kept once
    assert lines == ["FPDF: damaged xref", "from C: bad object 12"]
    assert "FPDF" not in capfd.readouterr().err
    # Afterwards stderr is the terminal's again.
    print("visible", file=sys.stderr, flush=True)
    assert "visible" in capfd.readouterr().err


def test_an_exception_inside_still_restores_stderr(capfd):
    try:
        with captured_stderr():
            raise ValueError("boom")
    except ValueError:
        pass
    os.write(2, b"after\n")
    assert "after" in capfd.readouterr().err


def test_overlapping_captures_from_threads_leave_stderr_intact(capfd):
    import threading

    def capture(tag: bytes) -> None:
        for _ in range(20):
            with captured_stderr():
                os.write(2, tag)

    threads = [threading.Thread(target=capture, args=(t,)) for t in (b"a\n", b"b\n", b"c\n")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    capfd.readouterr()
    os.write(2, b"still the terminal\n")
    assert "still the terminal" in capfd.readouterr().err


def test_loading_the_model_prints_nothing_on_stderr():
    """transformers draws a "Loading weights" bar on every load; the embedder turns it
    off so `qa build --quiet` and the server's log stay clean."""
    import subprocess
    from pathlib import Path

    import pytest

    pytest.importorskip("sentence_transformers")
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", "from qa.index.embedder import Embedder; Embedder().warm_up()"],
        cwd=root,
        env=dict(os.environ, PYTHONPATH=str(root), HF_HUB_OFFLINE="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
