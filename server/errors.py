"""One error shape for every failure: ``{"error": {"status": int, "message": str}}``.

Clients (the chat page, intranet tools) read ``error.message`` whatever went wrong, so
FastAPI's own errors (``{"detail": ...}``), validation errors and the library's domain
errors are all rewritten here. Unexpected exceptions are logged with their traceback and
answered with a plain 500 that reveals nothing of the server's internals.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa.errors import QAError, UnknownDocument
from qa.pipeline import BadQuestion
from server.keys import AuthError
from server.state import NotReady

log = logging.getLogger("report_qa.server")


# An absolute path in a message ("/srv/qa/index/builds/2026.../units.jsonl"); not a URL's.
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~:/-])(/[^\s:;,'\"()]+)")


def public(message: str | None) -> str | None:
    """A message fit for a public response: absolute paths cut to their last part, so
    nobody learns the server's file system ("no index in /srv/qa/index/" -> "no index in
    index")."""
    if message is None:
        return None
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1).rstrip("/").rsplit("/", 1)[-1] or "/", message)


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": public(message), **extra}},
        status_code=status,
        headers=headers,
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


async def invalid(request: Request, exc: Exception) -> JSONResponse:
    """422 naming the first problem in ``message``, every problem in ``details``."""
    assert isinstance(exc, RequestValidationError)
    details = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
        for e in exc.errors()
    ]
    first = details[0] if details else {"where": "request", "problem": "invalid"}
    message = f"{first['where']}: {first['problem']}"
    return error_response(422, message, details=details)


async def bad_question(request: Request, exc: Exception) -> JSONResponse:
    return error_response(422, str(exc))


async def unknown_document(request: Request, exc: Exception) -> JSONResponse:
    return error_response(404, str(exc))


async def not_ready(request: Request, exc: Exception) -> JSONResponse:
    return error_response(503, str(exc), headers={"Retry-After": "5"})


async def refused(request: Request, exc: Exception) -> JSONResponse:
    """401 (no key, wrong key) or 403 (key of the wrong scope); ``reason`` and ``scope``
    let a client tell them apart without parsing the message."""
    assert isinstance(exc, AuthError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return error_response(
        exc.status, exc.message, headers=headers, reason=exc.reason, scope=exc.scope
    )


async def domain(request: Request, exc: Exception) -> JSONResponse:
    return error_response(400, str(exc))


async def crash(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal error (logged on the server)")


def add_error_handlers(app: FastAPI) -> None:
    # Starlette picks the handler of the nearest class in the exception's MRO, so the
    # subclasses of QAError (BadQuestion, UnknownDocument, NotReady) win over QAError,
    # and QAError over the catch-all.
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(BadQuestion, bad_question)
    app.add_exception_handler(UnknownDocument, unknown_document)
    app.add_exception_handler(NotReady, not_ready)
    app.add_exception_handler(AuthError, refused)
    app.add_exception_handler(QAError, domain)
    app.add_exception_handler(Exception, crash)
