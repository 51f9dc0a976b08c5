"""The dependencies every router shares, read from ``request.app.state``.

Nothing here is a module-level singleton: :func:`server.app.create_app` puts the
:class:`~server.state.ServiceHolder`, the telemetry, the API keys and the feedback store on
the app it builds, and these functions fetch them per request. So several apps can live in
one process (the tests start many) without sharing an index, counters or keys.

No ``from __future__ import annotations`` here or in the routers: FastAPI reads the
``Annotated[..., Depends(...)]`` aliases below when the endpoints are defined.
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials

from qa.feedback import FeedbackStore
from qa.pipeline import QAService
from server import keys
from server.security import api_key_header, bearer
from server.state import ServiceHolder
from server.telemetry import Telemetry


def get_holder(request: Request) -> ServiceHolder:
    holder: ServiceHolder = request.app.state.holder
    return holder


def get_service(holder: Annotated[ServiceHolder, Depends(get_holder)]) -> QAService:
    """The loaded service, kept for the whole request (a reload never swaps it mid-way);
    raises :class:`~server.state.NotReady` (503) while the index loads."""
    return holder.get()


def get_telemetry(request: Request) -> Telemetry:
    telemetry: Telemetry = request.app.state.telemetry
    return telemetry


def get_feedback(request: Request) -> FeedbackStore:
    store: FeedbackStore = request.app.state.feedback
    return store


# The header parameters only declare the schemes in OpenAPI; keys.check reads the request.
ApiKey = Annotated[str | None, Security(api_key_header)]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(bearer)]


def require_read(request: Request, _key: ApiKey, _bearer: Bearer) -> None:
    """401/403 unless the request carries a read or admin key (open when none is set)."""
    keys.check(request, keys.READ)


def require_admin(request: Request, _key: ApiKey, _bearer: Bearer) -> None:
    """401/403 unless the request carries an admin key (open when no key is set at all)."""
    keys.check(request, keys.ADMIN)


def require_admin_always(request: Request, _key: ApiKey, _bearer: Bearer) -> None:
    """An admin key, even on a server configured without keys (routes that write files)."""
    keys.check(request, keys.ADMIN, open_without_keys=False)


Holder = Annotated[ServiceHolder, Depends(get_holder)]
Service = Annotated[QAService, Depends(get_service)]
TelemetryDep = Annotated[Telemetry, Depends(get_telemetry)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]

# Every route but /healthz, /readyz and the pages: READ for reading, ADMIN for the rest.
PROTECTED = READ = [Depends(require_read)]
ADMIN = [Depends(require_admin)]
WRITES_CORPUS = [Depends(require_admin_always)]
