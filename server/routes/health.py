"""Liveness, readiness and Prometheus metrics.

/healthz and /readyz are open (no API key) so that a load balancer or orchestrator can
probe them; /readyz is 503 until the model and index are loaded, so traffic is only sent
to a process that can answer. /metrics is protected: route names and counts are internal.
"""

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from server.deps import ADMIN, Holder, TelemetryDep
from server.errors import public
from server.state import Status

router = APIRouter(tags=["health"])


def status_response(status: Status) -> JSONResponse:
    """The holder's state as JSON: 200 when a service is loaded, 503 otherwise."""
    body = {
        "status": status.state,
        "build": status.build,
        "message": public(status.message),
        "skipped": {name: public(reason) for name, reason in (status.skipped or {}).items()},
        "progress": status.progress,
    }
    return JSONResponse(body, status_code=200 if status.ready else 503)


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="200 once the model and index are loaded, 503 before",
    responses={503: {"description": "loading, or the load failed (message says why)"}},
)
def readyz(holder: Holder) -> JSONResponse:
    return status_response(holder.status())


@router.get("/metrics", dependencies=ADMIN, response_class=PlainTextResponse)
def metrics(telemetry: TelemetryDep) -> Response:
    body, content_type = telemetry.render()
    return Response(body, media_type=content_type)
