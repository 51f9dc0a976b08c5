"""The one QA service the server shares between requests, loaded in the background and
swapped atomically when a new index is published.

Requests take a reference with :meth:`ServiceHolder.get` and keep it for their whole
duration, so a reload never changes the index under a request that is running: it
finishes on the old one, later requests see the new one. The embedding model is loaded
once and reused by every reload.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from qa.errors import QAError
from qa.index.backends import IndexStore, open_store
from qa.pipeline import QAService
from qa.settings import Settings

log = logging.getLogger("report_qa.server")


class NotReady(QAError):
    """The model or index is not loaded (yet, or the load failed)."""


@dataclass(frozen=True)
class Status:
    ready: bool
    state: str  # "loading" | "ready" | "error"
    message: str | None
    build: str | None  # the id of the index build in use (its folder, or Milvus collection)
    loaded_at: float | None
    # Corpus files the build in use could not index: {name: reason} (relative names).
    skipped: dict[str, str] | None = None
    # While loading: {"stage", "step", "steps", "seconds"} (the chat page shows it).
    progress: dict | None = None


# The stage sink of the load running in this thread: the holder sets it around the
# loader call, and the default loader passes it to QAService.load. (A contextvar, so
# custom loaders keep their two-argument signature.)
LOAD_PROGRESS: ContextVar[Callable[[str, int, int], None] | None] = ContextVar(
    "LOAD_PROGRESS", default=None
)


Loader = Callable[[Settings, QAService | None], QAService]


def default_loader(settings: Settings, previous: QAService | None) -> QAService:
    embedder = previous.embedder if previous is not None else None
    return QAService.load(settings, embedder=embedder, progress=LOAD_PROGRESS.get())


def _release_later(delay_s: float = 10.0) -> None:
    """After a reload the old index is freed once the requests still using it finish;
    its many small objects leave the C allocator's arenas full of free space that it
    keeps. A little later, collect and hand that space back to the system (glibc's
    malloc_trim), so that every reload does not ratchet the server's memory up."""

    def release() -> None:
        import ctypes
        import gc

        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to trim
            pass

    timer = threading.Timer(delay_s, release)
    timer.daemon = True
    timer.start()


class ServiceHolder:
    # How often a request may look at which build is live (the embedded store's CURRENT
    # file: a stat and a tiny read; Milvus: one describe_alias call).
    CHECK_EVERY_S = 1.0

    def __init__(self, settings: Settings, loader: Loader = default_loader):
        self.settings = settings
        self._loader = loader
        self._service: QAService | None = None
        self._state = "loading"
        self._message: str | None = None
        self._loaded_at: float | None = None
        self._reload_lock = threading.Lock()
        self._last_check = 0.0
        self._pointer: str | None = None
        self._index_store: IndexStore | None = None  # opened on first look, then kept
        # For /metrics (server/telemetry.py): loads refused since start, and whether the
        # newest build is refused right now.
        self.refused_loads = 0
        self.refusing = False
        self._progress: dict | None = None

    def _store(self) -> IndexStore:
        if self._index_store is None:
            self._index_store = open_store(self.settings)
        return self._index_store

    # -- loading -----------------------------------------------------------------------

    def start(self) -> threading.Thread:
        """Load in a background thread, so /healthz and /readyz answer at once."""
        thread = threading.Thread(target=self.reload, name="qa-load", daemon=True)
        thread.start()
        return thread

    def reload(self) -> Status:
        """(Re)load the index now; on failure the service in use (if any) stays in use."""
        with self._reload_lock:
            pointer = self._read_pointer()
            started = time.monotonic()

            def stage(name: str, step: int, steps: int) -> None:
                self._progress = {"stage": name, "step": step, "steps": steps, "started": started}

            token = LOAD_PROGRESS.set(stage)
            previous = self._service
            try:
                service = self._loader(self.settings, previous)
            except QAError as exc:
                log.error("index not loaded: %s", exc)
                self._refused(pointer, str(exc))
            except Exception as exc:  # a bug or an unexpected library error
                log.exception("index not loaded")
                self._refused(pointer, f"unexpected error while loading: {type(exc).__name__}")
            else:
                self._service = service  # one reference assignment: atomic for readers
                self._state, self._message = "ready", None
                self.refusing = False
                self._loaded_at = time.time()
                log.info("index loaded from %s", service.index.location)
                if previous is not None:
                    _release_later()
            finally:
                LOAD_PROGRESS.reset(token)
                self._progress = None
                previous = None  # this frame holds the old index no longer
            self._pointer = pointer
            return self.status()

    def _refused(self, pointer: str | None, reason: str) -> None:
        """A build that cannot be loaded: the service in use, if any, goes on serving, and
        the message says which build serves and which was refused, and why."""
        self.refused_loads += 1
        self.refusing = True
        if self._service is None:
            self._state, self._message = "error", reason
            return
        refused = pointer or "(none)"
        self._message = (
            f"serving build {self._service.index.build_id}; build {refused} refused: {reason}"
        )

    def _read_pointer(self) -> str | None:
        try:
            return self._store().current_build()
        except QAError:
            return None

    def maybe_reload(self) -> None:
        """Reload in the background if `qa build` published a new index since the last look."""
        now = time.monotonic()
        if now - self._last_check < self.CHECK_EVERY_S or self._reload_lock.locked():
            return
        self._last_check = now
        if self._read_pointer() != self._pointer:
            threading.Thread(target=self.reload, name="qa-reload", daemon=True).start()

    # -- use -----------------------------------------------------------------------------

    def get(self) -> QAService:
        self.maybe_reload()
        service = self._service
        if service is None:
            detail = f": {self._message}" if self._message else ""
            raise NotReady(f"the index is {self._state}{detail}")
        return service

    def _progress_now(self) -> dict | None:
        progress = self._progress
        if progress is None:
            return None
        seconds = round(time.monotonic() - progress["started"], 1)
        return {k: v for k, v in progress.items() if k != "started"} | {"seconds": seconds}

    def status(self) -> Status:
        service = self._service
        return Status(
            ready=service is not None,
            state=self._state,
            message=self._message,
            build=service.index.build_id if service else None,
            loaded_at=self._loaded_at,
            progress=self._progress_now(),
            skipped=(
                {
                    name: info.get("reason", "")
                    for name, info in service.index.manifest.skipped.items()
                }
                if service
                else None
            ),
        )
