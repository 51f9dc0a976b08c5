"""Domain errors. The CLI turns them into one clear line; the server into a JSON error."""

from __future__ import annotations


class QAError(Exception):
    """Base class for errors a user can act on (bad input, missing index ...)."""


class CorpusError(QAError):
    """A source file could not be read as a report. Names the file (and line if known)."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # Rebuilt from its own fields when it crosses a process boundary (parallel reading).
        return (type(self), (self.file, self.message, self.line))


class UnknownDocument(QAError):
    """A document id that is not in the corpus."""
