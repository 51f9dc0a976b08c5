"""Index problems. Every message says which command fixes it."""

from __future__ import annotations

from qa.errors import QAError


class IndexError_(QAError):
    """Base for index problems; every message says which command fixes it."""


class IndexNotBuilt(IndexError_):
    pass


class IndexCorrupt(IndexError_):
    pass


class IndexMismatch(IndexError_):
    pass


class IndexStale(IndexError_):
    pass


class IndexBusy(IndexError_):
    """Another build holds the index folder's lock."""
