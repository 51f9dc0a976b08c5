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


def test_the_overall_judgement_sentence_is_read_across_its_line_break():
    from qa.ingest.reports import _overall_sentence

    lines = [
        _line(100, (71.3, "The overall judgement is that children’s services require")),
        _line(114, (71.3, "improvement")),
        _line(128, (71.3, "The authority is not yet delivering good protection.")),
    ]
    grade = _overall_sentence(lines)
    assert grade is not None and grade.label == "Requires improvement" and grade.number == 3
    good = [_line(100, (71.3, "The overall judgement is good.")), _line(114, (71.3, "Next."))]
    assert _overall_sentence(good).label == "Good"
    # A grade in a later sentence is not the overall judgement's.
    other = [_line(100, (71.3, "The overall judgement is set out below. Adoption is good."))]
    assert _overall_sentence(other) is None


def test_the_misprints_require_improvement_and_a_doubled_full_stop_still_parse():
    lines = [
        _line(388, (76.6, "1. Children who need help"), (303.3, "Require improvement")),
        _line(402, (76.6, "3. Leadership, management and governance"), (303.3, "Good")),
    ]
    rows = find_rows(merge_split_grades(lines), {1: 595.0})
    assert [(r.area, r.grade.label) for r in rows] == [
        ("Children who need help", "Requires improvement"),
        ("Leadership, management and governance", "Good"),
    ]
    from qa.ingest.reports import _PARA

    match = _PARA.match("46.. Most care leavers live in suitable accommodation.")
    assert match is not None and match.groups() == (
        "46",
        "Most care leavers live in suitable accommodation.",
    )
    assert _PARA.match("2.1 Adoption performance") is None
