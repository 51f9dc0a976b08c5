"""Report text -> :class:`~qa.models.Document` with one citable unit per paragraph.

Entry point: :func:`parse_report` (text pages from :mod:`qa.ingest.sources`). The report is cut
into regions (front page, contents table, body, record of main findings); the body is read
line by line by :class:`_BodyReader`, a small state machine that tracks part, parent
heading, section, grade and page and repairs the damage PDF extraction does:

- paragraph numbers displaced into the line ("... young people 30. are identified");
- paragraphs continued after a page break (a lower-case or unnumbered block);
- words hyphenated across a page break ("re-" / "invested");
- bullet lists and tables that belong to the paragraph introducing them;
- numbered paragraphs with or without the leading "- ".

Reports without numbered paragraphs fall back to :mod:`qa.ingest.generic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.ingest import generic
from qa.ingest.furniture import (
    CONTENTS_LINE,
    FINDINGS_LINE,
    GRADE_SUFFIX,
    ContentsEntry,
    ContentsPages,
    FindingsTable,
    read_contents_entry,
    read_findings,
    read_front_matter,
    split_grade,
)
from qa.ingest.sources import PageSource, SourceText
from qa.models import Document, Grade, IngestWarning, Unit
from qa.text.normalise import BULLET, Vocabulary, clean_spaces, heading_key, join_piece

# "- 12. Text", "12. Text", "– 12. Text"
PARA_START = re.compile(r"^\s*(?:[-\u2013\u2022]\s*)?(\d{1,4})\.\s+(\S.*)$")
# A numbered report has at least this many numbered paragraphs; fewer means the numbers
# are more likely list items, and the generic block parser is the safer reading.
MIN_NUMBERED_PARAGRAPHS = 3
# A number further ahead than this is read as text (a year, a count), not a paragraph.
MAX_NUMBER_JUMP = 50
# Heading heuristics for headings missing from the contents table.
MAX_HEADING_WORDS = 16
MAX_HEADING_CHARS = 140


@dataclass
class Line:
    text: str
    number: int  # 1-based line number in the joined source text
    page: int  # 1-based physical page


def doc_id_from_path(path: str) -> str:
    """ "corpus/Ofsted Lancashire 2012.txt" -> "ofsted-lancashire-2012"."""
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", path.replace("\\", "/").rsplit("/", 1)[-1])
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "document"


def split_lines(pages: tuple[str, ...] | list[str]) -> list[Line]:
    lines: list[Line] = []
    number = 0
    for page_number, page in enumerate(pages, start=1):
        for text in page.split("\n"):
            number += 1
            lines.append(Line(text.rstrip(), number, page_number))
    return lines


def parse_report(source: SourceText, doc_id: str | None = None) -> Document:
    """Parse one source into a Document. Never raises on odd text: it warns instead."""
    doc_id = doc_id or doc_id_from_path(source.path)
    lines = split_lines(source.pages)
    warnings = list(source.warnings)
    regions = _find_regions(lines)
    body = lines[regions.body_start : regions.findings_start]
    numbered = sum(1 for line in body if PARA_START.match(line.text))
    if numbered < MIN_NUMBERED_PARAGRAPHS:
        return generic.parse_blocks(source, doc_id, lines, warnings)

    vocab = Vocabulary(line.text for line in body)
    front = read_front_matter([line.text for line in lines[: regions.front_end]])
    contents = [
        read_contents_entry(line.text)
        for line in lines[regions.contents_start : regions.body_start]
        if line.text.strip()
    ]
    findings_lines = lines[regions.findings_start + 1 :] if regions.has_findings else []
    findings = read_findings([line.text for line in findings_lines], vocab)

    reader = _BodyReader(
        doc_id=doc_id,
        path=source.path,
        contents=ContentsPages(contents),
        findings=findings,
        vocab=vocab,
        page_source=source.page_source,
    )
    reader.read(body)
    warnings.extend(reader.warnings)

    units: list[Unit] = []
    if front.text:
        units.append(_front_unit(source, doc_id, front.text, lines[: regions.front_end]))
    units.extend(reader.units)
    if findings.findings:
        units.append(_findings_unit(source, doc_id, findings, contents, lines, regions))
    return Document(
        id=doc_id,
        path=source.path,
        format=source.format,  # type: ignore[arg-type]
        sha256=source.sha256,
        title=front.title,
        inspection_dates=front.inspection_dates,
        reporting_inspector=front.reporting_inspector,
        published=front.published,
        layout="numbered",
        units=tuple(units),
        contents=tuple(contents),
        findings=findings.findings,
        parts=findings.parts or tuple(reader.parts_seen),
        warnings=tuple(warnings),
    )


def _front_unit(source: SourceText, doc_id: str, text: str, front_lines: list[Line]) -> Unit:
    """The front page (lines[:front_end]) as one citable unit."""
    return Unit(
        doc=doc_id,
        unit="frontmatter",
        kind="frontmatter",
        paragraph=None,
        text=text,
        section="Front page",
        page=1,
        page_source=source.page_source or "contents",
        line_start=_first_text_line(front_lines),
        line_end=front_lines[-1].number if front_lines else 0,
    )


def _findings_unit(
    source: SourceText,
    doc_id: str,
    findings: FindingsTable,
    contents: list[ContentsEntry],
    lines: list[Line],
    regions: _Regions,
) -> Unit:
    """The record of main findings as one citable unit; its page comes from the source's
    own page numbers where it has them, else from the contents table."""
    findings_page = ContentsPages(contents).take("Record of main findings")
    if source.page_source:
        findings_page = lines[regions.findings_start].page
    return Unit(
        doc=doc_id,
        unit="findings",
        kind="findings",
        paragraph=None,
        text=findings.text,
        section="Record of main findings",
        page=findings_page,
        page_source=source.page_source or ("contents" if findings_page else None),
        line_start=lines[regions.findings_start].number,
        line_end=lines[-1].number,
    )


def _first_text_line(lines: list[Line]) -> int:
    return next((line.number for line in lines if line.text.strip()), 0)


# ---------------------------------------------------------------------------------------
# Regions


@dataclass
class _Regions:
    front_end: int  # front page is lines[:front_end]
    contents_start: int  # contents entries are lines[contents_start:body_start]
    body_start: int
    findings_start: int  # index of the "Record of main findings" line, or len(lines)
    has_findings: bool


def _find_regions(lines: list[Line]) -> _Regions:
    texts = [line.text.strip() for line in lines]
    contents_at = next((i for i, t in enumerate(texts) if CONTENTS_LINE.match(t)), None)
    findings_at = max((i for i, t in enumerate(texts) if FINDINGS_LINE.match(t)), default=None)
    end = findings_at if findings_at is not None else len(lines)
    if contents_at is not None and contents_at < end:
        body_start = _contents_end(texts, contents_at + 1, end)
        return _Regions(contents_at, contents_at + 1, body_start, end, findings_at is not None)
    # No contents table: the front page runs up to the first heading or paragraph.
    first_para = next((i for i, t in enumerate(texts[:end]) if PARA_START.match(t)), end)
    front_end = first_para
    while front_end > 0 and (not texts[front_end - 1] or _looks_like_heading(texts[front_end - 1])):
        front_end -= 1
        if texts[front_end] and front_end > 0 and not texts[front_end - 1]:
            break
    return _Regions(front_end, front_end, front_end, end, findings_at is not None)


def _contents_end(texts: list[str], start: int, end: int) -> int:
    """The contents table ends where the body repeats its first heading (or a paragraph)."""
    first_title: str | None = None
    seen_entry = False
    for i in range(start, end):
        text = texts[i]
        if not text:
            continue
        if PARA_START.match(text):
            return _back_to_heading(texts, i, start)
        key = heading_key(read_contents_entry(text).title)
        if first_title is None:
            first_title = key
            seen_entry = True
            continue
        if seen_entry and key == first_title and not re.search(r"\d\s*$", text):
            return i
    return end


def _back_to_heading(texts: list[str], index: int, floor: int) -> int:
    """Step back from a paragraph over the heading lines that introduce it."""
    i = index
    while i - 1 > floor and (not texts[i - 1] or _looks_like_heading(texts[i - 1])):
        i -= 1
    return i


def _looks_like_heading(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if GRADE_SUFFIX.fullmatch(text):
        return True
    if PARA_START.match(text) or BULLET.match(text) or "\t" in text:
        return False
    return text[0].isupper() and not text.endswith((".", ",", ";", ":"))


# ---------------------------------------------------------------------------------------
# Body


@dataclass
class _Paragraph:
    number: int | None
    text: str
    line_start: int
    line_end: int
    page: int
    context: _Context


@dataclass
class _Context:
    part: str | None = None
    parent: str | None = None
    section: str | None = None
    grade: Grade | None = None
    page: int | None = None

    @property
    def section_path(self) -> str | None:
        if self.parent and self.section:
            return f"{self.parent} > {self.section}"
        return self.section or self.parent


@dataclass
class _BodyReader:
    doc_id: str
    path: str
    contents: ContentsPages
    findings: FindingsTable
    vocab: Vocabulary
    page_source: PageSource | None
    units: list[Unit] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    parts_seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.context = _Context()
        self.current: _Paragraph | None = None
        self.expected = 1  # the next paragraph number we expect
        self.last_number = 0
        self.used_ids: set[str] = set()
        self.heading_open = False  # a heading was read and no paragraph has followed yet
        self.top_level_seen: set[str] = set()
        self.part_keys = {heading_key(p): p for p in self.findings.parts}
        self.group_keys = {heading_key(g) for g in self.findings.groups}
        self.orphans = 0

    # -- driver -------------------------------------------------------------------------
    def read(self, lines: list[Line]) -> None:
        blocks = _blocks(lines)
        for b, block in enumerate(blocks):
            next_block = blocks[b + 1] if b + 1 < len(blocks) else None
            for i, line in enumerate(block):
                self._line(line, block, i, next_block)
        self._close()

    def _line(self, line: Line, block: list[Line], i: int, next_block: list[Line] | None):
        text = line.text.strip()
        starts_block = i == 0
        if GRADE_SUFFIX.fullmatch(text) and self.heading_open:
            _, grade = split_grade(text)
            self.context.grade = grade
            return
        match = PARA_START.match(text)
        if match and self._plausible_number(int(match.group(1)), starts_block, text):
            self._start_paragraph(int(match.group(1)), match.group(2), line)
            return
        displaced = self._displaced_number(text, starts_block)
        if displaced is not None:
            self._start_paragraph(self.expected, displaced, line)
            return
        if starts_block and self._is_heading(text, block, next_block):
            self._heading(text)
            return
        self._continue(text, line, starts_block, len(block) > 1)

    # -- paragraphs ---------------------------------------------------------------------
    def _plausible_number(self, number: int, starts_block: bool, text: str) -> bool:
        if number > self.expected + MAX_NUMBER_JUMP:
            return False
        if number >= self.expected:
            return True
        # A smaller number than expected: a duplicate or out-of-order paragraph when it
        # stands where paragraphs start (own block or "- " marker), otherwise list text.
        return starts_block or text.lstrip().startswith(("-", "\u2013", "\u2022"))

    def _displaced_number(self, text: str, starts_block: bool) -> str | None:
        """ "- Early ... effective 36. arrangements" -> text of paragraph 36, number removed.

        Only the expected next number counts, only on a line that starts a paragraph-like
        block with a capital letter, so "aged 16. This" inside a paragraph never matches.
        """
        dashed = re.match(r"^[-\u2013\u2022]\s+(?=[A-Z])", text)
        if not dashed and not (starts_block and text[:1].isupper()):
            return None
        body = text[dashed.end() :] if dashed else text
        match = re.search(rf"(?<=\s){self.expected}\.\s+(?=\S)", body)
        if not match:
            return None
        return body[: match.start()].rstrip() + " " + body[match.end() :]

    def _start_paragraph(self, number: int, text: str, line: Line) -> None:
        self._close()
        if number < self.expected:
            what = "duplicate" if number == self.last_number or self._used(number) else "backwards"
            self.warnings.append(
                IngestWarning(
                    self.path,
                    line.number,
                    f"{what} paragraph number {number} (expected {self.expected})",
                )
            )
        elif number > self.expected:
            missing = (
                str(self.expected)
                if number == self.expected + 1
                else f"{self.expected}-{number - 1}"
            )
            self.warnings.append(
                IngestWarning(
                    self.path,
                    line.number,
                    f"paragraph number jumps to {number}; paragraph(s) {missing} not found",
                )
            )
        self.heading_open = False
        self._settle_grade()
        page = line.page if self.page_source else self.context.page
        self.current = _Paragraph(
            number, text.strip(), line.number, line.number, page or 0, _copy(self.context)
        )
        self.last_number = number
        self.expected = max(self.expected, number + 1)

    def _used(self, number: int) -> bool:
        return f"p{number}" in self.used_ids

    def _continue(self, text: str, line: Line, starts_block: bool, multi_line: bool) -> None:
        if not text:
            return
        if self.current is None:
            # Text under a heading before any numbered paragraph: keep it citable.
            self.orphans += 1
            page = line.page if self.page_source else self.context.page
            self._settle_grade()
            self.current = _Paragraph(
                None, "", line.number, line.number, page or 0, _copy(self.context)
            )
        structured = "\t" in line.text or (multi_line and not starts_block and _is_item(text))
        self.current.text = join_piece(self.current.text, text, self.vocab, structured)
        self.current.line_end = line.number

    def _close(self) -> None:
        para = self.current
        self.current = None
        if para is None or not para.text.strip():
            return
        if para.number is None:
            unit_id = f"u{len(self.units) + 1}"
        else:
            unit_id = f"p{para.number}"
            k = 2
            while unit_id in self.used_ids:
                unit_id = f"p{para.number}-{k}"
                k += 1
        self.used_ids.add(unit_id)
        ctx = para.context
        self.units.append(
            Unit(
                doc=self.doc_id,
                unit=unit_id,
                kind="paragraph" if para.number is not None else "block",
                paragraph=para.number,
                text=clean_spaces(para.text),
                part=ctx.part,
                section=ctx.section_path,
                grade=ctx.grade,
                page=para.page or None,
                page_source=(self.page_source or "contents") if para.page else None,
                numbering="source" if para.number is not None else None,
                line_start=para.line_start,
                line_end=para.line_end,
            )
        )

    # -- headings -----------------------------------------------------------------------
    def _is_heading(self, text: str, block: list[Line], next_block: list[Line] | None) -> bool:
        title, grade = split_grade(text)
        if not title or len(block) > 2:
            return False
        if len(block) == 2 and not GRADE_SUFFIX.fullmatch(block[1].text.strip()):
            if not PARA_START.match(block[1].text):
                return False
        key = heading_key(title)
        if key in self.part_keys or title in self.contents:
            return _looks_like_heading(title) or grade is not None
        if not _looks_like_heading(title):
            return False
        if grade is not None:
            return True
        # Not in the contents table: only when a paragraph or grade follows at once.
        follower = block[1].text if len(block) > 1 else (next_block[0].text if next_block else "")
        follower = follower.strip()
        return bool(PARA_START.match(follower) or GRADE_SUFFIX.fullmatch(follower))

    def _heading(self, text: str) -> None:
        self._close()
        title, grade = split_grade(text)
        key = heading_key(title)
        page = self.contents.take(title)
        part: str | None
        if key in self.part_keys:
            part = self.part_keys[key]
            self.context = _Context(part=part, page=page)
            self._note_part(part)
            self.heading_open = True
            return
        if key in self.group_keys or (title.endswith("?") and grade is None):
            self.context = _Context(part=self.context.part, parent=title, page=page)
            self.heading_open = True
            return
        part = self.context.part
        if part is None and self.findings.parts:
            # Reports often start their first part without a heading for it: the first
            # judgement area of the findings table's first part opens that part.
            first = self.findings.parts[0]
            if key in self.findings.areas_of(first) and first not in self.parts_seen:
                part = first
                self._note_part(part)
        parent = self.context.parent
        if parent and key in self.top_level_seen:
            parent = None  # a heading used at top level elsewhere closes the group
        if parent is None:
            self.top_level_seen.add(key)
        self.context = _Context(
            part=part,
            parent=parent,
            section=title,
            grade=grade,
            page=page,
        )
        self.heading_open = True

    def _note_part(self, part: str) -> None:
        if part not in self.parts_seen:
            self.parts_seen.append(part)

    def _settle_grade(self) -> None:
        """A section without a grade on its heading takes it from the findings table."""
        ctx = self.context
        if ctx.grade is None and ctx.section:
            ctx.grade = self.findings.grade_for(ctx.part, ctx.section)


def _copy(ctx: _Context) -> _Context:
    return _Context(ctx.part, ctx.parent, ctx.section, ctx.grade, ctx.page)


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines; a blank line or a new page ends a run."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if current and line.page != current[-1].page:
            blocks.append(current)
            current = []
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_item(text: str) -> bool:
    return bool(BULLET.match(text)) or text.endswith(":")


__all__ = ["parse_report", "doc_id_from_path"]
