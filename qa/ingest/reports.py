"""Positioned PDF lines -> :class:`~qa.models.Document` (numbered paragraphs and metadata).

General rules only (no council, year or file is special):

- **judgement table**: a line whose right-hand column is a grade label ("Good",
  "Requires improvement to be good", "Grade 2 (Good)") is a table row; the left-hand lines
  just above (a grade centred on a wrapped cell) or below (the cell wrapping on) belong to
  it. Rows before the first numbered paragraph, or after a "Record of main findings"
  heading, are the judgement table (:class:`Finding`); rows inside the body are headings
  that carry their grade;
- **headings** are short lines in bold or in a larger size than the body text; wrapped
  heading lines of one style are joined; a heading carries its grade as "...: good",
  "... are good", "... requires improvement", "Grade 2 (Good)" (on its line or the next);
  otherwise the grade comes from the judgement-table row of the same area, else from the
  more prominent heading above it (never for improvement/recommendation lists);
- **numbered paragraphs**: a line opening with "12." where 12 is the next number (or a
  short jump at the left margin, or 1 after a heading); the paragraph runs on over page
  breaks until the next paragraph or heading. Its section is the heading it stands under;
  where that heading introduced only unnumbered text (a "Summary"), the heading above it;
- **lists**: unnumbered text under "What needs to improve?", "Recommendations", "Areas for
  improvement" or "Priority action" headings becomes a citable ``list`` unit ("improve");
- **front page**: page 1 above the judgement table: council, title, inspection type,
  inspection dates, lead or reporting inspector, publication date;
- **blocks**: all other unnumbered body text (an executive summary, "Information about this
  local authority area", "Information about this inspection", an ILACS introduction)
  becomes citable ``block`` units "s1", "s2", ... in reading order, interleaved with the
  paragraphs (see :mod:`qa.ingest.blocks`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from qa.ingest.blocks import Block, BlockBuilder, block_text, foot_lines, front_region
from qa.ingest.pdfreader import PdfLine, PdfText
from qa.models import GRADE_NUMBERS, Document, Finding, Grade, IngestWarning, Unit, UnitKind
from qa.text.normalise import heading_key

# "Require improvement" is a misprint some reports carry (Isle of Wight 2014's table).
LABEL = r"outstanding|good|adequate|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?"
_GRADE_CELL = re.compile(rf"^(?:grade\s*[1-4]\s*\(\s*({LABEL})\s*\)|({LABEL}))\.?$", re.I)
_GRADE_LINE = re.compile(rf"^\(?\s*grade\s*([1-4])\s*\(\s*({LABEL})\s*\)\s*\)?$", re.I)
_HEADING_GRADES = [
    re.compile(rf"^(?P<t>.*?)[\s:,\u2013-]*\bgrade\s*[1-4]\s*\(\s*(?P<g>{LABEL})\s*\)\.?$", re.I),
    re.compile(rf"^(?P<t>.*?\S)\s*:\s*(?P<g>{LABEL})\.?$", re.I),
    re.compile(
        rf"^(?P<t>.*?\S)\s+(?:is|are)\s+(?:that\s+(?:it|they)\s+(?:is|are)\s+)?"
        rf"(?:judged\s+(?:to\s+be\s+)?)?(?P<g>{LABEL})\.?$",
        re.I,
    ),
    re.compile(r"^(?P<t>.*?\S)\s+(?P<g>requires?\s+improvement(?:\s+to\s+be\s+good)?)\.?$", re.I),
]
# "46. Most ...", "46.Most ...", and a stray mark after the number ("46.. Most ...", a
# misprint some reports carry).
_PARA = re.compile(r"^(\d{1,3})\.(?:[.,;:]?[\t ]+|[.,;:]?(?=[A-Z\u2018\u201c'\"(]))(\S.*)$", re.S)
_BULLET = re.compile(r"^[\uf06e\uf0b7\uf0a7\u25fc\u25aa\u25a0\u2022\u25cf\u2013\u2010o-]\s+(.*)$")
_LIST_HEADING = re.compile(
    r"need(?:s)? to improve|recommendation|areas? for (?:improvement|development)|"
    r"priority (?:and immediate )?action|immediate action",
    re.I,
)
_FINDINGS_HEADING = re.compile(r"record of main findings", re.I)
_ROW_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
_SENTENCE_END = re.compile(r"[.?!:;)\u201d\u2019\"']$")
MAX_HEADING_WORDS = 30
MAX_LABEL_WORDS = 10  # a label set in body type ("Leadership, management and governance")
# Fewer numbered paragraphs than this: not a numbered report (the caller falls back).
MIN_PARAGRAPHS = 3
MAX_JUMP = 3


def grade_from_text(label: str) -> Grade:
    """A printed label -> Grade on the one scale (the label kept as printed)."""
    label = re.sub(r"\s+", " ", label.strip()).capitalize()
    if label.startswith("Requires improvement"):
        label = "Requires improvement to be good" if "good" in label else "Requires improvement"
    if label.startswith("Require improvement"):
        label = "Requires improvement"
    return Grade(label=label, number=GRADE_NUMBERS[label])


@dataclass
class Row:
    area: str
    grade: Grade
    lines: list[int]  # indices into the line list
    page: int


@dataclass
class Heading:
    title: str
    grade: Grade | None
    prominence: tuple
    parent: Heading | None = None
    is_list: bool = False
    loose_text: bool = False  # unnumbered text followed it
    aside: bool = False  # a front-page or contents line: no block's section or part
    span: tuple[int, int] | None = None  # its lines (a heading read from text lines)

    def effective_grade(self) -> Grade | None:
        return self.grade


@dataclass
class _Para:
    number: int | None
    lines: list[PdfLine]
    heading: Heading | None
    kind: str = "paragraph"
    block: Block | None = None  # kind "block": its lines and pieces


@dataclass
class Parsed:
    units: list[Unit] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    front: dict = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)


def numbered_count(text: PdfText) -> int:
    return sum(1 for line in text.body_lines() if _PARA.match(line.text))


# ---------------------------------------------------------------------------------------
# Table rows


def _grade_cell(line: PdfLine, width: float) -> tuple[str, Grade] | None:
    """(left text, grade) when the line's right-hand column is a grade label."""
    if not line.cells:
        return None
    x, last = line.cells[-1]
    match = _GRADE_CELL.match(last.strip())
    if not match or x < width * 0.4:
        return None
    left = " ".join(t for _, t in line.cells[:-1])
    return left, grade_from_text(match.group(1) or match.group(2))


_PARTIAL_GRADE = re.compile(r"^requires?(?:\s+improvement(?:\s+to(?:\s+be)?)?)?$", re.I)


def merge_split_grades(lines: list[PdfLine]) -> list[PdfLine]:
    """A grade cell wrapped in its column ("Requires" / "improvement") -> one cell."""
    from dataclasses import replace

    lines = _split_glued_grades(list(lines))
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if line.cells and _stray_letter(line.cells[-1][1]):
            _restore_stray_letter(lines, i, drop)
            continue
        if not line.cells or not _PARTIAL_GRADE.match(line.cells[-1][1].strip()):
            continue
        gx = line.cells[-1][0]
        for j in range(i + 1, min(i + 4, len(lines))):
            other = lines[j]
            if other.page != line.page or other.y0 - line.y1 > 1.5 * line.size:
                break
            hit = [c for c in other.cells if abs(c[0] - gx) < 4]
            if not hit:
                continue
            merged = line.cells[-1][1] + " " + hit[0][1]
            if not _GRADE_CELL.match(merged.strip()):
                continue
            cells = line.cells[:-1] + ((gx, merged),)
            lines[i] = replace(line, text="\t".join(t for _, t in cells), cells=cells)
            rest = tuple(c for c in other.cells if c is not hit[0])
            if rest:
                # What is left ends before the grade column ("protection" of "... help
                # and" / "protection  to be good"), so the row's area can take it in.
                # Its true right edge is unknown: estimated from its length (0.6 em a
                # character, wider than this type's average letter).
                last_x, last_text = rest[-1]
                estimate = last_x + 0.6 * other.size * len(last_text)
                right = other.x1 if last_x > hit[0][0] else min(estimate, hit[0][0] - 6)
                lines[j] = replace(
                    other,
                    text="\t".join(t for _, t in rest),
                    cells=rest,
                    x0=rest[0][0],
                    x1=min(other.x1, right),
                )
            else:
                drop.add(j)
            break
    return [line for k, line in enumerate(lines) if k not in drop]


_GLUED_GRADE = re.compile(rf"^(?P<area>\S.*?\S)\s+(?P<grade>{LABEL})$", re.I)


def _split_glued_grades(lines: list[PdfLine]) -> list[PdfLine]:
    """A table row whose text runs so close to its grade column that the reader found no
    column gap ("The experiences and progress of care Good"): when the rows just above or
    below on the page start at the same x and have their grade cell in a column, the
    capitalised grade label that ends this one-cell line becomes its grade cell there."""
    from dataclasses import replace

    out = list(lines)
    for i, line in enumerate(lines):
        if len(line.cells) != 1:
            continue
        match = _GLUED_GRADE.match(line.cells[0][1].strip())
        if not match or not match.group("grade")[0].isupper() or len(match.group("area")) > 80:
            continue
        columns = [
            other.cells[-1][0]
            for other in lines[max(0, i - 4) : i + 5]
            if other is not line
            and other.page == line.page
            and len(other.cells) == 2
            and abs(other.cells[0][0] - line.cells[0][0]) < 3
            and abs(other.y0 - line.y0) < 6 * line.size
            and _GRADE_CELL.match(other.cells[-1][1].strip())
        ]
        if not columns:
            continue
        cells = ((line.cells[0][0], match.group("area")), (columns[0], match.group("grade")))
        out[i] = replace(line, text="\t".join(t for _, t in cells), cells=cells)
    return out


def _stray_letter(cell: str) -> bool:
    return len(cell.strip()) == 1 and cell.strip().isalpha()


def _restore_stray_letter(lines: list[PdfLine], i: int, drop: set[int]) -> None:
    """A grade cell whose first letter the PDF placed apart, on the row's line ("... \ti")
    with the rest just below in the grade column ("Requires mprovement"): the letter goes
    back where it makes a grade label, and the row gets its grade cell."""
    from dataclasses import replace

    line = lines[i]
    letter = line.cells[-1][1].strip()
    for j in range(i + 1, min(i + 3, len(lines))):
        other = lines[j]
        if other.page != line.page or abs(other.y0 - line.y0) > 1.5 * line.size:
            break
        if len(other.cells) != 1 or other.cells[0][0] < line.cells[0][0] + 100:
            continue
        rest = other.cells[0][1]
        fixed = next(
            (
                rest[:k] + letter + rest[k:]
                for k in range(len(rest) + 1)
                if _GRADE_CELL.match((rest[:k] + letter + rest[k:]).strip())
            ),
            None,
        )
        if fixed is None:
            continue
        cells = line.cells[:-1] + ((other.cells[0][0], fixed),)
        lines[i] = replace(line, text="\t".join(t for _, t in cells), cells=cells)
        drop.add(j)
        return


def find_rows(lines: list[PdfLine], widths: dict[int, float]) -> list[Row]:
    rows: list[Row] = []
    used: set[int] = set()
    cells = [_grade_cell(line, widths.get(line.page, 595.0)) for line in lines]
    vocabulary: Counter[str] = Counter()  # the report's words, read when a row needs them
    for i, found in enumerate(cells):
        if not found or i in used:
            continue
        left, grade = found
        line = lines[i]
        grade_x = line.cells[-1][0]
        members = [i]
        limit = 0.45 * line.size

        def joins(j: int, k: int, limit: float = limit, grade_x: float = grade_x) -> bool:
            a, b = lines[min(j, k)], lines[max(j, k)]
            return (
                a.page == b.page
                and b.y0 - a.y1 < limit
                and cells[j] is None
                and j not in used
                and lines[j].x1 < grade_x - 5
                and len(lines[j].cells) == 1
                and len(lines[j].text) < 120
            )

        j = i - 1
        while j >= 0 and joins(j, members[0]) and len(members) < 4:
            members.insert(0, j)
            j -= 1
        j = i + 1
        while j < len(lines) and joins(j, members[-1]) and len(members) < 4:
            members.append(j)
            j += 1
        parts = []
        for k in members:
            parts.append(left if k == i else lines[k].text)
        strays = [t for _, t in line.cells[1:-1] if _stray_letter(t)]
        if strays and len(members) > 1:
            # "2.2 | l | Requires" over "Experiences and progress of care eavers": a
            # letter the PDF set apart on the row's line belongs to a word of the area.
            vocabulary = vocabulary or _words_of(lines)
            parts = _restore_letter(parts, members.index(i), strays[0].strip(), vocabulary)
        area = _ROW_NUMBER.sub("", " ".join(p for p in parts if p).strip())
        area = re.sub(r"\s+", " ", area).strip()
        if not area:
            continue
        used.update(members)
        rows.append(Row(area, grade, members, line.page))
    return rows


def _words_of(lines: list[PdfLine]) -> Counter[str]:
    return Counter(w.lower() for line in lines for w in re.findall(r"[A-Za-z]+", line.text))


def _restore_letter(parts: list[str], row: int, letter: str, vocabulary: Counter[str]) -> list[str]:
    """``parts`` with ``letter`` taken off the row's own part and put before the first
    word of another part that the report prints nowhere else but prints elsewhere with
    that letter first ("eavers" -> "leavers"); unchanged when no word fits."""
    for k, part in enumerate(parts):
        if k == row:
            continue
        words = part.split(" ")
        for n, word in enumerate(words):
            bare = re.sub(r"\W", "", word).lower()
            if bare and vocabulary[bare] <= 1 and vocabulary[letter.lower() + bare] >= 2:
                words[n] = letter + word
                out = list(parts)
                out[k] = " ".join(words)
                pieces = out[row].split(" ")
                pieces.remove(letter)
                out[row] = " ".join(pieces)
                return out
    return parts


# ---------------------------------------------------------------------------------------
# Headings


def split_heading_grade(title: str) -> tuple[str, Grade | None]:
    title = re.sub(r"\s+", " ", title).strip()
    if title.endswith(":") or len(title.split()) < 2:
        return title, None
    for pattern in _HEADING_GRADES:
        match = pattern.match(title)
        if match and match.group("t").strip():
            return _title_without_verb(match.group("t")), grade_from_text(match.group("g"))
    return title, None


def _title_without_verb(title: str) -> str:
    """A graded heading's title without the verb that led to its grade: "The experiences
    and progress of children in care are: good" is about "... children in care"."""
    title = title.strip(" :,-\u2013")
    return re.sub(r"\s+(?:is|are)$", "", title, flags=re.I).strip(" :,-\u2013")


def _is_heading_line(line: PdfLine, body_size: float, continuation: bool = False) -> bool:
    text = line.plain.strip()
    if not text or len(text.split()) > MAX_HEADING_WORDS:
        return False
    if _PARA.match(line.text) or _BULLET.match(text):
        return False
    if not (line.bold or line.size >= body_size * 1.1):
        return False
    return continuation or text[0].isupper() or text[0].isdigit() or text[0] in "\u2018'\""


# ---------------------------------------------------------------------------------------
# The body


def parse_lines(text: PdfText, doc_id: str) -> Parsed:
    out = Parsed()
    lines = merge_split_grades(text.body_lines())
    widths = {page.number: page.width for page in text.pages}
    body_size = text.body_size
    rows = find_rows(lines, widths)
    row_member: set[int] = set()
    for row in rows:
        row_member.update(row.lines)

    first_para = next(
        (i for i, line in enumerate(lines) if i not in row_member and _PARA.match(line.text)),
        len(lines),
    )
    findings_from = _findings_heading_index(lines, body_size)
    table_rows: list[Row] = []
    heading_rows: list[Row] = []
    for row in rows:
        first = row.lines[0]
        if first < first_para or (findings_from is not None and first > findings_from):
            table_rows.append(row)
        else:
            heading_rows.append(row)
    table_index = {heading_key(r.area): r.grade for r in table_rows}
    out.findings = _judgement_findings(lines, table_rows, table_index, first_para, body_size)

    reader = _BodyReader(
        path=text.path,
        lines=lines,
        body_size=body_size,
        rows=rows,
        heading_rows=heading_rows,
        table_index=table_index,
        first_para=first_para,
        findings_from=findings_from,
        front=front_region(lines, [k for row in table_rows for k in row.lines])
        | foot_lines(lines, {page.number: page.height for page in text.pages}, body_size),
    )
    reader.read()
    out.warnings.extend(reader.warnings)
    out.units = _units(reader.paras, doc_id)
    out.parts = []
    return out


def _findings_heading_index(lines: list[PdfLine], body_size: float) -> int | None:
    """The last "Record of main findings" heading: table rows after it are judgements."""
    return max(
        (
            i
            for i, line in enumerate(lines)
            if _FINDINGS_HEADING.search(line.plain)
            and _is_heading_line(line, body_size)
            and not re.search(r"\d\s*$", line.plain)  # a contents entry
        ),
        default=None,
    )


def _judgement_findings(
    lines: list[PdfLine],
    table_rows: list[Row],
    table_index: dict[str, Grade],
    first_para: int,
    body_size: float,
) -> list[Finding]:
    """The judgement table rows, then the page-1 judgement sentences it lacks, with the
    overall judgement first where only a sentence gives it."""
    findings: list[Finding] = []
    for row in table_rows:
        findings.append(Finding(part=None, group=None, area=row.area, grade=row.grade))
    for area, grade in _front_sentences(lines[:first_para], body_size):
        if heading_key(area) not in table_index:
            findings.append(Finding(part=None, group=None, area=area, grade=grade))
    overall = _overall_sentence(lines[: max(first_para, 1)])
    if overall and not any(heading_key(f.area).startswith("overall") for f in findings):
        findings.insert(0, Finding(None, None, "Overall judgement", overall))
    return findings


def _table_grade(table_index: dict[str, Grade], title: str) -> Grade | None:
    """The judgement-table grade of the area a heading names (exactly, else by prefix)."""
    key = heading_key(title)
    if key in table_index:
        return table_index[key]
    for area, grade in table_index.items():
        if len(key) > 12 and (area.startswith(key) or key.startswith(area)):
            return grade
    return None


class _BodyReader:
    """One pass over the body lines: the heading stack, the open paragraph and the
    paragraph number expected next; each ``_...`` step reads the line at ``i`` and
    returns the index of the next line to read."""

    def __init__(
        self,
        *,
        path: str,
        lines: list[PdfLine],
        body_size: float,
        rows: list[Row],
        heading_rows: list[Row],
        table_index: dict[str, Grade],
        first_para: int,
        findings_from: int | None,
        front: set[int] | None = None,
    ) -> None:
        self.path = path
        self.lines = lines
        self.body_size = body_size
        self.row_at: dict[int, Row] = {row.lines[0]: row for row in rows}
        self.row_member: set[int] = {k for row in rows for k in row.lines}
        self.heading_rows: set[int] = {row.lines[0] for row in heading_rows}
        self.table_index = table_index
        self.first_para = first_para
        self.findings_from = findings_from
        self.left_margin = _left_margin(lines)
        self.margin_tol = 6.0

        self.stack: list[Heading] = []
        self.current: _Para | None = None
        self.paras: list[_Para] = []
        self.expected = 1
        self.last_number = 0
        self.after_heading = False
        self.list_counts: dict[str, int] = {}
        self.sibling_grade: dict[int, Grade | None] = {}
        self.warnings: list[IngestWarning] = []
        self.blocks = BlockBuilder(front or set(), body_size)

    def read(self) -> None:
        i = 0
        n = len(self.lines)
        while i < n:
            if i in self.row_member:
                i = self._row_line(i)
                continue
            if i >= (self.findings_from if self.findings_from is not None else n):
                self._close()
                break
            i = self._body_line(i)
        self._close()

    def _close(self) -> None:
        if self.current is not None and self.current.lines:
            self.paras.append(self.current)
        self.current = None
        self.blocks.close()

    def _row_line(self, i: int) -> int:
        """A table row line: a row inside the body opens a graded heading."""
        if i in self.heading_rows:
            row = self.row_at[i]
            self._open_heading(row.area, row.grade, (self.lines[i].size, 1, True), i)
        return i + 1

    def _body_line(self, i: int) -> int:
        line = self.lines[i]
        raw = line.text.strip()
        plain = line.plain.strip()
        match = _PARA.match(raw)
        if match and self._start_paragraph(line, match):
            return i + 1
        if _GRADE_LINE.match(plain) and self.stack and self.after_heading:
            g = _GRADE_LINE.match(plain)
            assert g is not None  # matched just above
            self.stack[-1].grade = grade_from_text(g.group(2))
            return i + 1
        if _is_heading_line(line, self.body_size) and not _continues(
            self.current, line, self.lines, i, self.body_size
        ):
            return self._heading(i)
        if self.current is not None and self._standalone_label(i):
            # A label set in body type between numbered items ("Help and protection"
            # over recommendations 1 to 6): a heading of the lowest rank, not the last
            # words of the item above it.
            self._open_heading(plain, None, (line.size, -1, False), i, label=True)
            self.stack[-1].span = (i, i + 1)
            return i + 1
        self._text(i)
        return i + 1

    def _standalone_label(self, i: int) -> bool:
        """Whether line ``i`` is a short label standing alone between two numbered
        paragraphs (or list items): at the left margin, with a paragraph's gap above and
        below it, after a finished sentence, not itself a sentence."""
        lines = self.lines
        if i == 0 or i + 1 >= len(lines):
            return False
        line, above, below = lines[i], lines[i - 1], lines[i + 1]
        text = line.plain.strip()
        if (
            not text[:1].isupper()
            or len(text.split()) > MAX_LABEL_WORDS
            or _SENTENCE_END.search(text)
            or text.endswith(",")
            or line.x0 > self.left_margin + self.margin_tol
            or not _SENTENCE_END.search(above.plain.rstrip())
        ):
            return False
        gap = 0.8 * line.size
        return (
            above.page == line.page == below.page
            and line.y0 - above.y1 > gap
            and below.y0 - line.y1 > gap
            and bool(_PARA.match(below.text) or _BULLET.match(below.plain.strip()))
        )

    def _start_paragraph(self, line: PdfLine, match: re.Match) -> bool:
        """Open a numbered paragraph where the number is plausible; False: read on."""
        number = int(match.group(1))
        if not _accept_number(
            number,
            self.expected,
            self.last_number,
            self.after_heading,
            line,
            self.left_margin + self.margin_tol,
        ):
            return False
        self._close()
        if number != self.expected and self.last_number:
            self.warnings.append(
                IngestWarning(self.path, None, f"paragraph {number} (expected {self.expected})")
            )
        self.current = _Para(number, [_strip_number(line, match.group(2))], self._section_heading())
        self.last_number = number
        self.expected = number + 1
        self.after_heading = False
        return True

    def _heading(self, i: int) -> int:
        lines = self.lines
        n = len(lines)
        line = lines[i]
        # Join wrapped heading lines of one style.
        title_lines = [line]
        j = i + 1
        while (
            j < n
            and j not in self.row_member
            and lines[j].page == line.page
            and lines[j].size == line.size
            and lines[j].bold == line.bold
            and lines[j].y0 - title_lines[-1].y1 < 0.8 * line.size
            and _is_heading_line(lines[j], self.body_size, continuation=True)
            and not title_lines[-1].plain.rstrip().endswith((":", "?"))
            and not _GRADE_LINE.match(lines[j].plain.strip())
        ):
            title_lines.append(lines[j])
            j += 1
        title = " ".join(t.plain.strip() for t in title_lines)
        title, grade = split_heading_grade(title)
        if j < n and _GRADE_LINE.match(lines[j].plain.strip()):
            g = _GRADE_LINE.match(lines[j].plain.strip())
            assert g is not None  # matched just above
            grade = grade_from_text(g.group(2))
            j += 1
        elif j < n and title.endswith(":") and _grade_below(title_lines[-1], lines[j]):
            # The grade wrapped onto a line of its own: "... help and protection:" over
            # "inadequate" (ILACS reports of 2019 to 2025).
            g = _GRADE_CELL.match(lines[j].plain.strip())
            assert g is not None  # checked by _grade_below
            grade = grade_from_text(g.group(1) or g.group(2))
            title = _title_without_verb(title)
            j += 1
        self._open_heading(title, grade, (line.size, 0, line.bold), i)
        self.stack[-1].span = (i, i + len(title_lines))
        return j

    def _open_heading(
        self, title: str, grade: Grade | None, prominence: tuple, i: int, label: bool = False
    ) -> None:
        """``label``: a label set in body type (a group of a list's items, "Help and
        protection"): it stays under the list, and takes its parent's grade, not the
        judgement table's (a recommendation about an area is not graded with it)."""
        stack = self.stack
        self._close()
        is_list = bool(_LIST_HEADING.search(title))
        while stack and (
            stack[-1].prominence <= prominence or (stack[-1].is_list and not is_list and not label)
        ):
            # A list ("What needs to improve?") holds its items, never the sections after
            # it, however large its heading is set.
            stack.pop()
        parent = stack[-1] if stack else None
        if grade is None and not is_list and not label:
            grade = _table_grade(self.table_index, title)
        own = grade is not None
        if grade is None and not is_list and not title.endswith(":"):
            # A sub-heading takes the grade of the judgement it sits in: its parent's, or
            # that of the graded heading of its own level before it ("The effectiveness
            # of the LSCB is good" / "Key strengths and weaknesses of the LSCB").
            grade = self.sibling_grade.get(id(parent))
            if grade is None and parent is not None:
                grade = parent.grade
        if own and i > self.first_para:  # page-1 summary sentences are no section's judgement
            self.sibling_grade[id(parent)] = grade
        heading = Heading(title, grade, prominence, parent, is_list)
        stack.append(heading)
        self.after_heading = True
        heading.aside = self.blocks.heading(i, title, self.lines[i].page)

    def _section_heading(self) -> Heading | None:
        """The heading a numbered paragraph stands under (see the module docstring)."""
        if not self.stack:
            return None
        top = self.stack[-1]
        if top.loose_text and top.parent is not None and not top.is_list:
            return top.parent
        return top

    def _text(self, i: int) -> None:
        """Ordinary text: continue the open paragraph, or unnumbered text."""
        line = self.lines[i]
        if self.current is not None:
            self.current.lines.append(line)
            return
        top = self.stack[-1] if self.stack else None
        if top is not None and i > self.first_para or (top is not None and top.is_list):
            top.loose_text = True
            if top.is_list and i >= 0:
                unit_id = "improve"
                count = self.list_counts.get(unit_id, 0)
                para = self.paras[-1] if self.paras else None
                if para is None or para.kind != "list" or para.heading is not top:
                    self.list_counts[unit_id] = count + 1
                    self.paras.append(_Para(None, [], top, kind="list"))
                self.paras[-1].lines.append(line)
            else:
                self._block(i, top)
        else:
            if top is not None:
                top.loose_text = True
            self._block(i, top)

    def _block(self, i: int, top: Heading | None) -> None:
        """Unnumbered text that is no list: a citable block (see :mod:`qa.ingest.blocks`)."""
        line = self.lines[i]
        if _GRADE_CELL.match(line.plain.strip()) or _GRADE_LINE.match(line.plain.strip()):
            if self._ends_a_sentence(i):
                # "The local authority was judged to be" over "inadequate.": the words end
                # the block's last line (whose place on the page still decides where the
                # block ends), not a heading's grade.
                lines = self.paras[-1].lines
                lines[-1] = replace(
                    lines[-1],
                    text=f"{lines[-1].text} {line.text.strip()}",
                    cells=lines[-1].cells + line.cells,
                )
            return  # else a heading's grade on a line of its own
        block = self.blocks.add(i, line, top)
        if block is None:
            return
        if top is not None and self._sentence_heading(top, i):
            assert top.span is not None  # checked by _sentence_heading
            top.aside = True
            block.lines[:0] = self.lines[top.span[0] : top.span[1]]
        self.paras.append(_Para(None, block.lines, top, kind="block", block=block))

    def _ends_a_sentence(self, i: int) -> bool:
        """Whether line ``i`` ends the sentence the block's last line left open ("The
        local authority was judged to be" over "inadequate."): text, not a heading's
        grade."""
        last = self.paras[-1] if self.paras else None
        if i == 0 or last is None or last.kind != "block" or not last.lines:
            return False
        previous = self.lines[i - 1]
        return last.lines[-1] is previous and not previous.plain.rstrip().endswith(
            (".", ":", ";", "!", "?")
        )

    def _sentence_heading(self, top: Heading, i: int) -> bool:
        """A "heading" that is really the first line of the text under it: a line set in
        another size or weight inside a printed paragraph, at line spacing from the text
        above and below it, or running on into a line that starts in lower case."""
        if top.span is None or top.span[1] != i or top.is_list:
            return False
        start = top.span[0]
        lines = self.lines
        line, last = lines[i], lines[i - 1]
        tight = 0.5 * self.body_size
        if line.page != last.page or line.y0 - last.y1 > tight:
            return False
        if line.plain.strip()[:1].islower():
            return True
        above = lines[start - 1] if start > 0 else None
        return (
            above is not None
            and above.page == lines[start].page
            and lines[start].y0 - above.y1 <= tight
        )


def _strip_number(line: PdfLine, rest: str) -> PdfLine:
    from dataclasses import replace

    return replace(line, text=rest, cells=((line.x0, rest),))


def _accept_number(
    number: int, expected: int, last: int, after_heading: bool, line: PdfLine, margin: float
) -> bool:
    if number == expected:
        return True
    if number == 1 and after_heading:
        return True
    if expected < number <= expected + MAX_JUMP and line.x0 <= margin:
        return True
    return False


def _continues(current: _Para | None, line: PdfLine, lines: list[PdfLine], i: int, body_size):
    """A bold line inside an open paragraph that is really its text (emphasis, a lead-in)."""
    if current is None or not current.lines:
        return False
    prev = current.lines[-1]
    if line.size > body_size * 1.1:
        return False
    if not _SENTENCE_END.search(prev.plain.rstrip()):
        return True
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if line.plain.rstrip().endswith(":") and nxt is not None:
        if _grade_below(line, nxt):
            return False  # "... help and protection:" over "inadequate": a graded heading
        if not _PARA.match(nxt.text) and not _is_heading_line(nxt, body_size):
            return True
    return False


def _grade_below(line: PdfLine, nxt: PdfLine) -> bool:
    """Whether ``nxt`` is a grade alone ("inadequate", "requires improvement to be good.")
    in ``line``'s style, just below it on the same page: the end of a heading that wrapped
    after its colon."""
    return (
        nxt.page == line.page
        and nxt.bold == line.bold
        and abs(nxt.size - line.size) < 0.5
        and 0 <= nxt.y0 - line.y1 < 0.8 * line.size
        and bool(_GRADE_CELL.match(nxt.plain.strip()))
    )


def _left_margin(lines: list[PdfLine]) -> float:
    xs = sorted(line.x0 for line in lines if _PARA.match(line.text))
    if not xs:
        xs = sorted(line.x0 for line in lines)
    return xs[len(xs) // 10] if xs else 72.0


def _front_sentences(lines: list[PdfLine], body_size: float) -> list[tuple[str, Grade]]:
    """Judgements printed as large sentences on page 1: "The effectiveness of the Local
    Safeguarding Children Board (LSCB) is good." (wrapped lines of one size joined)."""
    found = []
    k = 0
    page1 = [line for line in lines if line.page == 1]
    while k < len(page1):
        line = page1[k]
        if line.size <= body_size * 1.05:
            k += 1
            continue
        text = line.plain.strip()
        j = k + 1
        while (
            j < len(page1)
            and page1[j].size == line.size
            and not text.endswith(".")
            and page1[j].y0 - page1[j - 1].y1 < 0.8 * line.size
        ):
            text += " " + page1[j].plain.strip()
            j += 1
        title, grade = split_heading_grade(text)
        if grade and re.match(r"^children.s services in\b", title, re.I):
            # "Children's services in <council> are inadequate": the SIF's overall judgement.
            found.append(("Overall judgement", grade))
        elif grade and not re.match(r"^(the\s+)?overall judgement", title, re.I):
            found.append((title, grade))
        k = j
    return found


def _overall_sentence(lines: list[PdfLine]) -> Grade | None:
    # The lines joined: the sentence often wraps ("... children's services require" /
    # "improvement").
    text = " ".join(line.plain for line in lines)
    match = re.search(
        rf"overall judgement is (?:that [^.]*?\b(?:is|are)\s+)?({LABEL})\b", text, re.I
    ) or re.search(r"overall judgement is that [^.]*?\b(requires?\s+improvement)", text, re.I)
    return grade_from_text(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------
# Units


def join_lines(lines: list[PdfLine]) -> str:
    """Wrapped lines -> text: a line ending in a hyphen joins the next without a space
    (Word sets real hyphens: "multi-" / "agency"); bullets start a new line."""
    out = ""
    for line in lines:
        text = line.plain.strip()
        if not text:
            continue
        bullet = _BULLET.match(text)
        if bullet and out:
            out += "\n\u2022 " + bullet.group(1)
        elif bullet:
            out = "\u2022 " + bullet.group(1)
        elif not out:
            out = text
        elif re.search(r"[A-Za-z]-$", out) and text[:1].isalpha():
            out += text
        else:
            out += " " + text
    return out


_KINDS: dict[str, UnitKind] = {"list": "list", "block": "block"}


def _units(paras: list[_Para], doc_id: str) -> list[Unit]:
    units: list[Unit] = []
    used: set[str] = set()
    blocks = 0
    for para in paras:
        if not para.lines:
            continue
        if para.block is not None:
            text = block_text(para.block)
        else:
            text = join_lines(para.lines)
        if not text:
            continue
        if para.kind == "block":
            blocks += 1
            base = f"s{blocks}"
        elif para.kind == "list":
            base = "improve"
        else:
            base = f"p{para.number}"
        unit_id = base
        k = 2
        while unit_id in used:
            unit_id = f"{base}-{k}"
            k += 1
        used.add(unit_id)
        heading, parent = _placement(para)
        first = para.lines[0]
        # The box of the unit's lines on its first page: what the chat page highlights on
        # the rendered page. A list unit's lines start at its heading only (its items
        # are laid out elsewhere), so it keeps its first line.
        box = [line for line in para.lines if line.page == first.page]
        if para.kind not in ("block", "paragraph"):
            box = [first]
        units.append(
            Unit(
                doc=doc_id,
                unit=unit_id,
                kind=_KINDS.get(para.kind, "paragraph"),
                paragraph=para.number,
                text=text,
                part=parent,
                section=heading.title if heading else None,
                grade=heading.grade if heading and not heading.is_list else None,
                page=first.page,
                page_source="pdf",
                numbering="source" if para.number is not None else None,
                page_end=para.lines[-1].page,
                bbox=(
                    round(min(line.x0 for line in box), 1),
                    round(first.y0, 1),
                    round(max(line.x1 for line in box), 1),
                    round(box[-1].y1, 1),
                ),
            )
        )
    return units


def _placement(para: _Para) -> tuple[Heading | None, str | None]:
    """(the heading a unit stands under, its parent's title). A block skips headings
    that are front-page or contents lines."""
    heading = para.heading
    if para.kind == "block":
        while heading is not None and heading.aside:
            heading = heading.parent
        parent = heading.parent if heading else None
        while parent is not None and parent.aside:
            parent = parent.parent
        return heading, parent.title if parent else None
    return heading, heading.parent.title if heading and heading.parent else None


# ---------------------------------------------------------------------------------------
# Front page

_COUNCIL_PREFIX = re.compile(
    r"^(?:the\s+)?(?:london\s+borough\s+of|royal\s+borough\s+of|city\s+of|borough\s+of|"
    r"metropolitan\s+borough\s+of|county\s+of)\s+",
    re.I,
)
# What a front page prints around the council's name that is not the name: the title's
# opening ("Inspection of Kent County Council children's services"), the service or board
# the report is about ("Medway Children's Services", "Surrey Safeguarding Children Board")
# and an inverted "City of" ("Bristol City of", as the list of councils sorts it).
_AROUND_COUNCIL = re.compile(
    r"^(?:re-?)?inspection\s+of\s+|,?\s+city\s+of$|"
    r"\s+(?:children\W?s\s+services|(?:local\s+)?safeguarding\s+children\s+board)$",
    re.I,
)
# The title line of every format: "Inspection of ...", "Re-inspection of ...", or for a
# review of a safeguarding board alone, "Review of the effectiveness of ...".
_TITLE_LINE = re.compile(r"^(?:(?:re-?)?inspection|review)\s+of\b", re.I)
_COUNCIL_SUFFIX = re.compile(
    r"\s+(?:metropolitan\s+borough|metropolitan\s+district|county\s+borough|borough|city|county|"
    r"district)?\s*council$",
    re.I,
)
_DATE = r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}"
_NAME_LINES = 3  # a council's name wraps onto two lines at most; three to be safe
_NAME_WORDS = 8  # "Bath and North East Somerset Council" is six


def council_name(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,")
    text = _AROUND_COUNCIL.sub("", text)
    text = _COUNCIL_PREFIX.sub("", text)
    text = _COUNCIL_SUFFIX.sub("", text)
    return _AROUND_COUNCIL.sub("", text).strip(" ,")


def read_front(text: PdfText, rows_first_line: int | None) -> dict:
    texts = _front_texts(text)
    blob = "\n".join(texts)
    info: dict = {"text": blob}
    info["inspection_dates"] = _find_field(
        blob,
        r"^\s*inspection dates?\s*:?\s*(.+(?:\n(?:\d|january|february|march|april|may|june|july|"
        r"august|september|october|november|december)[^:\n]*$)?)",
    )
    lead = _lead_inspector(text, blob)
    info["lead_inspector"] = _clean_inspector(lead) if lead else None
    info["published"] = _find_field(blob, rf"(?:published|publication date)\s*:?\s*({_DATE})")
    title_start, title = _front_title(texts)
    info["title"] = title
    info["inspection_type"] = (
        re.split(r"\s+and\s+review\b", title, flags=re.I)[0] if title else None
    )
    info["council"] = _front_council(texts, title_start, title)
    return info


def _front_texts(text: PdfText) -> list[str]:
    """The stripped lines of page 1 above the judgement table and the copyright notice."""
    page1 = text.pages[0].lines if text.pages else ()
    lines = list(page1)
    cut = len(lines)
    for k, line in enumerate(lines):
        if _grade_cell(line, text.pages[0].width) or re.match(
            r"^(key\s+)?judgements?\b.*\bgrade$", line.plain.strip(), re.I
        ):
            cut = k
            # A row whose grade is centred sits below its first cell line.
            while (
                cut > 0
                and lines[cut - 1].y0 > line.y0 - 1.5 * line.size
                and not re.search(r"inspector|date", lines[cut - 1].plain, re.I)
            ):
                cut -= 1
            break
    lines = lines[:cut]
    texts = [line.plain.strip() for line in lines]
    notice = next(
        (k for k, t in enumerate(texts) if re.search(r"\u00a9|crown copyright", t, re.I)), None
    )
    if notice:
        texts = texts[:notice]
    return texts


def _find_field(blob: str, pattern: str) -> str | None:
    """The first group of the first match in the front-page text, spaces collapsed."""
    match = re.search(pattern, blob, re.I | re.M)
    return re.sub(r"\s+", " ", match.group(1)).strip(" .,;:") if match else None


def _lead_inspector(text: PdfText, blob: str) -> str | None:
    """The lead or reporting inspector as printed (on the label's line or the next)."""
    lead = _find_field(blob, r"^\s*(?:lead|reporting)\s+inspector\s*:?\s*(.*)$")
    if lead is not None and not lead.strip():
        lead = _find_field(blob, r"^\s*(?:lead|reporting)\s+inspector\s*:?\s*\n(.+)$")
    if not lead:
        # Some formats name the inspectors only at the end ("Information about this
        # inspection"): the first "Lead inspector:" line anywhere in the report.
        for page in text.pages:
            for k, line in enumerate(page.lines):
                match = re.match(
                    r"^\s*(?:lead|reporting)\s+inspector\s*:?\s*(.*)$", line.plain, re.I
                )
                if match:
                    lead = match.group(1).strip() or (
                        page.lines[k + 1].plain if k + 1 < len(page.lines) else ""
                    )
                    break
            if lead:
                break
    return lead


def _front_title(texts: list[str]) -> tuple[int | None, str | None]:
    """(index of the "Inspection of ..." line, the title it opens, wrapped lines joined)."""
    title_start = next((k for k, t in enumerate(texts) if _TITLE_LINE.match(t)), None)
    title = None
    if title_start is not None:
        parts: list[str] = []
        for t in texts[title_start:]:
            if re.match(
                r"^(inspection dates?|lead|reporting|date|published|report published)\b", t, re.I
            ):
                break
            if parts and (_COUNCIL_SUFFIX.search(t) or _COUNCIL_PREFIX.match(t)):
                break
            parts.append(t)
            if len(parts) >= 6:
                break
        title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return title_start, title


def _front_council(texts: list[str], title_start: int | None, title: str | None) -> str | None:
    """The council: the lines above the title when there are any (most formats print the
    name there, alone or as "... Council", wrapped or not), else a "... Council" /
    "London Borough of ..." line near the title, else the name in "Inspection of <council>
    children's services"."""
    if title_start:
        above = council_name(" ".join(texts[:title_start][-_NAME_LINES:]))
        # A name: a few words, no figures (not a date or a running header's page number).
        if above and len(above.split()) <= _NAME_WORDS and not re.search(r"\d", above):
            return above
    council = None
    for t in texts[: (title_start or 0) + 8]:
        if _COUNCIL_PREFIX.match(t) or _COUNCIL_SUFFIX.search(t):
            council = council_name(t)
            break
    if council is None and title:
        match = re.match(r"inspection of (.+?)\s+(?:local authority\s+)?children", title, re.I)
        if match and match.group(1).lower() not in ("services for", "local authority"):
            council = council_name(match.group(1))
    return council


def _clean_inspector(text: str) -> str:
    text = text.split("\t")[0]
    text = re.split(
        r",|\s+(?:her|his)\s+majesty|\s+(?:senior\s+)?HMI\b|\s+senior\s+(?:her|his)\b",
        text,
        maxsplit=1,
        flags=re.I,
    )[0]
    return text.strip(" .,;")


def front_unit(doc_id: str, info: dict) -> Unit | None:
    fields = [
        ("Council", info.get("council")),
        ("Title", info.get("title")),
        ("Inspection type", info.get("inspection_type")),
        ("Inspection dates", info.get("inspection_dates")),
        ("Lead inspector", info.get("lead_inspector")),
        ("Published", info.get("published")),
    ]
    text = "\n".join(f"{k}: {v}" for k, v in fields if v)
    if not text:
        return None
    return Unit(
        doc=doc_id,
        unit="frontmatter",
        kind="frontmatter",
        paragraph=None,
        text=text,
        section="Front page",
        page=1,
        page_source="pdf",
        page_end=1,
    )


def findings_unit(doc_id: str, findings: list[Finding], page: int | None) -> Unit | None:
    if not findings:
        return None
    text = "\n".join(f"{f.area}: {f.grade.label}" for f in findings)
    return Unit(
        doc=doc_id,
        unit="findings",
        kind="findings",
        paragraph=None,
        text=text,
        section="Inspection judgements",
        page=page,
        page_source="pdf" if page else None,
    )


def build_document(text: PdfText, doc_id: str, path: str, sha256: str) -> Document:
    parsed = parse_lines(text, doc_id)
    info = read_front(text, None)
    units: list[Unit] = []
    front = front_unit(doc_id, info)
    if front:
        units.append(front)
    findings_page = 1
    units.extend(parsed.units)
    fu = findings_unit(doc_id, parsed.findings, findings_page)
    if fu:
        units.append(fu)
    year = None
    for value in (info.get("published"), info.get("inspection_dates")):
        years = re.findall(r"\b(?:19|20)\d{2}\b", value or "")
        if years:
            year = int(years[-1])
            break
    return Document(
        id=doc_id,
        path=path,
        format="pdf",
        sha256=sha256,
        title=info.get("title"),
        inspection_dates=info.get("inspection_dates"),
        reporting_inspector=info.get("lead_inspector"),
        published=info.get("published"),
        layout="numbered",
        units=tuple(units),
        findings=tuple(parsed.findings),
        parts=tuple(parsed.parts),
        warnings=tuple(parsed.warnings),
        council=info.get("council"),
        inspection_type=info.get("inspection_type"),
        year=year,
    )
