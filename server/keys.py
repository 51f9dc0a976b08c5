"""Scoped API keys: read keys (ask, search, context, documents) and admin keys (upload,
delete, reload, feedback export, metrics), and the check every protected route runs.

Where keys come from (all optional, merged):

- ``QA_READ_KEYS`` and ``QA_ADMIN_KEYS``: comma-separated keys of each scope;
- ``QA_API_KEYS``: the single-scope setting of earlier versions. Its keys opened every
  route, so they stay admin keys: an existing deployment keeps working unchanged;
- ``QA_KEYS_FILE``: a file of ``<scope> <key>`` lines (``read`` or ``admin``; ``#``
  starts a comment), so keys need not sit in the environment of the process.

An admin key may do everything a read key may. With no key configured at all the API is
open as before, except the routes that write to the corpus (upload, delete): those are
refused (403) until an admin key exists, so a server started without keys cannot be
filled with files by anyone who reaches it.

Keys are compared with :func:`hmac.compare_digest` against every configured key without
an early exit, so the time taken does not reveal how much of a key was right or which
key matched; keys are never logged or echoed in a message.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request

from qa.errors import QAError
from qa.settings import Settings

READ = "read"
ADMIN = "admin"
SCOPES = (READ, ADMIN)
# What each scope grants: admin includes read.
GRANTS = {READ: {READ}, ADMIN: {READ, ADMIN}}


class KeyFileError(QAError):
    """The key file cannot be read or has a line that is not ``<scope> <key>``."""


class AuthError(Exception):
    """A request refused for its key: 401 (missing or wrong key) or 403 (wrong scope).

    ``reason`` is machine-readable for clients: ``missing_key``, ``invalid_key`` or
    ``insufficient_scope``; ``scope`` names the scope the route needs.
    """

    def __init__(self, status: int, reason: str, scope: str, message: str):
        super().__init__(message)
        self.status, self.reason, self.scope, self.message = status, reason, scope, message


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[tuple[str, str], ...]  # (key, scope)

    @classmethod
    def from_settings(cls, settings: Settings) -> KeyRing:
        keys = [(k, READ) for k in _split(settings.read_keys)]
        keys += [(k, ADMIN) for k in _split(settings.admin_keys) + settings.api_key_list]
        if settings.keys_file is not None:
            keys += read_key_file(settings.keys_file)
        return cls(tuple(keys))

    @property
    def configured(self) -> bool:
        return bool(self.keys)

    @property
    def has_admin(self) -> bool:
        return any(scope == ADMIN for _, scope in self.keys)

    def scope_of(self, given: str | None) -> str | None:
        """The scope of ``given`` (the widest, if configured twice), or None: every key
        is compared, in constant time each, whatever matched before."""
        if not given:
            return None
        supplied = given.encode()
        found: set[str] = set()
        for key, scope in self.keys:
            if hmac.compare_digest(supplied, key.encode()):
                found.add(scope)
        if ADMIN in found:
            return ADMIN
        return READ if found else None


def read_key_file(path: Path) -> list[tuple[str, str]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"key file {path}: cannot be read ({type(exc).__name__})") from exc
    keys = []
    for number, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[0] not in SCOPES:
            # The line itself is not quoted: it holds a key.
            raise KeyFileError(
                f"key file {path}, line {number}: expected '<scope> <key>' with scope "
                f"one of {', '.join(SCOPES)}"
            )
        keys.append((parts[1], parts[0]))
    return keys


def presented_key(request: Request) -> str | None:
    """The key from ``X-API-Key``, else from ``Authorization: Bearer <key>``."""
    given = request.headers.get("x-api-key")
    if given is None:
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given = auth[7:].strip()
    return given


def check(request: Request, needed: str, open_without_keys: bool = True) -> None:
    """Raise :class:`AuthError` unless the request's key grants ``needed``."""
    ring: KeyRing = request.app.state.keys
    if not ring.configured and open_without_keys:
        return
    if needed == ADMIN and not ring.has_admin:
        raise AuthError(
            403,
            "insufficient_scope",
            needed,
            "this route needs an admin key and none is configured on the server "
            "(QA_ADMIN_KEYS or QA_KEYS_FILE)",
        )
    given = presented_key(request)
    if not given:
        raise AuthError(
            401,
            "missing_key",
            needed,
            f"an API key is required (header X-API-Key or Authorization: Bearer); "
            f"this route needs the {needed} scope",
        )
    scope = ring.scope_of(given)
    if scope is None:
        raise AuthError(401, "invalid_key", needed, "the API key given is not valid")
    if needed not in GRANTS[scope]:
        raise AuthError(
            403,
            "insufficient_scope",
            needed,
            f"this route needs the {needed} scope; the key given has the {scope} scope",
        )


def _split(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]
