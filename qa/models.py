"""Plain data passed between the stages of report-qa.

Flow: a file in ``corpus/`` -> :class:`Document` holding citable :class:`Unit` s
(paragraphs, front matter, findings table) -> chunks -> index -> passages -> answer.
Every unit carries its provenance (document, paragraph number, part, section, grade,
page, source lines) so that citations are built from it and never re-derived later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

# Ofsted's four-point scale (the report's own "inspection judgements" table).
# Later frameworks print "Requires improvement (to be good)" where earlier ones printed
# "Adequate": both are the third point of the one scale used here. The printed label is kept.
GRADE_NUMBERS: dict[str, int] = {
    "Outstanding": 1,
    "Good": 2,
    "Adequate": 3,
    "Inadequate": 4,
    "Requires improvement": 3,
    "Requires improvement to be good": 3,
}

# "list": an unnumbered list such as "What needs to improve?" (unit id "improve").
UnitKind = Literal["paragraph", "frontmatter", "findings", "block", "list"]


@dataclass(frozen=True)
class Grade:
    """A judgement such as "Grade 3 (Adequate)"."""

    label: str  # "Adequate"
    number: int  # 3

    @classmethod
    def from_label(cls, label: str) -> Grade:
        label = label.strip().capitalize()
        return cls(label=label, number=GRADE_NUMBERS[label])

    def __str__(self) -> str:
        return f"Grade {self.number} ({self.label})"


@dataclass(frozen=True)
class Finding:
    """One row of the "Record of main findings" table."""

    part: str | None  # "Safeguarding services"
    group: str | None  # a sub-heading of the table such as "How good are outcomes ...?"
    area: str  # "Being healthy"
    grade: Grade


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents table: a heading and the page it starts on (if printed)."""

    title: str
    page: int | None


def unit_label(paragraph: int | None, unit: str) -> str:
    """How a unit is named to people everywhere (CLI, context packing, chat page): the
    report's paragraph number ("¶48"), or the unit id where it has none ("frontmatter")."""
    return f"¶{paragraph}" if paragraph is not None else unit


@dataclass(frozen=True)
class Unit:
    """A citable piece of a report.

    ``paragraph`` is the report's own paragraph number; for documents without numbered
    paragraphs the generic parser numbers blank-line blocks itself and sets
    ``numbering="generated"`` so nobody mistakes those numbers for the report's.
    """

    doc: str
    unit: str  # stable id inside the document: "p48", "frontmatter", "findings", "b3"
    kind: UnitKind
    paragraph: int | None
    text: str
    part: str | None = None
    section: str | None = None
    grade: Grade | None = None
    page: int | None = None
    page_source: Literal["pdf", "contents", "formfeed"] | None = None
    numbering: Literal["source", "generated"] | None = None
    line_start: int = 0  # 1-based line in the decoded source text (PDF: in the joined pages)
    line_end: int = 0
    page_end: int | None = None  # physical page the unit ends on (PDF)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on `page`

    @property
    def label(self) -> str:
        return unit_label(self.paragraph, self.unit)

    def to_record(self) -> dict:
        """The JSON shape used by ``qa paragraphs --json`` (and the API later)."""
        record = asdict(self)
        record["grade"] = self.grade.label if self.grade else None
        record["grade_number"] = self.grade.number if self.grade else None
        return record


def count_paragraphs(units: Iterable[Unit]) -> int:
    kinds = [u.kind for u in units]
    numbered = kinds.count("paragraph")
    return numbered if numbered else kinds.count("block")


@dataclass(frozen=True)
class IngestWarning:
    """Something odd in a source file that did not stop it being ingested."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Document:
    """One report with its metadata and citable units, in reading order."""

    id: str
    path: str
    format: Literal["text", "pdf"]
    sha256: str
    title: str | None
    inspection_dates: str | None
    reporting_inspector: str | None
    published: str | None
    layout: Literal["numbered", "generic"]
    units: tuple[Unit, ...]
    contents: tuple[ContentsEntry, ...] = ()
    findings: tuple[Finding, ...] = ()
    parts: tuple[str, ...] = ()
    warnings: tuple[IngestWarning, ...] = field(default=(), compare=False)
    council: str | None = None  # "Kent" (from the front page)
    inspection_type: str | None = None  # "Inspection of local authority children's services"
    year: int | None = None  # year of publication (else of the inspection)

    @property
    def paragraphs(self) -> list[Unit]:
        return [u for u in self.units if u.kind in ("paragraph", "block")]

    @property
    def paragraph_count(self) -> int:
        """Numbered paragraphs as the report prints them; for a report without numbering,
        its blocks (unnumbered text of a numbered report is not counted as paragraphs)."""
        return count_paragraphs(self.units)

    def unit_by_paragraph(self, number: int) -> Unit | None:
        return next((u for u in self.units if u.paragraph == number), None)

    def summary(self) -> dict:
        return {
            "id": self.id,
            "path": self.path,
            "format": self.format,
            "sha256": self.sha256,
            "title": self.title,
            "inspection_dates": self.inspection_dates,
            "reporting_inspector": self.reporting_inspector,
            "published": self.published,
            "layout": self.layout,
            "council": self.council,
            "inspection_type": self.inspection_type,
            "year": self.year,
            "paragraphs": self.paragraph_count,
            "parts": list(self.parts),
        }
