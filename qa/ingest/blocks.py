"""Unnumbered body text -> citable ``block`` units (general rules, no report is special).

The numbered-paragraph reader (:mod:`qa.ingest.reports`) hands every body line that opens
no numbered paragraph, heading or table row, and continues none, to a :class:`BlockBuilder`.
What is not a block:

- **the front page and the judgement table**: page 1 down to the last judgement-table row
  (all of page 1 where it has no table);
- **a contents table**: the lines under a "Contents" heading on its page;
- **publisher text**: from a line with Ofsted's contact or licence details ("Crown
  copyright", "enquiries@ofsted.gov.uk", "Open Government Licence") to the end of its page
  (the closing page itself, running headers and footers, page numbers and footnotes never
  reach the reader: :mod:`qa.ingest.pdfreader` takes them out).

A block is a run of lines under one heading: one printed paragraph, a bullet list (with its
lead-in line, bullets kept one per line), or a list of "Label: value" lines (an inspection
team). A block runs on over a page break while its last line ends no sentence, or while a
bullet list goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.ingest.pdfreader import PdfLine

# A gap above a line of more than this many font sizes is a paragraph break.
PARAGRAPH_GAP = 0.8
# Footnote text is set at most this share of the body size; a raised mark ("th", "2") less
# than MARK_SIZE.
FOOTNOTE_SIZE = 0.9
MARK_SIZE = 0.85
# Lines whose sizes differ by more than this share are not one block.
SIZE_CHANGE = 0.15

# A bullet: a symbol-font (private use) glyph, a bullet or box sign, "o" or a dash, then text.
_BULLET = re.compile(
    r"^[\ue000-\uf8ff\u2022\u2023\u2043\u25aa\u25ab\u25a0\u25a1\u25fc\u25fb\u25cf\u25cb"
    r"\u25e6\u25ba\u27a2\u2713\u2714\u2010\u2013\u2014o-]\s+(\S.*)$"
)
_FIELD = re.compile(r"^[A-Z][A-Za-z\u2019' ()/&-]{1,40}:\s*\S")
_SENTENCE_END = re.compile(r"[.?!;)\u201d\u2019\"']$")
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents:?$", re.I)
_PUBLISHER = re.compile(
    r"crown copyright|\u00a9|enquiries@ofsted\.gov\.uk|open government licen[cs]e|"
    r"piccadilly gate|textphone\s*:?\s*\d",
    re.I,
)


@dataclass
class Block:
    """Lines of one block; ``pieces`` are the indices into ``lines`` where a printed
    paragraph or a "Label: value" line of the block starts (shown on a line of its own)."""

    lines: list[PdfLine]
    heading: object  # the reader's Heading (or None): section, part and grade
    pieces: list[int] = field(default_factory=lambda: [0])


def front_region(lines: list[PdfLine], table_lines: list[int]) -> set[int]:
    """Indices of the page-1 lines that are the front page or the judgement table: down to
    the last table row on page 1, or all of page 1 where it has none."""
    page1 = [i for i, line in enumerate(lines) if line.page == 1]
    if not page1:
        return set()
    on_page1 = [k for k in table_lines if lines[k].page == 1]
    end = max(on_page1) if on_page1 else page1[-1]
    return {i for i in page1 if i <= end}


def foot_lines(lines: list[PdfLine], heights: dict[int, float], body_size: float) -> set[int]:
    """Indices of the small-type lines that end a page in its bottom quarter: footnote
    text whose mark the reader did not find (it took the mark for a page number)."""
    found: set[int] = set()
    k = len(lines) - 1
    while k >= 0:
        page = lines[k].page
        bottom = heights.get(page, 842.0) * 0.75
        while (
            k >= 0
            and lines[k].page == page
            and lines[k].size <= FOOTNOTE_SIZE * body_size
            and lines[k].y0 > bottom
        ):
            found.add(k)
            k -= 1
        while k >= 0 and lines[k].page == page:
            k -= 1
    return found


def is_contents_heading(title: str) -> bool:
    return bool(_CONTENTS.match(title.strip()))


def is_bullet(line: PdfLine) -> bool:
    return bool(_BULLET.match(line.plain.strip()))


def _is_field(line: PdfLine) -> bool:
    return bool(_FIELD.match(line.plain.strip()))


def joins(block: Block, line: PdfLine) -> str:
    """How ``line`` goes on from ``block``: "line" (the same printed paragraph, or the next
    bullet of its list), "piece" (a new printed paragraph of the block) or "new" (a new
    block)."""
    prev = block.lines[-1]
    # A bullet list goes on after its bullets, its lead-in ("... include:") or its label
    # (a single line that ends no sentence: "Help and protection").
    listing = (
        any(is_bullet(x) for x in block.lines)
        or prev.plain.rstrip().endswith(":")
        or (len(block.lines) == 1 and not _SENTENCE_END.search(prev.plain.rstrip()))
    )
    if abs(line.size - prev.size) > SIZE_CHANGE * max(line.size, prev.size):
        return "new"
    if line.page != prev.page:
        text = line.plain.strip()
        if not _SENTENCE_END.search(prev.plain.rstrip()) or text[:1].islower():
            return "line"
        return "line" if listing and is_bullet(line) else "new"
    if line.y0 - prev.y1 <= PARAGRAPH_GAP * line.size:
        return "line"
    if _is_field(block.lines[0]) and (_is_field(line) or not line.plain.rstrip().endswith(".")):
        return "piece"  # "Lead inspector: ..." / "Deputy lead inspector ..."
    if listing and is_bullet(line):
        return "line"
    return "new"


def join_block_lines(lines: list[PdfLine]) -> str:
    """Wrapped lines -> one line; each bullet (any bullet sign, nested ones too) on a line
    of its own as "• ..."; a line ending in a hyphen joins the next without a space."""
    out = ""
    for line in lines:
        text = line.plain.strip()
        if not text:
            continue
        bullet = _BULLET.match(text)
        if bullet:
            out += ("\n" if out else "") + "\u2022 " + bullet.group(1)
        elif not out:
            out = text
        elif re.search(r"[A-Za-z]-$", out) and text[:1].isalpha():
            out += text
        else:
            out += " " + text
    return out


def block_text(block: Block) -> str:
    """The block's text: each piece's lines joined (wrapped lines -> one line, bullets one
    per line), pieces on lines of their own."""
    bounds = [*block.pieces, len(block.lines)]
    texts = [join_block_lines(block.lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    return "\n".join(t for t in texts if t)


class BlockBuilder:
    """Collects the unnumbered body lines into blocks, in reading order."""

    def __init__(self, skip: set[int], body_size: float) -> None:
        self.skip = skip  # line indices that are no block (front page, judgement table)
        self.body_size = body_size
        self.open: Block | None = None
        self.contents_page: int | None = None
        self.publisher_page: int | None = None

    def close(self) -> None:
        self.open = None

    def heading(self, i: int, title: str, page: int) -> bool:
        """A heading opened at line ``i``: a "Contents" heading starts a contents table on
        its page. True: the heading is front-page or contents text, no block's section."""
        self.close()
        if is_contents_heading(title):
            self.contents_page = page
        elif not re.search(r"\d$", title.strip()):
            self.contents_page = None
        return i in self.skip or page == self.contents_page

    def add(self, i: int, line: PdfLine, heading: object) -> Block | None:
        """Take body line ``i``; returns the new block it opens, if it opens one."""
        if i in self.skip or line.page in (self.contents_page, self.publisher_page):
            return None
        text = line.plain.strip()
        if not re.search(r"[^\W_]", text) or (
            len(text) <= 3 and line.size < MARK_SIZE * self.body_size
        ):
            return None  # a rule, or a raised mark on a line of its own
        if _PUBLISHER.search(line.plain):
            self.publisher_page = line.page
            self.close()
            return None
        block = self.open
        if block is not None and block.heading is heading:
            how = joins(block, line)
            if how != "new":
                if how == "piece":
                    block.pieces.append(len(block.lines))
                block.lines.append(line)
                return None
        self.open = Block([line], heading)
        return self.open
