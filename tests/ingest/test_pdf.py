"""PDF input: the seed laid out as a PDF must give the same paragraphs, with exact pages."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from qa.ingest.corpus import load_document
from tests.ingest.pdfmaker import build_pdf


@pytest.fixture(scope="module")
def pdf_and_doc(tmp_path_factory, seed_path):
    path = build_pdf(
        seed_path.read_text(encoding="utf-8"), tmp_path_factory.mktemp("pdf") / "seed.pdf"
    )
    return path, load_document(path)


def _norm(text: str) -> str:
    return " ".join(text.replace("- ", "").split())


def test_same_paragraphs_as_the_text(pdf_and_doc, seed_doc):
    _, pdf_doc = pdf_and_doc
    assert pdf_doc.format == "pdf"
    assert [u.paragraph for u in pdf_doc.paragraphs] == list(range(1, 157))
    for text_unit, pdf_unit in zip(seed_doc.paragraphs, pdf_doc.paragraphs, strict=True):
        assert _norm(pdf_unit.text) == _norm(text_unit.text), text_unit.paragraph
        assert (pdf_unit.part, pdf_unit.section) == (text_unit.part, text_unit.section)
        assert pdf_unit.grade == text_unit.grade


def test_front_matter_and_findings_survive(pdf_and_doc, seed_doc):
    _, pdf_doc = pdf_and_doc
    assert pdf_doc.title == seed_doc.title
    assert pdf_doc.published == "9 March 2012"
    assert len(pdf_doc.findings) == len(seed_doc.findings)
    assert [(f.part, f.area, f.grade) for f in pdf_doc.findings] == [
        (f.part, f.area, f.grade) for f in seed_doc.findings
    ]


def test_pages_are_exact_pdf_pages(pdf_and_doc):
    path, pdf_doc = pdf_and_doc
    reader = PdfReader(str(path))
    page_texts = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    pages = [u.page for u in pdf_doc.paragraphs]
    assert all(u.page_source == "pdf" for u in pdf_doc.paragraphs)
    assert pages == sorted(pages) and pages[0] >= 1 and pages[-1] <= len(reader.pages)
    assert pages[-1] > pages[0]
    for unit in pdf_doc.paragraphs:
        opening = " ".join(unit.text.split()[:4])
        assert opening in page_texts[unit.page - 1], (unit.paragraph, unit.page)
