"""A report offered from outside (an upload over the API), checked before it may join
the corpus folder.

The checks run on the bytes and then on a private copy, never in the corpus folder, so a
refused file leaves no trace there: the name must be a plain file name with a report
suffix; the content must be what the suffix says (a PDF starts with ``%PDF-``, a text
file is UTF-8 without NUL bytes); and the file must parse as a report with numbered
paragraphs through the same reader `qa build` uses, which refuses scanned PDFs without
a text layer, encrypted and broken ones with a message naming the problem.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from qa.errors import CorpusError
from qa.ingest.corpus import load_document
from qa.ingest.parser import doc_id_from_path
from qa.ingest.sources import PDF_SUFFIXES, SUPPORTED_SUFFIXES
from qa.models import Document

# Letters, digits, dot, dash, underscore and space: a name that is safe on every file
# system and in a URL once turned into a document id.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,150}$")


class UploadRefused(CorpusError):
    """An offered file that may not join the corpus; ``status`` is the HTTP status that
    fits (415 wrong type, 413 too large, 422 not a readable report)."""

    def __init__(self, name: str, message: str, status: int = 422):
        super().__init__(name, message)
        self.status = status


def checked_name(name: str) -> str:
    """The file name to store under; refuses paths, hidden names and other suffixes."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    suffixes = ", ".join(sorted(SUPPORTED_SUFFIXES))
    if Path(base).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UploadRefused(base or "(no name)", f"not a report file (accepted: {suffixes})", 415)
    if not SAFE_NAME.match(base) or Path(base).stem.lower() == "readme":
        raise UploadRefused(
            base,
            "file name must start with a letter or digit and hold only letters, digits, "
            "spaces, '.', '-' and '_' (at most 151 characters)",
        )
    return base


def check_upload(name: str, data: bytes, max_bytes: int) -> Document:
    """The parsed report, or :class:`UploadRefused` saying why it may not be added."""
    name = checked_name(name)
    if not data:
        raise UploadRefused(name, "the file is empty")
    if len(data) > max_bytes:
        raise UploadRefused(
            name, f"{len(data)} bytes, over the {max_bytes} byte limit (QA_MAX_UPLOAD_MB)", 413
        )
    if Path(name).suffix.lower() in PDF_SUFFIXES:
        if not data.startswith(b"%PDF-"):
            raise UploadRefused(name, "named .pdf but is not a PDF file", 415)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UploadRefused(name, "a text report must be UTF-8", 415) from exc
        if "\x00" in text:
            raise UploadRefused(name, "a text report holds no NUL bytes (binary file?)", 415)
    folder = Path(tempfile.mkdtemp(prefix="qa-upload-"))
    try:
        path = folder / name
        path.write_bytes(data)
        try:
            doc = load_document(path, doc_id_from_path(name))
        except UploadRefused:
            raise
        except CorpusError as exc:
            raise UploadRefused(name, exc.message) from exc
        except Exception as exc:  # a parser bug: the file is refused, the server goes on
            raise UploadRefused(name, f"could not be parsed ({type(exc).__name__})") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not any(u.kind == "paragraph" for u in doc.units):
        raise UploadRefused(name, "no paragraphs found: is there a text layer?")
    return doc
