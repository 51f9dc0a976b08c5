"""The seed report, paragraph by paragraph, against a careful reading of it."""

from __future__ import annotations

import pytest

from qa.models import Document

SS = "Safeguarding services"
LAC = "Services for looked after children"
OUTCOMES = "How good are outcomes for looked after children and care leavers?"
HEALTH = "The contribution of health agencies to keeping children and young people safe"

# (first, last paragraph, part, section, grade label, contents page) read off the report.
SECTIONS = [
    (1, 2, None, "About this inspection", None, 2),
    (3, 3, None, "The inspection judgements and what they mean", None, 2),
    (4, 14, None, "Service information", None, 3),
    (15, 23, SS, "Overall effectiveness", "Good", 5),
    (24, 27, SS, "Capacity for improvement", "Good", 7),
    (28, 28, SS, "Areas for improvement", None, 9),
    (29, 34, SS, "Children and young people are safe and feel safe", "Good", 10),
    (35, 44, SS, "Quality of provision", "Good", 12),
    (45, 60, SS, HEALTH, "Adequate", None),  # the contents table prints no page for it
    (61, 66, SS, "Ambition and prioritisation", "Outstanding", 18),
    (67, 75, SS, "Leadership and management", "Good", 19),
    (76, 79, SS, "Performance management and quality assurance", "Good", 22),
    (80, 85, SS, "Partnership working", "Good", 23),
    (86, 91, LAC, "Overall effectiveness", "Good", 25),
    (92, 96, LAC, "Capacity for improvement", "Outstanding", 26),
    (97, 97, LAC, "Areas for improvement", None, 28),
    (98, 105, LAC, f"{OUTCOMES} > Being healthy", "Adequate", 29),
    (106, 111, LAC, f"{OUTCOMES} > Staying safe", "Good", 31),
    (112, 119, LAC, f"{OUTCOMES} > Enjoying and achieving", "Good", 32),
    (
        120,
        125,
        LAC,
        f"{OUTCOMES} > Making a positive contribution, including user engagement",
        "Good",
        33,
    ),
    (126, 130, LAC, f"{OUTCOMES} > Economic well being", "Good", 35),
    (131, 138, LAC, "Quality of provision", "Good", 36),
    (139, 144, LAC, "Ambition and prioritisation", "Outstanding", 38),
    (145, 152, LAC, "Leadership and management", "Good", 39),
    (153, 156, LAC, "Performance management and quality assurance", "Good", 41),
]
GRADE_NUMBER = {"Outstanding": 1, "Good": 2, "Adequate": 3}


def test_all_156_paragraphs_once_in_order(seed_doc: Document):
    numbers = [u.paragraph for u in seed_doc.paragraphs]
    assert numbers == list(range(1, 157))
    assert len({u.unit for u in seed_doc.units}) == len(seed_doc.units)
    assert all(u.text.strip() for u in seed_doc.paragraphs)
    assert seed_doc.warnings == ()


@pytest.mark.parametrize("first,last,part,section,grade,page", SECTIONS)
def test_section_metadata_of_every_paragraph(seed_doc, first, last, part, section, grade, page):
    for number in range(first, last + 1):
        unit = seed_doc.unit_by_paragraph(number)
        assert (unit.part, unit.section, unit.page) == (part, section, page), number
        assert (unit.grade.label if unit.grade else None) == grade, number
        if grade:
            assert unit.grade.number == GRADE_NUMBER[grade]


# Paragraphs that PDF extraction damaged: (number, first words, last words).
DAMAGED = [
    # bullet lists belong to the paragraph that introduces them
    (2, "The evidence evaluated by inspectors included:", "general practitioners (GPs)."),
    (28, "In order to improve the quality", "recording the rationale for management decisions"),
    (97, "In order to improve the quality", "meet the needs of looked after children."),
    # number displaced into the line
    (
        30,
        "The safeguarding and child protection needs of children and young people are identified",
        "nationally as a model of good practice.",
    ),
    (
        36,
        "Early intervention and preventative services are good. There are effective arrangements",
        "have contributed to the assessments.",
    ),
    (
        57,
        "There is a wide range of effective health services for children with disabilities",
        "leading to inequitable access to service.",
    ),
    (
        81,
        "The performance of the LSCB is good. All statutory requirements are met. It has",
        "including the voluntary sector.",
    ),
    # continued after a page break (lower-case, or an unnumbered capitalised block)
    (8, "At the time of the inspection", "subject to child protection plans."),
    (16, "Excellent engagement", "to avoid duplication and reduce cost."),
    (89, "The partnership knows itself very well.", "system of case review reports."),
    (134, "Good support and training", "often keeping the same social worker."),
    # numbered without the leading "- "
    (45, "The contribution of health agencies", "young people safe is adequate."),
    (85, "Partnership work in the voluntary", "clarify thresholds, processes and timescales."),
    (144, "Corporate parenting arrangements are outstanding.", "successfully for their work."),
]


@pytest.mark.parametrize("number,first,last", DAMAGED)
def test_damaged_paragraphs_first_and_last_words(seed_doc, number, first, last):
    text = " ".join(seed_doc.unit_by_paragraph(number).text.split())
    assert text.startswith(first)
    assert text.endswith(last)
    assert not text.startswith(("-", str(number)))


def test_continuations_are_joined_into_their_paragraph(seed_doc):
    assert (
        "The local authority utilises the virtual school approach"
        in seed_doc.unit_by_paragraph(8).text
    )
    assert "Auditing arrangements for children's services" in seed_doc.unit_by_paragraph(89).text
    assert "The quality of the council's own residential" in seed_doc.unit_by_paragraph(134).text
    assert "but the LSCB has not ensured" in seed_doc.unit_by_paragraph(25).text
    # the unnumbered blocks were not left behind as units of their own
    assert all(u.kind != "block" for u in seed_doc.units)


def test_word_hyphenated_across_page_break_is_rejoined(seed_doc):
    text = seed_doc.unit_by_paragraph(93).text
    assert "appropriately reinvested to consolidate" in text
    assert "re- invested" not in text and "re-invested" not in text


def test_displaced_numbers_leave_no_trace(seed_doc):
    for number in (30, 36, 57, 81):
        assert f" {number}. " not in seed_doc.unit_by_paragraph(number).text


def test_list_items_stay_with_their_paragraph(seed_doc):
    p28 = seed_doc.unit_by_paragraph(28).text.split("\n")
    assert p28[1] == "Immediately:"
    assert "Within three months:" in p28 and "Within six months:" in p28
    assert sum(line.startswith("- ") for line in p28) == 11
    p97 = seed_doc.unit_by_paragraph(97).text.split("\n")
    assert sum(line.startswith("- ") for line in p97) == 10
    assert len([ln for ln in seed_doc.unit_by_paragraph(2).text.split("\n") if ln[:2] == "- "]) == 5


def test_front_matter(seed_doc):
    assert seed_doc.title == (
        "Inspection of safeguarding and looked after children services Lancashire"
    )
    assert seed_doc.inspection_dates == "23 January – 3 February 2012"
    assert seed_doc.reporting_inspector == "Gary Lamb HMI"
    assert seed_doc.published == "9 March 2012"
    front = next(u for u in seed_doc.units if u.kind == "frontmatter")
    assert front.paragraph is None and front.unit == "frontmatter"
    assert "Reporting inspector Gary Lamb HMI" in front.text
    assert "Contents" not in front.text


def test_contents_table(seed_doc):
    titles = [e.title for e in seed_doc.contents]
    assert titles[0] == "About this inspection" and seed_doc.contents[0].page == 2
    assert titles[-1] == "Record of main findings:" and seed_doc.contents[-1].page == 43
    assert len(seed_doc.contents) == 28
    assert seed_doc.contents[8].page is None  # the health-agencies entry has no page
    # the contents table is not an answer source
    assert not any("About this inspection\t2" in u.text for u in seed_doc.units)


def test_findings_table(seed_doc):
    rows = {(f.part, f.area): f for f in seed_doc.findings}
    assert len(seed_doc.findings) == 22
    assert seed_doc.parts == (SS, LAC)
    assert rows[(SS, HEALTH)].grade.label == "Adequate"
    assert rows[(SS, "Equality and diversity")].grade.label == "Outstanding"
    assert rows[(LAC, "Equality and diversity")].grade.label == "Good"
    assert rows[(LAC, "Capacity for improvement")].grade.number == 1
    assert rows[(SS, "Capacity for improvement")].grade.number == 2
    # words broken across table cells are repaired
    assert rows[(SS, "Children and young people are safe and feel safe")].group == (
        "Safeguarding outcomes for children and young people"
    )
    assert rows[(LAC, "Being healthy")].group == OUTCOMES
    assert rows[(LAC, "Quality of provision")].group is None
    unit = next(u for u in seed_doc.units if u.kind == "findings")
    assert unit.page == 43 and "Being healthy: Adequate" in unit.text


def test_units_record_their_source_lines(seed_doc, seed_path):
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    for unit in seed_doc.paragraphs:
        first_line = lines[unit.line_start - 1]
        assert unit.text.split()[0] in first_line, unit.paragraph
