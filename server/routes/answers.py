"""Answering: a cited answer (/v1/ask), ranked paragraphs (/v1/search), and paragraphs
packed into a token budget for another model (/v1/context).

All three go through the same retrieval step of :class:`~qa.pipeline.QAService`, so a
question ranks the same paragraphs whichever route asks it. /v1/ask returns exactly what
``qa ask --json`` prints (the contract in the README).
"""

import threading
import time
from typing import Annotated

from fastapi import APIRouter, Query, Request

from qa.models import Unit
from qa.pipeline import Scope
from qa.text.tokens import LoadedEncoding, load_encoding
from server import schemas
from server.deps import READ, Service, TelemetryDep

# A `doc` filter naming no loaded report is a 404 (the message names the id).
UNKNOWN_DOC: dict[int | str, dict] = {
    404: {"model": schemas.ErrorOut, "description": "no report with the `doc` id given"}
}

router = APIRouter(tags=["answers"], dependencies=READ)


@router.post("/v1/ask", response_model=schemas.AnswerOut, responses=UNKNOWN_DOC)
def ask(body: schemas.AskRequest, qa: Service, telemetry: TelemetryDep) -> dict:
    """The same object as `qa ask --json`."""
    history = [turn.question for turn in body.history]
    answer = qa.ask(body.question, k=body.k, history=history, scope=_scope(body))
    telemetry.answers.labels("abstained" if answer.abstained else "answered").inc()
    return answer.to_json()


@router.get("/v1/search", response_model=schemas.SearchOut, responses=UNKNOWN_DOC)
def search(
    qa: Service,
    q: Annotated[str, Query(min_length=1, max_length=schemas.MAX_QUESTION_CHARS)],
    k: Annotated[int | None, Query(ge=1, le=100)] = None,
    doc: Annotated[str | None, Query(max_length=500)] = None,
    council: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
) -> dict:
    """Ranked paragraphs for a query, without answering."""
    started = time.perf_counter()
    scope = Scope(doc, council, year, year_from, year_to)
    retrieval = qa.search(q, k=k, scope=scope)
    return {
        "query": retrieval.query,
        "expanded": retrieval.expanded,
        "passages": [_passage(p.unit, p.score) for p in retrieval.passages],
        "took_ms": round((time.perf_counter() - started) * 1000, 3),
        "route": retrieval.route.shown() if retrieval.route else None,
    }


@router.post("/v1/context", response_model=schemas.ContextOut, responses=UNKNOWN_DOC)
def context(body: schemas.ContextRequest, qa: Service, request: Request) -> dict:
    """The best paragraphs packed into a token budget (tiktoken), with citations; the
    response names the encoding that counted (`encoding`, `encoding_source`)."""
    encoding = _encoding(request, body.encoding) if body.encoding else None
    return qa.context(
        body.question, body.max_tokens, scope=_scope(body), encoding=encoding
    ).to_json()


_ENCODINGS_LOCK = threading.Lock()


def _encoding(request: Request, name: str) -> LoadedEncoding:
    """The named encoding, loaded once per app (o200k_base takes about a second)."""
    cache: dict[str, LoadedEncoding] = request.app.state.encodings
    with _ENCODINGS_LOCK:
        if name not in cache:
            cache[name] = load_encoding(name)
        return cache[name]


def _scope(body: schemas.AskRequest | schemas.ContextRequest) -> Scope:
    return Scope(body.doc, body.council, body.year, body.year_from, body.year_to)


def _passage(unit: Unit, score: float) -> dict:
    return {
        "doc": unit.doc,
        "paragraph": unit.paragraph,
        "unit": unit.unit,
        "score": round(score, 6),
        "section": unit.section,
        "text": unit.text,
        "label": unit.label,
    }
