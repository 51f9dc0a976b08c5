"""The FastAPI application: JSON API under /v1, health, metrics and the chat page.

This module only assembles the app; the routes live in :mod:`server.routes` (one router
per resource), their dependencies in :mod:`server.deps` and the error shape in
:mod:`server.errors`. Everything a request needs (the service holder, telemetry, API keys,
the feedback store) hangs off ``app.state``, so each :func:`create_app` call is a separate
app with its own index and counters.

One :class:`~server.state.ServiceHolder` per app holds the model and index, loaded in the
background at start-up and shared by every request. Endpoints are plain ``def``
functions: FastAPI runs them in its thread pool, so a slow answer never blocks the event
loop, and the embedder serialises calls into the tokenizer itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.routing import BaseRoute

from qa.feedback import FeedbackStore
from qa.settings import Settings
from server import mcp, schemas
from server.builds import Builder
from server.errors import add_error_handlers
from server.keys import KeyRing
from server.openapi import add_examples, operation_id
from server.routes import (
    admin,
    admin_page,
    answers,
    builds,
    completions,
    docs,
    documents,
    feedback,
    health,
    page,
    uploads,
)
from server.security import BodyLimit, SecurityHeaders
from server.state import Loader, ServiceHolder, default_loader
from server.telemetry import MetricsMiddleware, Telemetry

API_DESCRIPTION = """Answers questions about numbered inspection reports and cites the
paragraphs each answer came from. Every error is a JSON body
`{"error": {"status": int, "message": str}}`; refusals for a key add `reason`
(`missing_key`, `invalid_key`, `insufficient_scope`) and the `scope` the route needs.

Keys: a read key opens asking, searching and reading reports; an admin key also opens
upload, delete, reload and feedback export. Send one as `X-API-Key: <key>` or
`Authorization: Bearer <key>`."""

ROUTERS = [
    module.router
    for module in (
        health,
        answers,
        documents,
        uploads,
        builds,
        feedback,
        admin,
        completions,
        page,
        admin_page,
        docs,
    )
]

# Documented on every operation: what any route may answer besides its own result.
COMMON_RESPONSES: dict[int | str, dict] = {
    401: {"model": schemas.ErrorOut, "description": "API key missing or wrong"},
    403: {"model": schemas.ErrorOut, "description": "the key's scope does not allow this"},
    413: {"model": schemas.ErrorOut, "description": "request body too large"},
    422: {"model": schemas.ErrorOut, "description": "invalid request"},
    503: {"model": schemas.ErrorOut, "description": "index not loaded"},
}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start loading the index (in the background) and open the feedback store."""
    settings: Settings = app.state.settings
    app.state.holder.start()
    app.state.feedback = FeedbackStore(settings.data_dir / "feedback.sqlite3")
    async with app.state.mcp.session_manager.run():
        yield
    app.state.feedback.close()


def create_app(settings: Settings | None = None, loader: Loader = default_loader) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="report-qa",
        version="1",
        description=API_DESCRIPTION,
        lifespan=lifespan,
        # FastAPI's own pages load from a CDN and run inline script: neither works
        # offline nor under the Content-Security-Policy; server/routes/docs.py serves
        # Swagger UI from this server instead.
        docs_url=None,
        redoc_url=None,
        responses=COMMON_RESPONSES,
        # Generated clients name their methods after these: ask(), search(), ...
        generate_unique_id_function=operation_id,
    )
    app.state.settings = settings
    app.state.holder = ServiceHolder(settings, loader)
    app.state.telemetry = telemetry = Telemetry()
    telemetry.watch_index(app.state.holder)
    app.state.keys = KeyRing.from_settings(settings)
    app.state.builder = Builder(settings, app.state.holder)
    app.state.encodings = {}  # tiktoken encodings asked for by name on /v1/context

    _add_middleware(app, settings, telemetry)
    add_error_handlers(app)
    # Registration order is matching order: within documents, the paragraph route comes
    # before the catch-all /v1/documents/{doc:path}.
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=page.STATIC), name="static")
    app.mount("/docs/assets", StaticFiles(directory=docs.swagger_assets()), name="docs-assets")
    app.state.mcp = mcp.mount(app, settings)
    add_examples(app)
    return app


def _metric_routes(app: FastAPI) -> list[BaseRoute]:
    """The routes metrics are labelled by: each router's own routes (recent FastAPI keeps
    an included router as one entry of ``app.routes``, without a path template), then the
    app's own (/openapi.json, /static). No router has a prefix, so templates are as served."""
    own = [route for route in app.routes if getattr(route, "path", None)]
    return [*(route for router in ROUTERS for route in router.routes), *own]


def _add_middleware(app: FastAPI, settings: Settings, telemetry: Telemetry) -> None:
    # Added innermost first, so the last one added runs outermost: metrics see every
    # response, headers go on every response (413s included), and the body limit runs
    # before anything reads the body.
    # An upload may be as large as a report may (plus the multipart framing).
    uploads_limit = settings.max_upload_bytes + 65_536
    app.add_middleware(
        BodyLimit,
        limit=settings.max_body_bytes,
        larger={("POST", "/v1/documents"): uploads_limit},
    )
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            # Keys travel in a header, never cookies: credentials are never allowed, so
            # even a "*" origin cannot be combined with them.
            allow_credentials=False,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Content-Type", "X-API-Key", "Authorization"],
            max_age=600,
        )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        MetricsMiddleware, telemetry=telemetry, routes_of=lambda: _metric_routes(app)
    )
