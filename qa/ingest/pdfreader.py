"""PDF pages -> positioned lines, with page furniture and footnotes taken out.

Built on pypdfium2 (PDFium, Apache-2.0/BSD-3-Clause; see docs/pdf-readers.md for the
comparison with pdfplumber). PDFium's text page is asked for its text *runs* (the
rectangles it groups characters into), not for every character, which keeps reading
fast; each run carries its text, box, font size, weight and baseline.

From the runs:

- **lines** are rebuilt by baseline: a run belongs to the line whose baseline band (from a
  quarter of the font size below to three quarters above) holds its vertical centre, so a
  raised footnote mark stays on its line and is dropped there (``superscript``);
- **spaces** come from PDFium's text (it adds the spaces a layout implies) and from gaps:
  runs further apart than half the font size get a space (no glued words), closer runs
  are joined as they are (no split words); a gap of more than two font sizes is a column break
  and becomes a tab, so two-column tables and
  hanging paragraph numbers ("1.<tab>The purpose ...") read as rows;
- **running headers, footers and page numbers** are lines in the top or bottom eighth of a
  page whose text, digits masked, repeats on a good share of the pages, or a bare number
  there;
- **footnotes** are the run of small-font lines at the foot of a page that starts with a
  number (the footnote mark);
- **the closing page** (publisher contact and licence details) is a page after the first
  that carries the Crown copyright notice and no numbered paragraph.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import os
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from qa.errors import CorpusError

# Share of page height at the top and bottom where running headers and footers live.
FURNITURE_ZONE = 0.125
# A masked line is furniture when it repeats on at least this share of pages (min 2).
FURNITURE_SHARE = 0.3
# Runs further apart than this many font sizes get a space; more than COLUMN_GAP, a tab.
WORD_GAP = 0.5
COLUMN_GAP = 2.0
# Footnote text is set at most this share of the body size.
FOOTNOTE_SIZE = 0.9
BOLD_WEIGHT = 600

_COPYRIGHT = re.compile(r"crown copyright|\u00a9", re.I)
_PARA_LINE = re.compile(r"^\d{1,3}\.\s*\S")


@dataclass(frozen=True)
class PdfLine:
    """One rebuilt line. Coordinates are PDF points from the page's top-left corner."""

    page: int  # 1-based physical page
    text: str  # columns separated by "\t"
    x0: float
    y0: float  # top
    x1: float
    y1: float  # bottom (baseline + a fifth of the size)
    size: float  # main font size of the line
    bold: bool  # most of its characters are bold
    cells: tuple[tuple[float, str], ...] = ()  # (x0, text) of each column

    @property
    def plain(self) -> str:
        return self.text.replace("\t", " ")


@dataclass(frozen=True)
class PdfPage:
    number: int
    width: float
    height: float
    lines: tuple[PdfLine, ...]  # body lines in reading order
    footnotes: tuple[PdfLine, ...] = ()
    furniture: tuple[PdfLine, ...] = ()  # running headers, footers, page numbers
    closing: bool = False  # the publisher's contact / licence page


@dataclass(frozen=True)
class PdfText:
    path: str
    pages: tuple[PdfPage, ...]
    body_size: float  # the most used font size (by characters)
    # What went wrong but cost only part of the file: damaged pages, PDFium's own messages.
    warnings: tuple[str, ...] = ()

    def body_lines(self) -> list[PdfLine]:
        return [line for page in self.pages if not page.closing for line in page.lines]


@dataclass
class _Run:
    text: str
    x0: float
    x1: float
    top: float  # glyph box, PDF coordinates (y grows upwards)
    bottom: float
    base: float  # baseline
    size: float
    weight: int


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def captured_stderr():
    """PDFium writes warnings about damaged files straight to file descriptor 2, past
    Python's logging. They are caught in a temporary file for the duration and handed
    back as lines (the caller turns them into the project's own warnings), so the
    terminal of `qa build` shows no unattributed noise."""
    lines: list[str] = []
    import tempfile

    # One capture at a time in a process: two overlapping ones would restore each other's
    # descriptors in the wrong order and leave fd 2 pointing at a deleted file.
    with _STDERR_LOCK, tempfile.TemporaryFile() as sink:
        try:
            saved = os.dup(2)
        except OSError:  # pragma: no cover - no stderr at all
            yield lines
            return
        try:
            os.dup2(sink.fileno(), 2)
            yield lines
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read(64 * 1024).decode("utf-8", "replace")
            lines.extend(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def read_pdf(path: Path | str, data: bytes | None = None) -> PdfText:
    """Read a PDF into positioned lines. Raises CorpusError naming the file."""
    import pypdfium2 as pdfium

    name = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise CorpusError(name, f"cannot read file: {exc.strerror or exc}") from exc
    problems: list[str] = []
    with captured_stderr() as noise:
        try:
            pdf = pdfium.PdfDocument(io.BytesIO(data))
        except pdfium.PdfiumError as exc:
            message = str(exc)
            if "password" in message.lower():
                raise CorpusError(name, "encrypted PDF (a password is needed)") from exc
            raise CorpusError(name, f"broken PDF: {message}") from exc
        except Exception as exc:  # noqa: BLE001 - anything PDFium raises means unreadable
            raise CorpusError(name, f"broken PDF: {exc}") from exc
        try:
            count = len(pdf)
            if count == 0:
                raise CorpusError(name, "PDF has no pages")
            raw_pages = []
            for index in range(count):
                try:
                    page = pdf[index]
                    width, height = page.get_size()
                    runs = _page_runs(page)
                    page.close()
                except CorpusError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a damaged page loses only itself
                    problems.append(f"page {index + 1} unreadable: {exc}")
                    width, height, runs = 595.0, 842.0, []
                raw_pages.append((width, height, runs))
        finally:
            pdf.close()
    if not any(runs for _, _, runs in raw_pages):
        raise CorpusError(name, "no text layer: run OCR first")
    problems.extend(f"PDFium: {line}" for line in noise)
    return replace(build_pages(name, raw_pages), warnings=tuple(problems))


def render_page(path: Path, number: int, scale: float) -> tuple[bytes, float, float]:
    """Page ``number`` (1-based) of the PDF at ``path`` as PNG bytes at ``scale`` pixels
    per point, with the page's width and height in points (the coordinates of
    :attr:`qa.models.Unit.bbox`). IndexError for a page the file does not have."""
    import pypdfium2 as pdfium

    # No stderr capture here: this runs in the server's threads, where redirecting the
    # process's file descriptor 2 would swallow other threads' output; the file was read
    # (and its PDFium messages recorded) when it was indexed.
    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= number <= len(pdf):
            raise IndexError(f"page {number} of {len(pdf)}")
        page = pdf[number - 1]
        width, height = page.get_size()
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue(), width, height


def _page_runs(page) -> list[_Run]:
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = raw.FPDFText_CountChars(tp)
        if count <= 0:
            return []
        full = textpage.get_text_range(0, count)
        exact = len(full) == count  # one character of text per character index
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()
        found: list[tuple[int, float, float, float, float]] = []
        for i in range(raw.FPDFText_CountRects(tp, 0, count)):
            raw.FPDFText_GetRect(tp, i, left, top, right, bottom)
            x0, t, r, b = left.value, top.value, right.value, bottom.value
            mid = (t + b) / 2
            idx = -1
            # Rectangles are looser than glyph boxes: look a little to the right of
            # the left edge for the first character, then at the middle.
            for probe, tol in ((min(x0 + 1.0, (x0 + r) / 2), 4.0), ((x0 + r) / 2, 3.0)):
                idx = raw.FPDFText_GetCharIndexAtPos(tp, probe, mid, tol, 1.0)
                if idx >= 0:
                    break
            last = max((f[0] for f in found), default=-1)
            if 0 <= idx <= last:
                # The probe's tolerance reached back into the rectangle before (a
                # word's first letter in a box of its own: "p" then "rotection"): the
                # first character after that one's that starts inside this box.
                idx = _first_char_from(tp, last + 1, x0, count)
            found.append((idx, x0, t, r, b))
        # Rectangles come in character order: each one's text runs from its first
        # character to the next one's (PDFium's bounded-text call would also pick up
        # characters of overlapping neighbours).
        starts = [f[0] for f in found]
        runs: list[_Run] = []
        # (size, weight) of the last rectangle whose character was found.
        measured: tuple[float, int] | None = None
        for k, (idx, x0, t, r, b) in enumerate(found):
            end = starts[k + 1] if k + 1 < len(starts) else count
            if exact and 0 <= idx < end:
                text = full[idx:end]
            else:
                text = textpage.get_text_bounded(x0, b, r, t)
            text = (
                text.replace("\r", "")
                .replace("\n", " ")
                .replace("\x02", "-")
                .replace("\ufffe", "-")
            )
            text = text.replace("\x00", "")
            if not text.strip():
                continue
            size, weight, base = 0.0, 400, b
            if idx >= 0:
                size = raw.FPDFText_GetFontSize(tp, idx)
                weight = raw.FPDFText_GetFontWeight(tp, idx)
                if raw.FPDFText_GetCharOrigin(tp, idx, ox, oy):
                    base = oy.value
            if size > 0:
                measured = (size, weight)
            elif measured is not None and t - b <= 1.05 * measured[0]:
                # No character found at the rectangle's probes: a box no taller than the
                # last measured type is set in that type (its height times 1.3 read body
                # lines as 15pt headings and cut paragraphs in two).
                size, weight = measured
            else:
                size = max(t - b, 1.0) * 1.3
            runs.append(_Run(text, x0, r, t, b, base, size, weight))
        return runs
    finally:
        textpage.close()


def _first_char_from(tp, start: int, x0: float, count: int, look: int = 8) -> int:
    """The first of the ``look`` characters from index ``start`` whose box starts at or
    right of ``x0`` (-1 if none does)."""
    import pypdfium2.raw as raw

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for index in range(start, min(start + look, count)):
        if raw.FPDFText_GetCharBox(tp, index, left, right, bottom, top) and left.value >= x0 - 1.0:
            return index
    return -1


# ---------------------------------------------------------------------------------------
# Runs -> lines -> pages


def build_pages(name: str, raw_pages: list[tuple[float, float, list[_Run]]]) -> PdfText:
    sizes: Counter[float] = Counter()
    for _, _, runs in raw_pages:
        for run in runs:
            sizes[round(run.size, 1)] += len(run.text.strip())
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    pages_lines = [
        (width, height, _lines(number, runs, height))
        for number, (width, height, runs) in enumerate(raw_pages, start=1)
    ]
    furniture_keys = _furniture_keys(pages_lines)
    pages: list[PdfPage] = []
    for number, (width, height, lines) in enumerate(pages_lines, start=1):
        body: list[PdfLine] = []
        furniture: list[PdfLine] = []
        for line in lines:
            if _in_zone(line, height) and (
                _mask(line.plain) in furniture_keys or re.fullmatch(r"\d{1,3}", line.plain.strip())
            ):
                furniture.append(line)
            else:
                body.append(line)
        body, footnotes = _split_footnotes(body, body_size)
        # A footnote mark that PDFium set on a line of its own.
        body = [
            line
            for line in body
            if not (re.fullmatch(r"\d{1,2}", line.plain) and line.size < 0.85 * body_size)
        ]
        closing = number > 1 and _is_closing(body)
        pages.append(
            PdfPage(number, width, height, tuple(body), tuple(footnotes), tuple(furniture), closing)
        )
    return PdfText(name, tuple(pages), body_size)


def _lines(page: int, runs: list[_Run], height: float) -> list[PdfLine]:
    runs = sorted(runs, key=lambda r: -(r.top + r.bottom) / 2)
    groups: list[list[_Run]] = []
    bands: list[tuple[float, float, float]] = []  # (low, high, size) of each group
    for run in runs:
        centre = (run.top + run.bottom) / 2
        for k in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            low, high, _ = bands[k]
            if low <= centre <= high:
                groups[k].append(run)
                break
        else:
            groups.append([run])
            bands.append((run.base - 0.25 * run.size, run.base + 0.75 * run.size, run.size))
            continue
        # Re-anchor the band on the largest run of the line (a superscript seeds a
        # band that is too high).
        main = max(groups[k], key=lambda r: (r.size, len(r.text)))
        bands[k] = (main.base - 0.25 * main.size, main.base + 0.75 * main.size, main.size)
    built = [_line(page, group, height) for group in groups]
    lines = [line for line in built if line is not None]
    lines.sort(key=lambda line: (round(line.y1, 0), line.x0))
    return lines


def _line(page: int, runs: list[_Run], height: float) -> PdfLine | None:
    main = max(runs, key=lambda r: len(r.text.strip()) * r.size)
    size = main.size
    base = main.base
    kept = []
    for run in runs:
        raised = run.base > base + 0.2 * size and run.size < 0.85 * size
        # A raised small number is a footnote mark: it is no part of the text.
        first = run.x0 <= min(r.x0 for r in runs)
        if raised and not first and re.fullmatch(r"\s*\d{1,2}\s*", run.text):
            continue
        kept.append(run)
    kept.sort(key=lambda r: r.x0)
    cells: list[list] = []
    text = ""
    prev: _Run | None = None
    for run in kept:
        piece = run.text
        if prev is None:
            cells.append([run.x0, piece])
        else:
            gap = run.x0 - prev.x1
            if gap > COLUMN_GAP * size:
                cells.append([run.x0, piece])
                prev = run
                continue
            joined = cells[-1][1]
            if gap > WORD_GAP * size and not joined.endswith(" ") and not piece.startswith(" "):
                joined += " "
            cells[-1][1] = joined + piece
        prev = run
    texts = [re.sub(r"\s+", " ", c[1]).strip() for c in cells]
    cell_pairs = tuple((c[0], t) for c, t in zip(cells, texts, strict=True) if t)
    if not cell_pairs:
        return None
    text = "\t".join(t for _, t in cell_pairs)
    chars = sum(len(r.text) for r in kept) or 1
    bold_chars = sum(len(r.text) for r in kept if r.weight >= BOLD_WEIGHT)
    return PdfLine(
        page=page,
        text=text,
        x0=min(r.x0 for r in kept),
        y0=height - (base + 0.8 * size),
        x1=max(r.x1 for r in kept),
        y1=height - (base - 0.2 * size),
        size=round(size, 1),
        bold=bold_chars * 2 > chars,
        cells=cell_pairs,
    )


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def _in_zone(line: PdfLine, height: float) -> bool:
    return line.y1 < height * FURNITURE_ZONE or line.y0 > height * (1 - FURNITURE_ZONE)


def _furniture_keys(pages_lines) -> set[str]:
    counts: Counter[str] = Counter()
    for _, height, lines in pages_lines:
        counts.update({_mask(line.plain) for line in lines if _in_zone(line, height)})
    need = max(2, FURNITURE_SHARE * len(pages_lines))
    return {key for key, n in counts.items() if n >= need and key}


def _split_footnotes(lines: list[PdfLine], body_size: float) -> tuple[list, list]:
    """The small-font lines at the foot of a page, from a line opening with a mark."""
    start = len(lines)
    while start > 0 and lines[start - 1].size <= FOOTNOTE_SIZE * body_size:
        start -= 1
    if start == len(lines):
        return lines, []
    # The block must open with a footnote mark (a number, alone or before the text).
    for k in range(start, len(lines)):
        if re.match(r"^\d{1,2}(\s|\t|$)", lines[k].text):
            return lines[:k], lines[k:]
    return lines, []


def _is_closing(lines: list[PdfLine]) -> bool:
    text = " ".join(line.plain for line in lines)
    if not _COPYRIGHT.search(text):
        return False
    return not any(_PARA_LINE.match(line.text) for line in lines)


def median_gap(lines: list[PdfLine]) -> float:
    gaps = [b.y0 - a.y1 for a, b in zip(lines, lines[1:], strict=False) if b.page == a.page]
    return statistics.median(gaps) if gaps else 0.0


def without_cells(line: PdfLine) -> PdfLine:
    return replace(line, text=line.plain, cells=((line.x0, line.plain),))
