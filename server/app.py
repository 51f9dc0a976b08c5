"""The FastAPI application: JSON API under /v1, health, metrics and the chat page.

One :class:`~server.state.ServiceHolder` per app holds the model and index, loaded in the
background at start-up and shared by every request. Endpoints are plain ``def``
functions: FastAPI runs them in its thread pool, so a slow answer never blocks the event
loop, and the embedder serialises calls into the tokenizer itself.

No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations
(``Annotated[..., Depends(...)]`` aliases local to :func:`create_app`) at definition time.
"""

import json
import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.answer import Answer
from qa.errors import QAError, UnknownDocument
from qa.feedback import Feedback, FeedbackStore, candidate_gold
from qa.models import Unit
from qa.pipeline import BadQuestion, QAService
from qa.settings import Settings
from server import schemas
from server.security import BodyLimit, SecurityHeaders, api_key_header, require_key
from server.state import Loader, NotReady, ServiceHolder, default_loader
from server.telemetry import MetricsMiddleware, Telemetry

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("report_qa.server")

API_DESCRIPTION = """Answers questions about numbered inspection reports and cites the
paragraphs each answer came from. Every error is a JSON body
`{"error": {"status": int, "message": str}}`."""


def create_app(settings: Settings | None = None, loader: Loader = default_loader) -> FastAPI:
    settings = settings or Settings()
    origins = settings.cors_origin_list
    holder = ServiceHolder(settings, loader)
    telemetry = Telemetry()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        holder.start()
        app.state.feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
        yield
        app.state.feedback.close()

    app = FastAPI(
        title="report-qa",
        version="1",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        # Swagger UI and ReDoc load from a CDN and run inline script: neither works offline
        # nor under the page's Content-Security-Policy. The schema itself is served.
        docs_url=None,
        redoc_url=None,
        responses={
            401: {"model": schemas.ErrorOut, "description": "API key missing or wrong"},
            413: {"model": schemas.ErrorOut, "description": "request body too large"},
            422: {"model": schemas.ErrorOut, "description": "invalid request"},
            503: {"model": schemas.ErrorOut, "description": "index not loaded"},
        },
    )
    app.state.holder = holder
    app.state.telemetry = telemetry
    app.state.api_keys = settings.api_key_list

    # Outermost first: metrics see every response, headers go on every response (413s
    # included), the body limit runs before anything reads the body.
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            # Keys travel in a header, never cookies: credentials are never allowed, so
            # even a "*" origin cannot be combined with them.
            allow_credentials=False,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(MetricsMiddleware, telemetry=telemetry, routes_of=lambda: app.routes)

    _add_error_handlers(app)

    def keyed(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
        require_key(request, key)

    def service() -> QAService:
        return holder.get()

    Service = Annotated[QAService, Depends(service)]
    protected = [Depends(keyed)]

    # -- health and metrics ------------------------------------------------------------

    @app.get("/healthz", tags=["health"], summary="The process is alive")
    def healthz() -> dict:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        summary="200 once the model and index are loaded, 503 before",
        responses={503: {"description": "loading, or the load failed (message says why)"}},
    )
    def readyz():
        status = holder.status()
        body = {"status": status.state, "build": status.build, "message": status.message}
        return JSONResponse(body, status_code=200 if status.ready else 503)

    @app.get("/metrics", tags=["health"], dependencies=protected, response_class=PlainTextResponse)
    def metrics():
        body, content_type = telemetry.render()
        return Response(body, media_type=content_type)

    # -- answering -----------------------------------------------------------------------

    @app.post("/v1/ask", tags=["answers"], dependencies=protected, response_model=schemas.AnswerOut)
    def ask(body: schemas.AskRequest, qa: Service):
        """The same object as `qa ask --json`."""
        history = [turn.question for turn in body.history]
        answer: Answer = qa.ask(body.question, k=body.k, doc=body.doc, history=history)
        telemetry.answers.labels("abstained" if answer.abstained else "answered").inc()
        return answer.to_json()

    @app.get(
        "/v1/search", tags=["answers"], dependencies=protected, response_model=schemas.SearchOut
    )
    def search(
        qa: Service,
        q: Annotated[str, Query(min_length=1, max_length=schemas.MAX_QUESTION_CHARS)],
        k: Annotated[int | None, Query(ge=1, le=100)] = None,
        doc: Annotated[str | None, Query(max_length=500)] = None,
    ):
        """Ranked paragraphs for a query, without answering."""
        started = time.perf_counter()
        retrieval = qa.search(q, k=k, doc=doc)
        return {
            "query": retrieval.query,
            "expanded": retrieval.expanded,
            "passages": [_passage(p.unit, p.score) for p in retrieval.passages],
            "took_ms": round((time.perf_counter() - started) * 1000, 3),
        }

    @app.post(
        "/v1/context", tags=["answers"], dependencies=protected, response_model=schemas.ContextOut
    )
    def context(body: schemas.ContextRequest, qa: Service):
        """The best paragraphs packed into a token budget (tiktoken), with citations."""
        return qa.context(body.question, body.max_tokens, doc=body.doc).to_json()

    # -- documents -------------------------------------------------------------------------

    @app.get(
        "/v1/documents",
        tags=["documents"],
        dependencies=protected,
        response_model=list[schemas.DocumentSummary],
    )
    def documents(qa: Service):
        return [_doc_summary(qa, doc_id) for doc_id in sorted(qa.index.documents)]

    @app.get(
        "/v1/documents/{doc:path}/paragraphs/{n}",
        tags=["documents"],
        dependencies=protected,
        response_model=schemas.ParagraphOut,
        responses={404: {"model": schemas.ErrorOut}},
    )
    def paragraph(doc: str, n: str, qa: Service):
        """A paragraph (by number, or by unit id such as `frontmatter`) and its neighbours."""
        units = _units(qa, doc)
        wanted = [
            i
            for i, u in enumerate(units)
            if (n.isdigit() and u.paragraph == int(n) and u.numbering != "generated") or u.unit == n
        ]
        if not wanted:
            raise HTTPException(404, f"document {doc!r} has no paragraph {n!r}")
        i = wanted[0]
        return {
            "paragraph": _unit(units[i]),
            "previous": _unit(units[i - 1]) if i > 0 else None,
            "next": _unit(units[i + 1]) if i + 1 < len(units) else None,
        }

    @app.get(
        "/v1/documents/{doc:path}",
        tags=["documents"],
        dependencies=protected,
        response_model=schemas.DocumentOut,
        responses={404: {"model": schemas.ErrorOut}},
    )
    def document(doc: str, qa: Service):
        units = _units(qa, doc)
        info = qa.index.documents[doc]
        front = {k: v for k, v in info.summary.items() if k not in ("id", "paragraphs")}
        return {
            **_doc_summary(qa, doc),
            "front_matter": front,
            "contents": [{"title": e.title, "page": e.page} for e in info.contents],
            "findings": [
                {
                    "part": f.part,
                    "area": f.area,
                    "grade": f.grade.label if f.grade else None,
                    "grade_number": f.grade.number if f.grade else None,
                }
                for f in info.findings
            ],
            "paragraph_numbers": [u.paragraph for u in units if u.paragraph is not None],
        }

    @app.get(
        "/v1/glossary",
        tags=["documents"],
        dependencies=protected,
        response_model=list[schemas.AcronymOut],
    )
    def glossary(qa: Service, doc: Annotated[str | None, Query(max_length=500)] = None):
        """Acronyms defined in the corpus ("Local Authority Designated Officer (LADO)")."""
        if doc is not None:
            _units(qa, doc)
        return [
            a.to_record()
            for a in sorted(qa.index.acronyms.values(), key=lambda a: a.short.lower())
            if doc is None or a.doc == doc
        ]

    # -- feedback and administration ---------------------------------------------------------

    @app.post(
        "/v1/feedback",
        tags=["feedback"],
        dependencies=protected,
        response_model=schemas.FeedbackOut,
        status_code=201,
    )
    def feedback(body: schemas.FeedbackRequest, request: Request):
        """Store a member of staff's judgement of an answer."""
        row_id = request.app.state.feedback.add(Feedback(**body.model_dump()))
        return {"id": row_id}

    @app.get(
        "/v1/feedback/export",
        tags=["feedback"],
        dependencies=protected,
        response_class=Response,
        responses={200: {"content": {"application/x-ndjson": {}}, "description": "JSON Lines"}},
    )
    def feedback_export(request: Request):
        """Feedback as candidate gold lines (JSON Lines) for the evaluation set."""
        lines = candidate_gold(request.app.state.feedback.all())
        body = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        return Response(body, media_type="application/x-ndjson")

    @app.post("/v1/admin/reload", tags=["admin"], dependencies=protected)
    def reload():
        """Load the index `qa build` published last, now (it is also noticed by itself)."""
        status = holder.reload()
        body = {"status": status.state, "build": status.build, "message": status.message}
        return JSONResponse(body, status_code=200 if status.ready else 503)

    # -- chat page -------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def page():
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _units(qa: QAService, doc: str) -> list[Unit]:
    if doc not in qa.index.documents:
        raise UnknownDocument(f"unknown document {doc!r}")
    return qa.index.units_of(doc)


def _doc_summary(qa: QAService, doc: str) -> dict:
    info = qa.index.documents[doc]
    units = qa.index.units_of(doc)
    return {
        "id": doc,
        "title": info.title,
        "paragraphs": sum(1 for u in units if u.kind in ("paragraph", "block")),
        "units": len(units),
    }


def _unit(unit: Unit) -> dict:
    record = unit.to_record()
    return {key: record[key] for key in schemas.UnitOut.model_fields}


def _passage(unit: Unit, score: float) -> dict:
    return {
        "doc": unit.doc,
        "paragraph": unit.paragraph,
        "unit": unit.unit,
        "score": round(score, 6),
        "section": unit.section,
        "text": unit.text,
    }


def _error(status: int, message: str, headers=None, **extra) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": message, **extra}},
        status_code=status,
        headers=headers,
    )


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return _error(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        details = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        first = details[0] if details else {"where": "request", "problem": "invalid"}
        message = f"{first['where']}: {first['problem']}"
        return _error(422, message, details=details)

    @app.exception_handler(BadQuestion)
    async def bad_question(request: Request, exc: BadQuestion):
        return _error(422, str(exc))

    @app.exception_handler(UnknownDocument)
    async def unknown(request: Request, exc: UnknownDocument):
        return _error(404, str(exc))

    @app.exception_handler(NotReady)
    async def not_ready(request: Request, exc: NotReady):
        return _error(503, str(exc), headers={"Retry-After": "5"})

    @app.exception_handler(QAError)
    async def domain(request: Request, exc: QAError):
        return _error(400, str(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _error(500, "internal error (logged on the server)")
