"""Milvus Lite for the tests: nothing to start by hand.

A ``.db`` path makes pymilvus run Milvus Lite inside the test process (an in-process
gRPC server on a loopback port); :class:`MilvusLiteServer` runs Milvus Lite's own gRPC
server as a separate process (``milvus-lite server``), so that the network client path
is exercised exactly as against a Milvus server, and several processes can share it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

needs_milvus = pytest.mark.skipif(
    shutil.which("milvus-lite", path=str(Path(sys.executable).parent)) is None,
    reason='Milvus Lite is not installed (pip install -e ".[milvus]")',
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MilvusLiteServer:
    """``milvus-lite server`` on a free loopback port, over ``data_dir``."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> MilvusLiteServer:
        binary = Path(sys.executable).parent / "milvus-lite"
        self.process = subprocess.Popen(
            [str(binary), "server", "--data-dir", str(self.data_dir), "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"milvus-lite server exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"milvus-lite server did not listen on {self.port} in {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
