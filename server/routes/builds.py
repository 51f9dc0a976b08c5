"""Progress of the index builds the server runs after an upload or a removal."""

from fastapi import APIRouter, HTTPException, Request

from server import schemas
from server.builds import Build, Builder
from server.deps import ADMIN
from server.errors import public

router = APIRouter(tags=["documents"], dependencies=ADMIN)


@router.get("/v1/builds", response_model=list[schemas.BuildOut])
def list_builds(request: Request) -> list[dict]:
    """Recent builds, newest first."""
    return [_out(b) for b in _builder(request).all()]


@router.get(
    "/v1/builds/{build_id}",
    response_model=schemas.BuildOut,
    responses={404: {"model": schemas.ErrorOut, "description": "no such build"}},
)
def get_build(build_id: str, request: Request) -> dict:
    """One build: queued, running (with its stage), done, or failed (with why)."""
    build = _builder(request).get(build_id)
    if build is None:
        raise HTTPException(404, f"no build {build_id!r} (builds are kept until a restart)")
    return _out(build)


def _builder(request: Request) -> Builder:
    builder: Builder = request.app.state.builder
    return builder


def _out(build: Build) -> dict:
    body = build.to_json()
    body["message"] = public(body["message"])
    return body
