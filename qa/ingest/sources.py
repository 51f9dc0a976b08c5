"""Reading source files into clean text pages (first stage of ingestion).

Text files are decoded defensively (UTF-8, a BOM, cp1252 which is common in UK public-sector
files) and cleaned of control characters; PDFs are read page by page with pypdf, rebuilding
blank lines between blocks from the vertical gaps so that the same parser handles both.
Problems that still leave readable text become warnings; unreadable files raise
:class:`~qa.errors.CorpusError` naming the file.
"""

from __future__ import annotations

import hashlib
import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from qa.errors import CorpusError
from qa.models import IngestWarning

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

# Where a source's page numbers come from, when it has physical pages.
PageSource = Literal["pdf", "formfeed"]

# C0 controls other than tab, newline and carriage return (form feed is a page break in
# pdftotext output and is kept), plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceText:
    """A file's text split into pages (one page for plain text without form feeds)."""

    path: str
    format: str  # "text" | "pdf"
    sha256: str
    pages: tuple[str, ...]
    page_source: PageSource | None  # "pdf" | "formfeed" | None (no physical pages known)
    warnings: tuple[IngestWarning, ...]


def read_source(path: Path) -> SourceText:
    """Read one corpus file. Raises CorpusError when there is nothing usable in it."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(path), f"cannot read file: {exc.strerror or exc}") from exc
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise CorpusError(str(path), "file is empty")
    if path.suffix.lower() in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        pages, warnings = _read_pdf(path, data)
        return SourceText(str(path), "pdf", sha, pages, "pdf", tuple(warnings))
    text, warnings = decode_text(str(path), data)
    pages = tuple(text.split("\f"))
    return SourceText(
        str(path), "text", sha, pages, "formfeed" if len(pages) > 1 else None, tuple(warnings)
    )


def decode_text(name: str, data: bytes) -> tuple[str, list[IngestWarning]]:
    """Decode bytes as UTF-8 (BOM allowed), else cp1252, and strip control characters."""
    warnings: list[IngestWarning] = []
    if _looks_binary(data):
        raise CorpusError(name, "looks like a binary file, not text or PDF")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            text = data.decode("cp1252")
            warnings.append(IngestWarning(name, line, "not valid UTF-8; decoded as cp1252"))
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="replace")
            warnings.append(
                IngestWarning(name, line, "not valid UTF-8 or cp1252; bad bytes replaced")
            )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _CONTROL.search(text)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        count = len(_CONTROL.findall(text))
        warnings.append(IngestWarning(name, line, f"removed {count} control character(s)"))
        text = _CONTROL.sub("", text)
    return text, warnings


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes in the first 8 KiB, mean this is not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 20)


# ---------------------------------------------------------------------------------------
# PDF


class _Collect(logging.Handler):
    """pypdf reports damage through its logger ("EOF marker not found"); collected here
    and turned into the project's own warnings instead of noise on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _read_pdf(path: Path, data: bytes) -> tuple[tuple[str, ...], list[IngestWarning]]:
    logger = logging.getLogger("pypdf")
    collect = _Collect()
    logger.addHandler(collect)
    propagate, logger.propagate = logger.propagate, False
    try:
        pages, warnings = _read_pdf_pages(path, data)
    finally:
        logger.removeHandler(collect)
        logger.propagate = propagate
    seen = dict.fromkeys(collect.messages)  # once each, in order
    warnings.extend(IngestWarning(str(path), None, f"PDF reader: {m}") for m in seen)
    return pages, warnings


def _read_pdf_pages(path: Path, data: bytes) -> tuple[tuple[str, ...], list[IngestWarning]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    warnings: list[IngestWarning] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        page_objects = list(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(str(path), f"broken PDF: {exc}") from exc
    pages: list[str] = []
    for number, page in enumerate(page_objects, start=1):
        try:
            pages.append(_page_text(page))
        except Exception as exc:  # pypdf raises many types on damaged pages
            warnings.append(IngestWarning(str(path), None, f"page {number} unreadable: {exc}"))
            pages.append("")
    if not any(p.strip() for p in pages):
        raise CorpusError(str(path), "PDF has no extractable text (scanned images need OCR)")
    cleaned = []
    for text in pages:
        cleaned.append(_CONTROL.sub("", text))
    return tuple(cleaned), warnings


def _page_text(page) -> str:
    """One page's text with a blank line wherever the vertical gap says a block ends.

    pypdf returns wrapped lines without paragraph breaks; the parser needs blocks (the
    same shape as text extracted by other tools), so lines are grouped by baseline and
    a gap clearly larger than the usual line spacing starts a new block.
    """
    fragments: list[tuple[float, float, str]] = []  # (y, x, text)
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text and text.strip():
            # Position in user space: text matrix combined with the current matrix.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append((round(y, 1), x, text.replace("\n", " ")))
            sizes.append(abs(font_size * tm[3] * cm[3]))

    page.extract_text(visitor_text=visit)
    if not fragments:
        return page.extract_text() or ""
    lines: list[tuple[float, str]] = []
    for y in sorted({f[0] for f in fragments}, reverse=True):
        parts = [f for f in fragments if f[0] == y]
        parts.sort(key=lambda f: f[1])
        lines.append((y, re.sub(r"\s+", " ", "".join(p[2] for p in parts)).strip()))
    # Wrapped lines sit about 1.2 font sizes apart; paragraph spacing adds to that. A gap
    # above 1.45 font sizes therefore ends a block. Without usable font sizes, fall back
    # to the median gap (most gaps on a page of prose are line gaps).
    size = statistics.median(s for s in sizes if s > 0) if any(s > 0 for s in sizes) else 0.0
    gaps = [a[0] - b[0] for a, b in zip(lines, lines[1:], strict=False) if a[0] - b[0] > 0]
    limit = size * 1.45 if size else (statistics.median(gaps) * 1.4 if gaps else 0.0)
    blocks: list[list[str]] = [[]]
    for index, (y, text) in enumerate(lines):
        if index and limit and (lines[index - 1][0] - y) > limit:
            blocks.append([])
        blocks[-1].append(text)
    return "\n\n".join(_join_wrapped(block) for block in blocks if block)


def _join_wrapped(lines: list[str]) -> str:
    """Join the wrapped lines of one block back into one line."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-"):
            out += line  # keep the hyphen: we cannot tell a soft hyphen from a real one here
        else:
            out += " " + line
    return out
