"""Reading the reports themselves: the documents, one paragraph with its neighbours (what
the chat page shows when a citation is opened), a page of the original PDF as an image,
a document's outline, and the glossary.

Route order matters: document ids may contain "/" (``{doc:path}``), so the paragraph and
page routes must be registered before ``/v1/documents/{doc:path}``, which would swallow
``.../paragraphs/48`` otherwise.
"""

import hashlib
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from qa.errors import UnknownDocument
from qa.index.searchindex import DocumentInfo
from qa.ingest.pdfreader import render_page
from qa.models import Unit, count_paragraphs
from qa.pipeline import QAService
from server import schemas
from server.deps import READ, Service

router = APIRouter(tags=["documents"], dependencies=READ)
NOT_FOUND: dict[int | str, dict] = {404: {"model": schemas.ErrorOut}}


@router.get("/v1/documents", response_model=list[schemas.DocumentSummary])
def list_documents(
    qa: Service,
    council: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> list[dict]:
    """The reports in the index with their front-page metadata; ``council`` (any name or
    short form the router knows) and ``year`` (published or inspected) narrow the list."""
    docs = sorted(qa.index.documents)
    if council is not None:
        name = qa.router.canonical(council) or council
        docs = [r.doc for r in qa.router.reports if r.council == name and r.doc in docs]
    if year is not None:
        docs = [r.doc for r in qa.router.reports if r.of_year(year) and r.doc in docs]
    return [_doc_summary(qa, doc_id) for doc_id in sorted(docs)]


@router.get(
    "/v1/documents/{doc:path}/paragraphs/{n}",
    response_model=schemas.ParagraphOut,
    responses=NOT_FOUND,
)
def get_paragraph(doc: str, n: str, qa: Service) -> dict:
    """A paragraph (by number, or by unit id such as `frontmatter`) and its neighbours."""
    units = _units(qa, doc)
    wanted = [
        i
        for i, u in enumerate(units)
        if (_number(n) is not None and u.paragraph == _number(n) and u.numbering != "generated")
        or u.unit == n
    ]
    if not wanted:
        raise HTTPException(404, f"document {doc!r} has no paragraph {n!r}")
    i = wanted[0]
    return {
        "paragraph": _unit(units[i]),
        "previous": _unit(units[i - 1]) if i > 0 else None,
        "next": _unit(units[i + 1]) if i + 1 < len(units) else None,
    }


# Pixels per PDF point of a rendered page: 1.5 (108 dpi) reads well in the dialog at
# desktop widths and keeps a page near 200 KB of PNG.
PAGE_SCALE = 1.5


@router.get(
    "/v1/documents/{doc:path}/pages/{n}",
    response_class=Response,
    responses={
        200: {"content": {"image/png": {}}, "description": "the page as a PNG image"},
        404: {"model": schemas.ErrorOut},
    },
)
def page_image(doc: str, n: Annotated[int, PathParam(ge=1, le=10_000)], qa: Service) -> Response:
    """Page ``n`` of the report's original PDF, rendered by this server (pypdfium2), so the
    chat page can show a cited paragraph where it stands. ``X-Page-Width`` and
    ``X-Page-Height`` give the page's size in PDF points, the unit of a paragraph's
    ``bbox``. 404 for a text report, a missing page, or a file changed since indexing."""
    _units(qa, doc)
    source = _source_pdf(qa, doc)
    try:
        png, width, height = render_page(source, n, PAGE_SCALE)  # a sync route: threadpool
    except IndexError as exc:
        raise HTTPException(404, f"document {doc!r} has no page {n}") from exc
    return Response(
        png,
        media_type="image/png",
        headers={
            "X-Page-Width": f"{width:.2f}",
            "X-Page-Height": f"{height:.2f}",
            "Cache-Control": "private, max-age=3600",
        },
    )


def _source_pdf(qa: QAService, doc: str) -> Path:
    """The indexed PDF of ``doc`` in the corpus folder, only if it is still the file that
    was indexed (same SHA-256): a page of another version would not match the positions."""
    summary = qa.index.documents[doc].summary
    if summary.get("format") != "pdf" or not summary.get("path"):
        raise HTTPException(404, f"document {doc!r} is not a PDF: it has no pages to show")
    corpus = qa.settings.corpus_dir.resolve()
    recorded = Path(summary["path"])
    for candidate in (recorded, corpus / recorded, corpus / recorded.name):
        path = candidate.resolve()
        if path.is_file() and path.is_relative_to(corpus):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest == summary.get("sha256"):
                return path
    raise HTTPException(404, f"the PDF of {doc!r} is no longer in the corpus as indexed")


@router.get("/v1/documents/{doc:path}", response_model=schemas.DocumentOut, responses=NOT_FOUND)
def get_document(doc: str, qa: Service) -> dict:
    units = _units(qa, doc)
    info = qa.index.documents[doc]
    front = {k: v for k, v in info.summary.items() if k not in ("id", "paragraphs")}
    return {
        **_doc_summary(qa, doc),
        "front_matter": front,
        "contents": [{"title": e.title, "page": e.page} for e in info.contents],
        "findings": _findings(info),
        "paragraph_numbers": [u.paragraph for u in units if u.paragraph is not None],
    }


@router.get("/v1/glossary", response_model=list[schemas.AcronymOut], responses=NOT_FOUND)
def glossary(qa: Service, doc: Annotated[str | None, Query(max_length=500)] = None) -> list[dict]:
    """Acronyms defined in the corpus ("Local Authority Designated Officer (LADO)")."""
    if doc is not None:
        _units(qa, doc)
    return [
        a.to_record()
        for a in sorted(qa.index.acronyms.values(), key=lambda a: a.short.lower())
        if doc is None or a.doc == doc
    ]


def _units(qa: QAService, doc: str) -> list[Unit]:
    """The document's units in reading order; 404 (UnknownDocument) for an unknown id."""
    if doc not in qa.index.documents:
        raise UnknownDocument(f"unknown document {doc!r}")
    return qa.index.units_of(doc)


# Front-page metadata every document listing carries (from the index's documents table).
FRONT_PAGE_FIELDS = (
    "council",
    "inspection_type",
    "inspection_dates",
    "year",
    "published",
    "reporting_inspector",
)


def _number(n: str) -> int | None:
    """A paragraph number as printed: ASCII digits only ("³" and "٣" are not numbers here),
    and short enough to be one (a 5,000-digit string is not)."""
    return int(n) if n.isascii() and n.isdigit() and len(n) <= 6 else None


def _doc_summary(qa: QAService, doc: str) -> dict:
    info = qa.index.documents[doc]
    units = qa.index.units_of(doc)
    return {
        "id": doc,
        "title": info.title,
        "paragraphs": count_paragraphs(units),
        "units": len(units),
        **{key: info.summary.get(key) for key in FRONT_PAGE_FIELDS},
        "format": info.summary.get("format"),
        # Where the front page does not print them (older text reports), the council and
        # year the router resolved (file name, title, dates): the same ones routing uses.
        **_routed(qa, doc, info.summary),
        "findings": _findings(info),
    }


def _findings(info: DocumentInfo) -> list[dict]:
    return [
        {
            "part": f.part,
            "area": f.area,
            "grade": f.grade.label if f.grade else None,
            "grade_number": f.grade.number if f.grade else None,
        }
        for f in info.findings
    ]


def _routed(qa: QAService, doc: str, summary: dict) -> dict:
    ref = next((r for r in qa.router.reports if r.doc == doc), None)
    if ref is None:
        return {}
    return {
        "council": summary.get("council") or ref.council,
        # The year routing uses: published (the front page's, else the file name's), else
        # inspected; the same report is also found by its inspection year.
        "year": ref.year or summary.get("year"),
    }


def _unit(unit: Unit) -> dict:
    record = {**unit.to_record(), "label": unit.label}
    record["bbox"] = list(unit.bbox) if unit.bbox else None
    return {key: record[key] for key in schemas.UnitOut.model_fields}
