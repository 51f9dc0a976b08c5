"""A client for a running `qa serve`, so `qa ask --server URL` answers in milliseconds
instead of loading the model (about 16 s) in every shell command.

The server's /v1/ask returns the same answer object ``qa ask --json`` prints (the
contract in the README), so the answer is rebuilt here as an :class:`~qa.answer.Answer`
and printed by the same code as a local one. Only the standard library is used: the
CLI must not need the server's dependencies to talk to it.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import fields

from qa.answer import Answer, Citation, PassageOut
from qa.errors import QAError

TIMEOUT_S = 120.0


class ServerError(QAError):
    """The server refused the request or could not be reached; ``status`` is the HTTP
    status (0: no answer at all)."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


class RemoteQA:
    def __init__(self, url: str, key: str | None = None, timeout: float = TIMEOUT_S):
        if not url.startswith(("http://", "https://")):
            raise QAError(f"--server must be an http:// or https:// URL, got {url!r}")
        self.url = url.rstrip("/")
        self.key = key
        self.timeout = timeout

    def ask(self, question: str, **filters: object) -> Answer:
        body = {"question": question, **{k: v for k, v in filters.items() if v is not None}}
        return answer_from_json(self._post("/v1/ask", body))

    def _post(self, path: str, body: dict) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.key:
            headers["X-API-Key"] = self.key
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise ServerError(f"{self.url}: {_message(exc)}", exc.code) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServerError(f"cannot reach the server at {self.url} ({reason})") from exc
        except ValueError as exc:
            raise ServerError(f"{self.url}{path} did not answer JSON") from exc


def _message(exc: urllib.error.HTTPError) -> str:
    """The server's ``error.message`` (its one error shape), else the HTTP reason."""
    try:
        return str(json.loads(exc.read())["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {exc.code} {exc.reason}"


def answer_from_json(record: dict) -> Answer:
    """The answer object back as an :class:`Answer`; fields a newer server added are
    ignored, so an older CLI still prints what it knows."""

    def known(cls: type, data: dict) -> dict:
        names = {f.name for f in fields(cls)}
        return {k: v for k, v in data.items() if k in names}

    data = known(Answer, record)
    data["citations"] = [Citation(**known(Citation, c)) for c in record.get("citations", [])]
    data["passages"] = [PassageOut(**known(PassageOut, p)) for p in record.get("passages", [])]
    return Answer(**data)
