"""The fixed furniture of an inspection report: front page, contents table, findings table.

Each reader takes plain lines and returns plain data; :mod:`qa.ingest.parser` decides where those
regions are and uses the results to label paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.models import GRADE_NUMBERS, ContentsEntry, Finding, Grade
from qa.text.normalise import Vocabulary, heading_key

GRADE_WORD = "|".join(GRADE_NUMBERS)
# "Grade 3 (Adequate)" after a heading or on its own line.
GRADE_SUFFIX = re.compile(rf"\s*\bGrade\s+([1-4])\s*\(\s*({GRADE_WORD})\s*\)\s*$", re.I)
CONTENTS_LINE = re.compile(r"^(?:table of )?contents:?$", re.I)
FINDINGS_LINE = re.compile(r"^record of main findings:?$", re.I)
_CONTENTS_ENTRY = re.compile(r"^(.*?\S)(?:\s*[.\u2026\u00b7_]{2,}\s*|\t+\s*|\s+)(\d{1,4})$")
_FINDINGS_ROW = re.compile(rf"^(.*\S)\s+({GRADE_WORD})$", re.I)


def split_grade(line: str) -> tuple[str, Grade | None]:
    """ "Being healthy Grade 3 (Adequate)" -> ("Being healthy", Grade(Adequate, 3))."""
    match = GRADE_SUFFIX.search(line)
    if not match:
        return line.strip(), None
    grade = Grade.from_label(match.group(2))
    return line[: match.start()].strip(), grade


# ---------------------------------------------------------------------------------------
# Front page


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    inspection_dates: str | None
    reporting_inspector: str | None
    published: str | None
    age_group: str | None
    text: str


def read_front_matter(lines: list[str]) -> FrontMatter:
    kept = [line.strip() for line in lines if line.strip()]
    # The copyright notice and what follows it (web address, reproduction terms) are
    # publisher boilerplate, not facts about the inspection: they stay out of the unit.
    notice = next(
        (
            i
            for i, line in enumerate(kept)
            if line.startswith("\u00a9") or "copyright" in line.lower()
        ),
        len(kept),
    )
    kept = kept[:notice] if notice > 0 else kept
    blob = "\n".join(kept)

    def find(pattern: str) -> str | None:
        match = re.search(pattern, blob, re.I | re.M)
        return match.group(1).strip(" .,;") if match else None

    return FrontMatter(
        title=kept[0] if kept else None,
        inspection_dates=find(r"Inspection dates?:?\s*(.+?)(?=\s+Reporting inspector|$)"),
        reporting_inspector=find(r"Reporting inspector:?\s*(.+?)$"),
        published=find(r"(?:Published|Publication date):?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})"),
        age_group=find(r"Age group:?\s*(.+?)(?=Published|$)"),
        text=blob,
    )


# ---------------------------------------------------------------------------------------
# Contents table


def read_contents_entry(line: str) -> ContentsEntry:
    """ "Being healthy\t29" -> ContentsEntry("Being healthy", 29); a missing page is None."""
    line = line.strip()
    match = _CONTENTS_ENTRY.match(line)
    if match:
        return ContentsEntry(match.group(1).strip(), int(match.group(2)))
    return ContentsEntry(line, None)


class ContentsPages:
    """Answers "on which page does this heading start?" for the n-th use of a heading.

    Headings repeat (each part has its own "Overall effectiveness"), so the n-th
    occurrence in the body takes the n-th entry with that heading in the contents.
    """

    def __init__(self, entries: list[ContentsEntry]):
        self._pages: dict[str, list[int | None]] = {}
        for entry in entries:
            self._pages.setdefault(heading_key(entry.title), []).append(entry.page)
        self._used: dict[str, int] = {}

    def __contains__(self, title: str) -> bool:
        return heading_key(title) in self._pages

    def take(self, title: str) -> int | None:
        key = heading_key(title)
        pages = self._pages.get(key, [])
        index = self._used.get(key, 0)
        self._used[key] = index + 1
        return pages[index] if index < len(pages) else None


# ---------------------------------------------------------------------------------------
# Record of main findings


@dataclass(frozen=True)
class FindingsTable:
    findings: tuple[Finding, ...]
    parts: tuple[str, ...]
    groups: tuple[str, ...]
    text: str  # a readable rendering for the citable "findings" unit

    def grade_for(self, part: str | None, area: str) -> Grade | None:
        """The grade of a judgement area, disambiguated by part where the area repeats."""
        key = heading_key(area)
        rows = [f for f in self.findings if heading_key(f.area) == key]
        if part is not None:
            in_part = [f for f in rows if f.part == part]
            rows = in_part or (rows if len({f.part for f in rows}) == 1 else [])
        return rows[0].grade if len(rows) == 1 else None

    def areas_of(self, part: str) -> set[str]:
        return {heading_key(f.area) for f in self.findings if f.part == part}


def read_findings(lines: list[str], vocab: Vocabulary) -> FindingsTable:
    """Parse the table rows "Area<TAB>Grade"; rows without a grade are part/group headers.

    Extraction breaks words at cell boundaries ("young per<TAB>ople"); those are repaired
    from the report's own vocabulary. A header row is a *part* when it opens a run of rows
    that repeats the first part's first area (each part restarts at "Overall
    effectiveness"), otherwise a *group* heading inside the part.
    """
    rows: list[tuple[str, Grade | None]] = []
    for raw in lines:
        if not raw.strip():
            continue
        cells = [c.strip() for c in raw.split("\t")]
        cells = [c for c in cells if c]
        if not cells:
            continue
        if len(cells) >= 2 and cells[-1].capitalize() in GRADE_NUMBERS:
            rows.append((" ".join(cells[:-1]), Grade.from_label(cells[-1])))
            continue
        if len(cells) == 1:
            match = _FINDINGS_ROW.match(cells[0])
            if match:
                rows.append((match.group(1), Grade.from_label(match.group(2))))
            else:
                rows.append((_repair_words(cells[0], vocab), None))
            continue
        rows.append((_join_cells(cells, vocab), None))

    first_area = None
    parts: list[str] = []
    groups: list[str] = []
    findings: list[Finding] = []
    part: str | None = None
    group: str | None = None
    for index, (title, grade) in enumerate(rows):
        if grade is not None:
            if part is not None and first_area is None:
                first_area = heading_key(title)
            findings.append(Finding(part, group, title, grade))
            continue
        following = rows[index + 1][0] if index + 1 < len(rows) else ""
        if part is None or (first_area and heading_key(following) == first_area):
            part, group = title, None
            parts.append(title)
        else:
            group = title
            groups.append(title)

    # A group heading covers the areas particular to its part; an area that every part
    # repeats ("Quality of provision") is a top-level judgement that closes the group.
    parts_of: dict[str, set[str | None]] = {}
    for finding in findings:
        parts_of.setdefault(heading_key(finding.area), set()).add(finding.part)
    findings = [
        Finding(f.part, None, f.area, f.grade)
        if f.group and len(parts_of[heading_key(f.area)]) > 1
        else f
        for f in findings
    ]

    rendered: list[str] = ["Record of main findings"]
    current_part: object = object()
    for finding in findings:
        if finding.part != current_part:
            current_part = finding.part
            if finding.part:
                rendered.append(f"{finding.part}:")
        rendered.append(f"{finding.area}: {finding.grade.label}")
    return FindingsTable(tuple(findings), tuple(parts), tuple(groups), "\n".join(rendered))


def _join_cells(cells: list[str], vocab: Vocabulary) -> str:
    """Join cells of a header row that a column boundary cut through a word."""
    text = cells[0]
    for cell in cells[1:]:
        left_word = re.search(r"(\S+)$", text)
        right_word = re.match(r"(\S+)", cell)
        if left_word and right_word:
            repaired = vocab.repair_split(left_word.group(1), right_word.group(1))
            if repaired is not None:
                text = text[: left_word.start()] + repaired + cell[right_word.end() :]
                continue
        text = f"{text} {cell}"
    return text


def _repair_words(text: str, vocab: Vocabulary) -> str:
    """Merge neighbouring tokens that are not words on their own but are one together."""
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if i + 1 < len(tokens):
            a, b = tokens[i], tokens[i + 1]
            if a.isalpha() and b.isalpha() and (a not in vocab or b not in vocab):
                repaired = vocab.repair_split(a, b)
                if repaired is not None:
                    out.append(repaired)
                    i += 2
                    continue
        out.append(tokens[i])
        i += 1
    return " ".join(out)
