"""Real Ofsted reports of each format, parsed and compared with hand-checked fixtures.

The reports live outside the repository (``../shared/reports``, or ``QA_REPORTS_DIR``);
the fixtures (``tests/fixtures/reports/<doc-id>.json``) were checked by hand against the
PDFs. Only a few reports, one or two of each format, so the test stays short.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from qa.ingest.bench import compare
from qa.ingest.corpus import load_document

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
REPORTS = Path(
    os.environ.get("QA_REPORTS_DIR") or Path(__file__).resolve().parents[3] / "shared" / "reports"
)
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
# One or two of each format: 2013 (safeguarding / looked after), SIF (2014-2017), ILACS.
SAMPLE = [
    "norfolk-16-august-2013",
    "sheffield-21-february-2014",
    "middlesbrough-19-february-2016",
    "bexley-20-august-2018",
    "wolverhampton-18-may-2022",
    "bury-29-july-2025",
]


def _fixture(doc_id: str) -> dict:
    path = FIXTURES / f"{doc_id}.json"
    if not path.exists():
        pytest.skip(f"no fixture {path.name}")
    return json.loads(path.read_text(encoding="utf-8"))


def _report(doc_id: str) -> Path:
    path = REPORTS / f"{doc_id}.pdf"
    if not path.exists():
        pytest.skip(f"report {path} not available (set QA_REPORTS_DIR)")
    return path


@pytest.mark.parametrize("doc_id", SAMPLE)
def test_paragraphs_match_the_hand_checked_fixture(doc_id):
    fixture = _fixture(doc_id)
    doc = load_document(_report(doc_id))
    assert doc.format == "pdf" and doc.layout == "numbered"
    result = compare(doc, fixture)
    refs = fixture["paragraphs"]
    for check in ("number+first", "last", "page"):
        wrong = [r["number"] for r, ok in zip(refs, result[check], strict=True) if not ok]
        assert not wrong, f"{check} wrong for paragraphs {wrong}"
    for check in ("section", "grade"):
        right = sum(result[check])
        assert right >= 0.8 * len(refs), f"{check}: {right}/{len(refs)}"
    assert result["front"] == [True]


@pytest.mark.parametrize("doc_id", SAMPLE)
def test_judgement_table_is_read_as_rows(doc_id):
    fixture = _fixture(doc_id)
    doc = load_document(_report(doc_id))
    got = {(f.area.lower(), f.grade.number) for f in doc.findings}
    from qa.ingest.reports import grade_from_text

    want = {(j["area"].lower(), grade_from_text(j["grade"]).number) for j in fixture["judgements"]}
    assert len(got & want) >= 0.75 * len(want), (sorted(got), sorted(want))


# Each way a front page prints its council: the name alone above the title, wrapped as
# "... Metropolitan Borough / Council", inverted ("Bristol City of"), with the service or
# board ("Medway Children's Services", "Surrey Safeguarding Children Board"), or inside
# the title ("Inspection of Kent County Council children's services").
FRONT_COUNCILS = {
    "bath-and-north-east-somerset-07-july-2017": "Bath and North East Somerset",
    "doncaster-19-january-2018": "Doncaster",
    "bristol-22-october-2018": "Bristol",
    "medway-27-august-2019": "Medway",
    "surrey-03-august-2015": "Surrey",
    "kent-02-february-2026": "Kent",
    "norfolk-16-august-2013": "Norfolk",
}


@pytest.mark.parametrize(("doc_id", "council"), sorted(FRONT_COUNCILS.items()))
def test_front_page_council_in_every_layout(doc_id, council):
    doc = load_document(_report(doc_id))
    assert doc.council == council
    front = next(u for u in doc.units if u.kind == "frontmatter")
    assert front.text.startswith(f"Council: {council}\n")


def test_reinspection_and_board_review_titles_give_the_inspection_type():
    assert load_document(_report("doncaster-19-january-2018")).inspection_type.startswith(
        "Re-inspection of services for children in need"
    )
    surrey = load_document(_report("surrey-03-august-2015"))
    assert surrey.inspection_type.startswith("Review of the effectiveness of the Local")


def test_a_graded_heading_wrapped_after_its_colon_opens_a_section():
    """ "The experiences and progress of children in care and care leavers:" over
    "requires improvement to be good." is a heading with its grade, not the last words of
    the paragraph above it (ILACS 2019 to 2025)."""
    medway = load_document(_report("medway-27-august-2019"))
    p15, p16 = medway.unit_by_paragraph(15), medway.unit_by_paragraph(16)
    assert p15.text.endswith("transition plans.")
    assert p16.section == "The experiences and progress of children in care and care leavers"
    assert p16.grade.number == 3  # requires improvement to be good
    assert medway.unit_by_paragraph(1).grade.label == "Inadequate"
    riding = load_document(_report("east-riding-of-yorkshire-13-march-2020"))
    p18 = riding.unit_by_paragraph(18)
    assert p18.section == "The experiences and progress of children in care and care leavers"
    assert p18.grade.label == "Good"  # not the "Inadequate" of the section before
    assert riding.unit_by_paragraph(17).text.endswith("suitable accommodation.")


def test_a_label_between_numbered_items_is_no_part_of_either():
    """ "Leadership, management and governance", set in body type between two
    recommendations, heads the ones after it; the one before ends at its own full stop."""
    windsor = load_document(_report("windsor-maidenhead-13-may-2015"))
    assert windsor.unit_by_paragraph(6).text.endswith("recording system.")
    assert windsor.unit_by_paragraph(7).section == "Leadership, management and governance"
    assert windsor.unit_by_paragraph(7).grade is None  # a recommendation, not a finding


def test_a_line_whose_type_pdfium_cannot_place_stays_in_its_paragraph():
    """A run whose first character PDFium's hit test misses is measured by the type of the
    run before it, not guessed from its box (which read "125 each, ..." as a 15pt heading
    and cut paragraph 50 in two)."""
    stockport = load_document(_report("stockport-25-august-2017"))
    assert "high caseloads of around 125 each" in stockport.unit_by_paragraph(50).text
    warrington = load_document(_report("warrington-12-may-2015"))
    p56 = warrington.unit_by_paragraph(56)
    assert p56.part != "Contents" and p56.grade is not None


def test_no_letter_or_figure_is_read_twice():
    """PDFium boxes a word's first letter on its own ("p" | "rotection"); the hit test of
    the next box reached back into it and read it again: "prprotection", "workerss,",
    "paragraphs ... 544". Each character is read once."""
    windsor = load_document(_report("windsor-maidenhead-13-may-2015"))
    assert windsor.unit_by_paragraph(9).section == "Help and protection"
    oldham = load_document(_report("oldham-03-august-2015"))
    assert "(paragraphs 25, 27, 43, 54, 56, 58, 75, 120, 152)" in oldham.unit_by_paragraph(4).text


@pytest.mark.parametrize(
    ("doc_id", "area"),
    [
        # The area wraps where its grade wraps ("... help and" | "Requires improvement",
        # "protection" | "to be good").
        (
            "halton-15-april-2020",
            "The experiences and progress of children in care and care leavers",
        ),
        (
            "bristol-22-october-2018",
            "The experiences and progress of children who need help and protection",
        ),
        # A letter set apart on the row's line ("2.2 | l | Requires" over "... care eavers").
        ("coventry-21-march-2014", "Experiences and progress of care leavers"),
    ],
)
def test_judgement_rows_keep_every_word_of_their_area(doc_id, area):
    areas = [f.area for f in load_document(_report(doc_id)).findings]
    assert area in areas, areas


def test_sections_after_a_list_are_not_its_children():
    manchester = load_document(_report("manchester-11-november-2025"))
    assert all(u.part != "What needs to improve?" for u in manchester.units if u.paragraph)


def test_no_page_furniture_or_footnotes_inside_paragraphs():
    doc = load_document(_report("bexley-20-august-2018"))
    paragraphs = [u for u in doc.units if u.kind == "paragraph"]
    numbers = [u.paragraph for u in paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(u.page_source == "pdf" and u.page_end >= u.page for u in paragraphs)
    front = next(u for u in doc.units if u.kind == "frontmatter")
    assert "Marcie Taylor" in front.text
    assert not any("Crown copyright" in u.text for u in doc.units)
