"""The dependencies every router shares, read from ``request.app.state``.

Nothing here is a module-level singleton: :func:`server.app.create_app` puts the
:class:`~server.state.ServiceHolder`, the telemetry, the API keys and the feedback store on
the app it builds, and these functions fetch them per request. So several apps can live in
one process (the tests start many) without sharing an index, counters or keys.

No ``from __future__ import annotations`` here or in the routers: FastAPI reads the
``Annotated[..., Depends(...)]`` aliases below when the endpoints are defined.
"""

from typing import Annotated

from fastapi import Depends, Request

from qa.feedback import FeedbackStore
from qa.pipeline import QAService
from server.security import api_key_header, require_key
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


def check_key(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> None:
    """401 unless the request carries a configured API key (no-op when none are set)."""
    require_key(request, key)


Holder = Annotated[ServiceHolder, Depends(get_holder)]
Service = Annotated[QAService, Depends(get_service)]
TelemetryDep = Annotated[Telemetry, Depends(get_telemetry)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]

# Every route but /healthz, /readyz and the page itself.
PROTECTED = [Depends(check_key)]
