"""API keys, request-size limits and security headers.

- API keys: the two ways a key may be sent, declared for the OpenAPI schema; the scopes
  and the checking are in :mod:`server.keys`.
- Body limit: a pure ASGI middleware that answers 413 as soon as the declared or received
  body exceeds the limit, before anything parses it.
- Headers: every response gets nosniff, no framing, no referrer, and a
  Content-Security-Policy that allows scripts and styles from this server only (no inline
  script, no CDN), which is what the chat page needs and nothing more.
"""

from __future__ import annotations

import hmac
import json

from fastapi.security import APIKeyHeader, HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

# Declared in the OpenAPI schema (either one will do); server/keys.py does the checking.
api_key_header = APIKeyHeader(
    name="X-API-Key",
    scheme_name="ApiKey",
    auto_error=False,
    description="A read or admin key (server/keys.py); not needed when none is configured.",
)
bearer = HTTPBearer(
    scheme_name="Bearer",
    auto_error=False,
    description="The same keys as X-API-Key, as `Authorization: Bearer <key>` (what OpenAI "
    "clients send).",
)


def key_matches(given: str | None, keys: list[str]) -> bool:
    """Constant-time check of ``given`` against every key (no early exit)."""
    if not given:
        return False
    supplied = given.encode()
    matched = False
    for key in keys:
        matched |= hmac.compare_digest(supplied, key.encode())
    return matched


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(
        self, app: ASGIApp, limit: int, larger: dict[tuple[str, str], int] | None = None
    ) -> None:
        self.app = app
        self.default = limit
        self.larger = larger or {}  # (method, path) -> limit, for routes that take files

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        # Per request, never stored on self: requests run concurrently.
        limit = self.larger.get((scope["method"], scope["path"]), self.default)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    return await _error(send, 400, "invalid Content-Length header")
                if declared > limit:
                    return await _error(send, 413, _too_large(limit))
        received = 0
        exceeded = False
        replied = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            # The framework may catch _TooLarge while parsing and answer 400 itself; once
            # the limit is exceeded, whatever it sends is replaced by one 413.
            nonlocal replied
            if exceeded:
                if not replied:
                    replied = True
                    await _error(send, 413, _too_large(limit))
                return
            replied = replied or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not replied:
                replied = True
                await _error(send, 413, _too_large(limit))


def _too_large(limit: int) -> str:
    return f"request body too large (limit {limit} bytes)"


class _TooLarge(Exception):
    pass


async def _error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
