"""Unnumbered body text of PDF reports becomes citable ``block`` units.

A small PDF drawn here checks the general rules everywhere; real Ofsted reports
(``../shared/reports``, or ``QA_REPORTS_DIR``) check them on each format where present.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from qa.ingest.corpus import load_document
from qa.ingest.pdfreader import read_pdf
from qa.models import Document

REPORTS = Path(
    os.environ.get("QA_REPORTS_DIR") or Path(__file__).resolve().parents[3] / "shared" / "reports"
)
# One of each format: 2013, SIF (2014-2017), ILACS (2018-).
SAMPLE = [
    "norfolk-16-august-2013",
    "somerset-27-march-2015",
    "walsall-04-september-2017",
    "bexley-20-august-2018",
    "bury-29-july-2025",
]
PUBLISHER = re.compile(
    r"crown copyright|\u00a9|enquiries@ofsted|open government licen|piccadilly gate|textphone",
    re.I,
)


def _blocks(doc: Document):
    return [u for u in doc.units if u.kind == "block"]


def _block_with(doc: Document, text: str):
    found = [u for u in _blocks(doc) if text in u.text]
    assert len(found) == 1, [u.unit for u in found]
    return found[0]


# ---------------------------------------------------------------------------------------
# A drawn report: front page and judgement table, unnumbered summary, bullets under
# sub-headings, numbered paragraphs, an inspection team, a running footer, a footnote
# and a closing page.


def _draw_report(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    state = {"y": 0.0, "page": 0}

    def new_page() -> None:
        if state["page"]:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(72, 40, "Inspection of Testshire children's services")
            pdf.drawString(width - 90, 40, str(state["page"]))
            pdf.showPage()
        state["page"] += 1
        state["y"] = height - 80

    def line(text: str, size: float = 11, bold: bool = False, x: float = 72, gap: float = 1.3):
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(x, state["y"], text)
        state["y"] -= size * gap

    def space(points: float = 12) -> None:
        state["y"] -= points

    new_page()
    line("Testshire County Council", 24)
    line("Inspection dates: 1 to 12 May 2017", 13)
    line("Lead inspector: Ann Example HMI", 13)
    space(20)
    line("Overall effectiveness", 11, True)
    state["y"] += 11 * 1.3
    line("Good", 11, x=380)
    new_page()
    line("Executive summary", 14, True)
    space(6)
    line("Services for children in Testshire are good. Leaders know their services")
    line("well and act quickly when practice falls short.")
    space(12)
    line("Children in care live in stable homes close to their families and schools.")
    space(12)
    line("Information about this local authority area", 14, True)
    # (PDFium reads no weight from the standard fonts: the sub-heading is set larger.)
    line("Children looked after in this area", 12.5, True)
    space(6)
    line("\u2022 At 31 March 2017, 512 children were being looked after by the local")
    line("authority (a rate of 60 per 10,000 children).", x=86)
    line("\u2022 31 children have been adopted in the last 12 months.")
    space(30)
    pdf.setFont("Helvetica", 8)
    pdf.drawString(72, 90, "1 Data supplied by the local authority and not validated.")
    new_page()
    line("The experiences and progress of children in care: good", 14, True)
    space(6)
    for number in range(1, 6):
        line(f"{number}.  Paragraph {number} says that children in care are well supported")
        line("by their social workers and their carers.", x=96)
        space(8)
    line("Information about this inspection", 14, True)
    space(6)
    line("The inspection team consisted of four of Her Majesty's Inspectors.")
    space(12)
    line("Lead inspector: Ann Example HMI")
    space(12)
    line("Deputy lead inspector: Ben Sample HMI")
    space(12)
    line("Team inspectors: Cara Third HMI, Dan Fourth HMI")
    new_page()
    line("Ofsted, Piccadilly Gate, Store Street, Manchester M1 2WD")
    line("T: 0300 123 1231  E: enquiries@ofsted.gov.uk")
    line("\u00a9 Crown copyright 2017")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(72, 40, "Inspection of Testshire children's services")
    pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Document:
    pytest.importorskip("reportlab")
    path = _draw_report(tmp_path_factory.mktemp("blocks") / "testshire-2017.pdf")
    return load_document(path)


def test_drawn_numbered_paragraphs_stay_paragraphs(drawn):
    paragraphs = [u for u in drawn.units if u.kind == "paragraph"]
    assert [u.paragraph for u in paragraphs] == [1, 2, 3, 4, 5]
    assert not any("Paragraph" in u.text for u in _blocks(drawn))


def test_drawn_unnumbered_text_becomes_blocks(drawn):
    summary = _block_with(drawn, "Services for children in Testshire are good.")
    assert summary.section == "Executive summary"
    assert summary.text.endswith("act quickly when practice falls short.")
    assert summary.page == summary.page_end == 2
    assert summary.paragraph is None and summary.numbering is None
    second = _block_with(drawn, "Children in care live in stable homes")
    assert second.unit != summary.unit  # printed paragraphs are separate blocks

    looked_after = _block_with(drawn, "512 children were being looked after")
    assert looked_after.section == "Children looked after in this area"
    assert looked_after.part == "Information about this local authority area"
    assert looked_after.text.split("\n") == [
        "\u2022 At 31 March 2017, 512 children were being looked after by the local "
        "authority (a rate of 60 per 10,000 children).",
        "\u2022 31 children have been adopted in the last 12 months.",
    ]
    assert looked_after.bbox is not None and looked_after.bbox[0] == pytest.approx(72, abs=2)


def test_drawn_inspection_team_is_one_block(drawn):
    team = _block_with(drawn, "Deputy lead inspector: Ben Sample HMI")
    assert team.section == "Information about this inspection"
    assert team.page == 3
    assert team.text.split("\n") == [
        "Lead inspector: Ann Example HMI",
        "Deputy lead inspector: Ben Sample HMI",
        "Team inspectors: Cara Third HMI, Dan Fourth HMI",
    ]


def test_drawn_no_front_page_footer_footnote_or_publisher_text_in_blocks(drawn):
    text = "\n".join(u.text for u in _blocks(drawn))
    assert "Testshire County Council" not in text
    assert "Inspection dates" not in text
    assert "Overall effectiveness" not in text
    assert "Inspection of Testshire children's services" not in text
    assert "Data supplied by the local authority" not in text
    assert not PUBLISHER.search(text)


def test_drawn_units_are_in_reading_order(drawn):
    ids = [u.unit for u in drawn.units if u.kind in ("block", "paragraph")]
    assert ids == ["s1", "s2", "s3", "p1", "p2", "p3", "p4", "p5", "s4", "s5"]


# ---------------------------------------------------------------------------------------
# Real reports


def _report(doc_id: str) -> Path:
    path = REPORTS / f"{doc_id}.pdf"
    if not path.exists():
        pytest.skip(f"report {path} not available (set QA_REPORTS_DIR)")
    return path


@pytest.fixture(scope="module")
def walsall() -> Document:
    return load_document(_report("walsall-04-september-2017"))


@pytest.mark.integration
def test_sif_local_authority_information_is_a_block(walsall):
    unit = _block_with(walsall, "648 children were being looked after by the local authority")
    assert "Information about this local authority area" in (unit.section, unit.part)
    assert unit.section == "Children looked after in this area"
    assert unit.page == 6 and unit.page_end == 6
    lines = unit.text.split("\n")
    assert lines[0].startswith("\u2022 At 31 March 2017, 648 children")
    assert all(line.startswith("\u2022 ") for line in lines)
    assert "\u2022 31 children have been adopted" in unit.text


@pytest.mark.integration
def test_a_grade_word_that_ends_a_sentence_on_its_own_line_is_kept(walsall):
    # "... The local authority was judged to be" over "adequate.": the sentence's last
    # word, not a heading's grade on a line of its own (which is dropped).
    unit = _block_with(walsall, "The local authority was judged to be")
    assert (
        "protection of children was published in August 2013. The local authority was "
        "judged to be adequate.\n\u2022 The previous inspection" in unit.text
    )


@pytest.mark.integration
def test_sif_summary_for_children_is_a_block(walsall):
    unit = _block_with(walsall, "Social workers know the children they are working with")
    assert unit.section == "Summary for children and young people"
    assert unit.page == 8


@pytest.mark.integration
@pytest.mark.parametrize(
    ("doc_id", "deputy"),
    [
        ("walsall-04-september-2017", "Deputy lead inspector: Alison Smale HMI"),
        ("somerset-27-march-2015", "Deputy lead inspector Susan Myers HMI"),
    ],
)
def test_sif_inspection_team_names_the_deputy_lead_inspector(doc_id, deputy):
    doc = load_document(_report(doc_id))
    unit = _block_with(doc, deputy)
    assert unit.section == "The inspection team"
    assert unit.part == "Information about this inspection"
    assert unit.text.startswith("Lead inspector:")
    assert "Team inspectors:" in unit.text


@pytest.mark.integration
def test_ilacs_unnumbered_introduction_is_a_block():
    doc = load_document(_report("bury-29-july-2025"))
    unit = _block_with(doc, "Services for children and families in Bury have improved")
    assert unit.page == 1 and unit.section is None
    assert doc.units[[u.unit for u in doc.units].index(unit.unit) - 1].kind == "frontmatter"


@pytest.mark.integration
@pytest.mark.parametrize("doc_id", SAMPLE)
def test_blocks_hold_no_furniture_footnotes_or_publisher_text(doc_id):
    path = _report(doc_id)
    doc = load_document(path)
    pages = read_pdf(path).pages
    furniture = {line.plain.strip() for p in pages for line in p.furniture}
    footnotes = {line.plain.strip() for p in pages for line in p.footnotes}
    for unit in _blocks(doc):
        assert not PUBLISHER.search(unit.text), unit.unit
        for text in furniture | footnotes:
            if len(text) > 12:
                assert text not in unit.text, (unit.unit, text)


@pytest.mark.integration
@pytest.mark.parametrize("doc_id", SAMPLE)
def test_block_ids_are_unique_and_in_reading_order(doc_id):
    doc = load_document(_report(doc_id))
    ids = [u.unit for u in doc.units]
    assert len(ids) == len(set(ids))
    blocks = _blocks(doc)
    assert [u.unit for u in blocks] == [f"s{k}" for k in range(1, len(blocks) + 1)]
    for unit in blocks:
        assert unit.paragraph is None and unit.numbering is None
        assert unit.page is not None and unit.page_end is not None and unit.bbox is not None
        assert unit.page <= unit.page_end and unit.text.strip()
    # Blocks and paragraphs interleave in page order.
    pages = [u.page or 0 for u in doc.units if u.kind in ("block", "paragraph")]
    assert pages == sorted(pages)
