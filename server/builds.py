"""Index builds the server runs itself, after a report is uploaded or removed over the
API, one at a time in a background thread, with their progress kept for
``GET /v1/builds/{id}``.

A build is `qa build` run in-process: the whole corpus folder is read again and
:func:`qa.index.build.build_index` reuses the vectors of every unchanged report, so only
the new one is embedded; it takes the index's build lock (waiting behind a `qa build`
run from a shell), publishes the new index only when it is complete, and the
:class:`~server.state.ServiceHolder` then loads it. Whatever fails, nothing already
indexed is lost: the index in use stays in use, and the change to the corpus folder is
undone (an uploaded file is moved out again, a removed one put back), so the folder
matches the index that serves.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from qa.index.build import build_index
from qa.ingest.corpus import load_corpus
from qa.runtime import lower_priority
from qa.settings import Settings
from qa.text.tokens import load_encoding
from server.state import ServiceHolder

log = logging.getLogger("report_qa.server")

# Kept for GET /v1/builds: the most recent ones (older ones are forgotten).
KEEP = 100


@dataclass
class Build:
    id: str
    action: str  # "upload" | "delete"
    doc: str
    file: str
    state: str = "queued"  # queued | running | done | failed
    stage: str = "waiting for the build before it"
    message: str | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None
    index_build: str | None = None  # the index folder it published
    embedded: int | None = None  # texts embedded (the others reused)
    reused: int | None = None

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class _Job:
    build: Build
    undo: Callable[[], Any]  # restores the corpus folder as it was before the change
    expect_doc: bool  # whether the new index must contain ``build.doc``


class Builder:
    def __init__(self, settings: Settings, holder: ServiceHolder):
        self.settings = settings
        self.holder = holder
        self._builds: dict[str, Build] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[_Job] = queue.Queue()
        self._thread: threading.Thread | None = None

    def submit(
        self, action: str, doc: str, file: str, undo: Callable[[], Any], expect_doc: bool
    ) -> Build:
        build = Build(uuid.uuid4().hex[:12], action, doc, file)
        with self._lock:
            self._builds[build.id] = build
            for old in list(self._builds)[:-KEEP]:
                del self._builds[old]
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="qa-build", daemon=True)
                self._thread.start()
        self._queue.put(_Job(build, undo, expect_doc))
        return build

    def get(self, build_id: str) -> Build | None:
        return self._builds.get(build_id)

    def all(self) -> list[Build]:
        return sorted(self._builds.values(), key=lambda b: b.created, reverse=True)

    def _work(self) -> None:
        # On Linux niceness belongs to a thread: this lowers the build thread's priority
        # (QA_BUILD_NICE, as `qa build` does for its process) and not the request threads'.
        # torch's own worker threads are shared with the answers and keep theirs.
        lower_priority(self.settings.build_nice)
        while True:
            self._run(self._queue.get())

    def _run(self, job: _Job) -> None:
        build = job.build
        build.state = "running"
        try:
            service = self.holder.get()
            build.stage = "reading the corpus"
            corpus = load_corpus(self.settings.corpus_dir, max_bytes=self.settings.max_file_bytes)
            present = any(d.id == build.doc for d in corpus.documents)
            if present != job.expect_doc:
                reason = next(
                    (e.message for e in corpus.errors if build.file in e.file), "not found"
                )
                raise RuntimeError(f"{build.file}: {reason}")
            build.stage = "indexing (embedding new text, reusing the rest)"
            encoding = load_encoding(self.settings.encoding, self.settings.encoding_file)
            report = build_index(
                self.settings, corpus, service.embedder, encoding, progress=False, wait=True
            )
            build.embedded, build.reused = report.embedded, report.reused
            build.index_build = report.build_id
            build.stage = "loading the new index"
            status = self.holder.reload()
            if status.build != report.build_id:
                raise RuntimeError(status.message or "the new index could not be loaded")
        except Exception as exc:
            log.warning("build %s (%s %s) failed: %s", build.id, build.action, build.file, exc)
            try:
                job.undo()
            except OSError as undo_error:  # reported; the index in use is unaffected
                log.error("build %s: could not undo %s: %s", build.id, build.action, undo_error)
            build.state, build.stage = "failed", "failed; the corpus folder is as it was"
            build.message = str(exc) or type(exc).__name__
        else:
            build.state, build.stage = "done", "done"
        build.finished = time.time()
