"""Parser behaviour on small synthetic reports (fast, exact), and the generic fallback."""

from __future__ import annotations

from qa.ingest.parser import parse_report
from qa.ingest.sources import SourceText


def parse(text: str, pages: tuple[str, ...] | None = None):
    src = SourceText("mem/report.txt", "text", "0" * 64, pages or (text,), None, ())
    return parse_report(src)


def test_displaced_number_only_for_the_expected_paragraph():
    doc = parse(
        "1. First paragraph.\n\n2. Second one about children aged 16. They do well.\n\n"
        "- Third paragraph text about people 3. who are fine.\n\n4. Four.\n"
    )
    assert [u.paragraph for u in doc.paragraphs] == [1, 2, 3, 4]
    assert doc.unit_by_paragraph(2).text == "Second one about children aged 16. They do well."
    assert doc.unit_by_paragraph(3).text == "Third paragraph text about people who are fine."


def test_page_break_continuations_and_hyphenation():
    doc = parse(
        "1. The council re-\n\ninvested money. It uses the\n\nvirtual school.\n\n"
        "2. Well-being is good; the well-\n\nbeing of staff too.\n\n3. Done.\n"
    )
    assert doc.unit_by_paragraph(1).text == (
        "The council reinvested money. It uses the virtual school."
    )
    # the hyphenated form is used elsewhere in the report, so the hyphen is kept
    assert doc.unit_by_paragraph(2).text == "Well-being is good; the well-being of staff too."


def test_headings_parts_grades_and_form_feed_pages():
    text = (
        "Report title\n\nContents\n\nIntro\t2\nServices for adults\t3\nStaying well\t3\n\n"
        "Intro\n\n1. Intro text.\n\n2. More intro.\n\f"
        "Services for adults\n\nStaying well Grade 2 (Good)\n\n3. Adults stay well.\n\n"
        "Keeping busy\n\nGrade 4 (Inadequate)\n\n4. Not busy.\n\n"
        "Record of main findings:\n\nServices for adults\t\nStaying well\tGood\n"
        "Keeping busy\tInadequate\n"
    )
    src = SourceText("r.txt", "text", "0" * 64, tuple(text.split("\f")), "formfeed", ())
    doc = parse_report(src)
    p1, p3, p4 = (doc.unit_by_paragraph(n) for n in (1, 3, 4))
    assert (p1.section, p1.part, p1.page) == ("Intro", None, 1)
    assert (p3.part, p3.section, p3.grade.label, p3.page) == (
        "Services for adults",
        "Staying well",
        "Good",
        2,
    )
    # "Keeping busy" is not in the contents: a heading because a grade line follows it
    assert (p4.section, p4.grade.number) == ("Keeping busy", 4)
    assert p4.page_source == "formfeed"


def test_grade_from_findings_table_when_heading_has_none():
    text = (
        "T\n\nContents\n\nPart A\t1\nQuality\t1\nPart B\t2\nQuality\t2\n\n"
        "Part A\n\nQuality\n\n1. A text.\n\nPart B\n\nQuality\n\n2. B text.\n\n3. More B.\n\n"
        "Record of main findings:\n\nPart A\t\nQuality\tGood\nPart B\t\nQuality\tAdequate\n"
    )
    doc = parse(text)
    assert doc.parts == ("Part A", "Part B")
    assert doc.unit_by_paragraph(1).grade.label == "Good"
    assert doc.unit_by_paragraph(2).grade.label == "Adequate"
    assert doc.unit_by_paragraph(2).page == 2


def test_generic_fallback_numbers_blocks_and_flags_them():
    doc = parse("# Team notes\n\nFirst block of text.\nStill first.\n\n## Staffing\n\nSecond.\n")
    assert doc.layout == "generic"
    assert [(u.unit, u.paragraph, u.numbering) for u in doc.paragraphs] == [
        ("b1", 1, "generated"),
        ("b2", 2, "generated"),
    ]
    assert doc.unit_by_paragraph(1).text == "First block of text. Still first."
    assert doc.unit_by_paragraph(2).section == "Staffing"
    assert doc.title == "Team notes"


def test_markdown_report_with_numbered_paragraphs_is_still_numbered():
    doc = parse("# Title\n\n## Findings\n\n1. One.\n2. Two.\n3. Three.\n")
    assert doc.layout == "numbered"
    assert [u.paragraph for u in doc.paragraphs] == [1, 2, 3]
