"""A judgement-table row whose text runs into its grade column (no column gap found)
still becomes a row with its grade (qa.ingest.reports): tiny synthetic lines, exact rows."""

from __future__ import annotations

from qa.ingest.pdfreader import PdfLine
from qa.ingest.reports import find_rows, merge_split_grades


def _line(y: float, *cells: tuple[float, str]) -> PdfLine:
    return PdfLine(
        page=1,
        text="\t".join(t for _, t in cells),
        x0=cells[0][0],
        y0=y,
        x1=cells[-1][0] + 60,
        y1=y + 12,
        size=12.0,
        bold=False,
        cells=tuple(cells),
    )


def test_a_row_glued_to_its_grade_is_split_at_the_grade_column():
    lines = [
        _line(388, (76.6, "The experiences and progress of"), (303.3, "Outstanding")),
        _line(402, (76.9, "children in care")),
        _line(429, (76.6, "The experiences and progress of care Good")),
        _line(444, (77.4, "leavers")),
        _line(471, (76.9, "Overall effectiveness"), (303.3, "Good")),
    ]
    rows = find_rows(merge_split_grades(lines), {1: 595.0})
    assert [(r.area, r.grade.label) for r in rows] == [
        ("The experiences and progress of children in care", "Outstanding"),
        ("The experiences and progress of care leavers", "Good"),
        ("Overall effectiveness", "Good"),
    ]


def test_a_body_sentence_ending_in_good_is_not_a_row():
    lines = [
        _line(100, (71.3, "Leaders know that the quality of practice is good")),
        _line(114, (71.3, "and that children are safe.")),
    ]
    assert merge_split_grades(lines) == lines
    assert find_rows(merge_split_grades(lines), {1: 595.0}) == []
