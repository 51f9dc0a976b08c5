"""The MCP server: the ``search``, ``ask``, ``context`` and ``get_paragraph`` tools for
agents and IDE assistants, on the official ``mcp`` SDK (``MCPServer``).

Two transports, the same tools:

- streamable HTTP, inside the API server at ``/mcp`` (:func:`mount`), sharing its loaded
  model and index and its keys (a read key, as ``X-API-Key`` or ``Authorization: Bearer``);
- stdio, for a client that starts the server itself (``qa mcp``, :func:`run_stdio`),
  which loads the model and index once in that process.

Each tool returns the structured object the matching REST route returns (``ask`` the
/v1/ask answer, and so on) and, as its text, something a language model reads well: the
answer with citations written out ("[Lancashire 2012, para 48, p. 16]"). A question the
service refuses (empty, too long, unknown document) is a tool error with the message,
never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent
from pydantic import Field
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from qa.answering.citing import prose
from qa.errors import QAError
from qa.pipeline import QAService
from qa.pipeline import Scope as ReportScope
from qa.settings import Settings

INSTRUCTIONS = """Questions about inspection reports, answered with the report's own
sentences and paragraph citations. Use `ask` for an answer, `search` for ranked
paragraphs, `context` for paragraphs packed into a token budget, and `get_paragraph` to
read a cited paragraph with its neighbours."""

Doc = Annotated[str | None, Field(description="only this document id", max_length=500)]
Council = Annotated[str | None, Field(description="only this council's reports", max_length=200)]
Year = Annotated[int | None, Field(description="only reports of this year", ge=1900, le=2100)]


def build(service: Callable[[], QAService]) -> MCPServer:
    """The MCP server over whatever ``service()`` returns at call time (the server's
    holder swaps indexes under it; stdio passes a fixed service)."""
    # The SDK configures the root logger if nothing has yet (logging.basicConfig): at
    # WARNING, so that a library user's logs are not flooded with its request lines.
    mcp: MCPServer = MCPServer("report-qa", instructions=INSTRUCTIONS, log_level="WARNING")

    @mcp.tool()
    def ask(
        question: Annotated[str, Field(min_length=1, max_length=2000)],
        doc: Doc = None,
        council: Council = None,
        year: Year = None,
    ) -> CallToolResult:
        """Answer a question from the reports, quoting them and citing paragraphs."""
        with _tool_errors():
            qa = service()
            answer = qa.ask(question, scope=ReportScope(doc, council, year))
            return _result(prose(answer, qa.router.reports), answer.to_json())

    @mcp.tool()
    def search(
        query: Annotated[str, Field(min_length=1, max_length=2000)],
        k: Annotated[int, Field(ge=1, le=50)] = 5,
        doc: Doc = None,
        council: Council = None,
        year: Year = None,
    ) -> CallToolResult:
        """The paragraphs that best match a query, best first, without answering."""
        with _tool_errors():
            retrieval = service().search(query, k=k, scope=ReportScope(doc, council, year))
            passages = [
                {
                    "doc": p.unit.doc,
                    "paragraph": p.unit.paragraph,
                    "unit": p.unit.unit,
                    "label": p.unit.label,
                    "section": p.unit.section,
                    "page": p.unit.page,
                    "score": round(p.score, 6),
                    "text": p.unit.text,
                }
                for p in retrieval.passages
            ]
            text = "\n\n".join(f"[{p['doc']} {p['label']}] {p['text']}" for p in passages)
            return _result(text or "no paragraphs found", {"query": query, "passages": passages})

    @mcp.tool()
    def context(
        question: Annotated[str, Field(min_length=1, max_length=2000)],
        max_tokens: Annotated[int, Field(ge=1, le=32_000)] = 1000,
        doc: Doc = None,
        council: Council = None,
        year: Year = None,
    ) -> CallToolResult:
        """The best paragraphs for a question packed into a token budget, with citations."""
        with _tool_errors():
            packed = service().context(question, max_tokens, scope=ReportScope(doc, council, year))
            return _result(packed.text, packed.to_json())

    @mcp.tool()
    def get_paragraph(
        doc: Annotated[str, Field(min_length=1, max_length=500, description="document id")],
        paragraph: Annotated[
            str, Field(min_length=1, max_length=50, description='number ("48") or unit id')
        ],
    ) -> CallToolResult:
        """One paragraph of a report with the paragraphs before and after it."""
        with _tool_errors():
            qa = service()
            if doc not in qa.index.documents:
                raise ToolError(f"unknown document {doc!r}")
            units = qa.index.units_of(doc)
            found = [
                i
                for i, u in enumerate(units)
                if u.unit == paragraph
                or (
                    paragraph.isdigit()
                    and u.paragraph == int(paragraph)
                    and u.numbering != "generated"
                )
            ]
            if not found:
                raise ToolError(f"document {doc!r} has no paragraph {paragraph!r}")
            i = found[0]
            record = {
                "paragraph": units[i].to_record(),
                "previous": units[i - 1].to_record() if i > 0 else None,
                "next": units[i + 1].to_record() if i + 1 < len(units) else None,
            }
            return _result(f"[{doc} {units[i].label}] {units[i].text}", record)

    return mcp


@contextmanager
def _tool_errors() -> Iterator[None]:
    """Turns the service's refusals into tool errors that carry its message."""
    try:
        yield
    except QAError as exc:
        raise ToolError(str(exc)) from exc


def _result(text: str, structured: Any) -> CallToolResult:
    # The structured object is also the JSON of a second text block, for clients that
    # only read text content.
    return CallToolResult(
        content=[
            TextContent(type="text", text=text),
            TextContent(type="text", text=json.dumps(structured, ensure_ascii=False)),
        ],
        structured_content=structured,
    )


# -- transports -------------------------------------------------------------------------


def mount(app: Any, settings: Settings) -> MCPServer:
    """Add ``/mcp`` (streamable HTTP) to the FastAPI ``app``, over its service holder and
    behind its read keys. The session manager is started by the app's lifespan
    (``app.state.mcp.session_manager.run()``)."""
    mcp = build(lambda: app.state.holder.get())
    # Stateless: every request stands alone, so nothing is lost when the server restarts
    # or a load balancer sends requests to another process. On a loopback address the
    # SDK also checks Host and Origin headers (DNS rebinding); elsewhere keys protect.
    inner = mcp.streamable_http_app(
        streamable_http_path="/mcp", stateless_http=True, host=settings.host
    )
    for route in inner.routes:
        if isinstance(route, Route) and route.path == "/mcp":
            app.router.routes.append(
                Route("/mcp", endpoint=_ReadKeyRequired(route.app), methods=route.methods)
            )
    return mcp


class _ReadKeyRequired:
    """The API's read-key check in front of the MCP endpoint (an ASGI app, outside
    FastAPI's dependency system), answering refusals in the API's JSON error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from server import keys
        from server.errors import error_response

        try:
            keys.check(Request(scope), keys.READ)
        except keys.AuthError as exc:
            headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
            response = error_response(
                exc.status, exc.message, headers=headers, reason=exc.reason, scope=exc.scope
            )
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


def run_stdio(settings: Settings) -> None:
    """``qa mcp``: load the model and index once, then serve the tools on stdin/stdout."""
    service = QAService.load(settings)
    build(lambda: service).run("stdio")
