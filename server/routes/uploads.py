"""Adding and removing reports over the API (admin keys only, even on a server started
without keys): the file is checked, stored in the corpus folder, and indexed by a
background build whose progress is at /v1/builds/{id} (server/builds.py).

Storing never overwrites: a name or a document id already in the corpus is a 409. The
file is written under a hidden name (the corpus scan skips names starting with '.')
and linked to its real name, which fails if the name appeared meanwhile. Removing moves
the file out to ``<data_dir>/removed/``, from where a failed build puts it back.
"""

import os
import shutil
import time
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, Request, UploadFile

from qa.ingest.corpus import corpus_files
from qa.ingest.intake import UploadRefused, check_upload
from qa.ingest.parser import doc_id_from_path
from qa.models import count_paragraphs
from qa.settings import Settings
from server import schemas
from server.builds import Build, Builder
from server.deps import WRITES_CORPUS, Service
from server.errors import public

router = APIRouter(tags=["documents"], dependencies=WRITES_CORPUS)

CHANGE_RESPONSES: dict[int | str, dict] = {
    404: {"model": schemas.ErrorOut, "description": "no such document"},
    409: {"model": schemas.ErrorOut, "description": "the name or id is already in the corpus"},
    415: {"model": schemas.ErrorOut, "description": "not a PDF or text report"},
}


@router.post(
    "/v1/documents", response_model=schemas.ChangeOut, status_code=202, responses=CHANGE_RESPONSES
)
def upload_document(
    request: Request,
    qa: Service,
    file: Annotated[UploadFile, File(description="a PDF with a text layer, or a text report")],
) -> dict:
    """Add a report to the corpus and index it in the background (see GET /v1/builds/{id})."""
    settings: Settings = request.app.state.settings
    data = file.file.read(settings.max_upload_bytes + 1)
    try:
        doc = check_upload(file.filename or "", data, settings.max_upload_bytes)
    except UploadRefused as exc:
        raise HTTPException(exc.status, f"{exc.file}: {exc.message}") from exc
    name = Path(doc.path).name
    if doc.id in qa.index.documents or any(
        doc_id_from_path(p.name) == doc.id for p in corpus_files(settings.corpus_dir)
    ):
        raise HTTPException(409, f"{name}: document {doc.id!r} is already in the corpus")
    target = settings.corpus_dir / name
    _store(target, data)
    build = _builder(request).submit(
        "upload",
        doc.id,
        name,
        undo=lambda: _set_aside(target, settings, "rejected"),
        expect_doc=True,
    )
    return _change(doc.id, name, len(data), count_paragraphs(list(doc.units)), build)


@router.delete(
    "/v1/documents/{doc:path}",
    response_model=schemas.ChangeOut,
    status_code=202,
    responses=CHANGE_RESPONSES,
)
def delete_document(doc: str, request: Request, qa: Service) -> dict:
    """Remove a report from the corpus (kept aside in the data folder) and re-index."""
    settings: Settings = request.app.state.settings
    path = next(
        (p for p in corpus_files(settings.corpus_dir) if doc_id_from_path(p.name) == doc), None
    )
    if path is None:
        raise HTTPException(404, f"no file in the corpus folder for document {doc!r}")
    units = qa.index.units_of(doc) if doc in qa.index.documents else []
    size = path.stat().st_size
    aside = _set_aside(path, settings, "removed")
    build = _builder(request).submit(
        "delete", doc, path.name, undo=lambda: _put_back(aside, path), expect_doc=False
    )
    return _change(doc, path.name, size, count_paragraphs(units), build)


def _builder(request: Request) -> Builder:
    builder: Builder = request.app.state.builder
    return builder


def _store(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` without ever replacing a file there."""
    hidden = target.with_name(f".{target.name}.{os.getpid()}.{time.time_ns()}.part")
    hidden.write_bytes(data)
    try:
        os.link(hidden, target)  # fails if the name exists, unlike a rename
    except FileExistsError as exc:
        raise HTTPException(409, f"{target.name} is already in the corpus folder") from exc
    finally:
        hidden.unlink(missing_ok=True)


def _set_aside(path: Path, settings: Settings, why: str) -> Path:
    """Move a corpus file to ``<data_dir>/<why>/`` under a name that never collides."""
    folder = settings.data_dir / why
    folder.mkdir(parents=True, exist_ok=True)
    aside = folder / f"{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**6}-{path.name}"
    shutil.move(path, aside)
    return aside


def _put_back(aside: Path, path: Path) -> None:
    if not path.exists():
        shutil.move(aside, path)


def _change(doc: str, name: str, size: int, paragraphs: int, build: Build) -> dict:
    body = build.to_json()
    body["message"] = public(body["message"])
    return {
        "document": {"id": doc, "file": name, "bytes": size, "paragraphs": paragraphs},
        "build": body,
    }
