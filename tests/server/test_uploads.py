"""Reports managed over the API against a real server with the real model: a real Ofsted
PDF uploaded, indexed in the background and then answered from; refused uploads and a
failed build that lose nothing; removal."""

from __future__ import annotations

import time

import httpx
import pytest

from server.app import create_app
from tests.conftest import SEED, private_copy, shared_model_loader
from tests.fakes import REPORTS
from tests.live import LiveServer

pytestmark = pytest.mark.integration

ADMIN = {"X-API-Key": "admin-secret"}
READ = {"X-API-Key": "read-secret"}
PDF = REPORTS / "staffordshire-11-march-2019.pdf"
needs_pdf = pytest.mark.skipif(not PDF.exists(), reason="real reports not present")


@pytest.fixture(scope="module")
def live(built, embedder, tmp_path_factory):
    """A server over its own copy of the seed corpus and index (uploads change them)."""
    settings, _ = built
    settings = private_copy(
        settings,
        tmp_path_factory.mktemp("uploads"),
        admin_keys="admin-secret",
        read_keys="read-secret",
        max_upload_mb=2.0,
    )
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        server.settings = settings
        yield server


def _wait(live, build: dict, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = httpx.get(f"{live.url}/v1/builds/{build['id']}", headers=ADMIN).json()
        if state["state"] in ("done", "failed") or time.monotonic() > deadline:
            return state
        time.sleep(0.25)


def _upload(live, name: str, data: bytes, headers=ADMIN, mime="application/pdf"):
    return httpx.post(
        f"{live.url}/v1/documents", files={"file": (name, data, mime)}, headers=headers, timeout=60
    )


def _corpus(live) -> set[str]:
    return {p.name for p in live.settings.corpus_dir.iterdir()}


@needs_pdf
def test_uploaded_pdf_is_indexed_then_answered_and_can_be_removed(live):
    before = _corpus(live)
    uploaded = _upload(live, PDF.name, PDF.read_bytes())
    assert uploaded.status_code == 202, uploaded.text
    body = uploaded.json()
    assert body["document"]["id"] == "staffordshire-11-march-2019"
    assert body["document"]["paragraphs"] > 10
    assert _corpus(live) == before | {PDF.name}
    build = _wait(live, body["build"])
    assert build["state"] == "done", build
    assert build["embedded"] > 0 and build["reused"] > 0  # only the new report embedded
    docs = [d["id"] for d in httpx.get(f"{live.url}/v1/documents", headers=READ).json()]
    assert "staffordshire-11-march-2019" in docs and SEED.stem in docs

    answer = httpx.post(
        f"{live.url}/v1/ask",
        json={"question": "How are domestic abuse incidents triaged in Staffordshire?"},
        headers=READ,
        timeout=60,
    ).json()
    assert not answer["abstained"], answer["answer"]
    assert answer["citations"][0]["doc"] == "staffordshire-11-march-2019"

    again = _upload(live, PDF.name, PDF.read_bytes())
    assert again.status_code == 409 and "already" in again.json()["error"]["message"]

    removed = httpx.delete(
        f"{live.url}/v1/documents/staffordshire-11-march-2019", headers=ADMIN, timeout=60
    )
    assert removed.status_code == 202, removed.text
    assert _wait(live, removed.json()["build"])["state"] == "done"
    assert _corpus(live) == before
    docs = [d["id"] for d in httpx.get(f"{live.url}/v1/documents", headers=READ).json()]
    assert docs == [SEED.stem]


@pytest.mark.parametrize(
    ("name", "data", "status", "fragment"),
    [
        ("notes.docx", b"PK\x03\x04", 415, "not a report file"),
        ("fake.pdf", b"hello, not a pdf", 415, "not a PDF"),
        ("binary.txt", b"\xff\xfe\x00\x01", 415, "UTF-8"),
        ("empty.txt", b"", 422, "empty"),
        ("../escape.txt", b"1. text", 422, None),
        (".hidden.txt", b"1. text", 422, "file name"),
        ("scan.pdf", b"%PDF-1.4\n%%EOF\n", 422, None),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(live, name, data, status, fragment):
    before = _corpus(live)
    refused = _upload(live, name, data, mime="application/octet-stream")
    if name == "../escape.txt":  # the path is cut to its name, then parsed: no paragraphs
        assert refused.status_code in (409, 422)
    else:
        assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert error["status"] == refused.status_code and error["message"]
    if fragment:
        assert fragment in error["message"]
    assert _corpus(live) == before


def test_upload_size_limit_and_read_key(live):
    big = _upload(live, "big.txt", b"1. x\n" * (3 * 2**20 // 5))
    assert big.status_code == 413 and "limit" in big.json()["error"]["message"]
    read = _upload(live, "a.txt", b"1. text", headers=READ)
    assert read.status_code == 403 and read.json()["error"]["scope"] == "admin"


def test_a_failed_build_undoes_the_upload_and_keeps_the_index(live, monkeypatch):
    import server.builds

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(server.builds, "build_index", broken)
    before = _corpus(live)
    serving = httpx.get(f"{live.url}/readyz").json()["build"]
    text = (SEED.read_text(encoding="utf-8")).replace("Lancashire", "Lancastria")
    uploaded = _upload(live, "lancastria.txt", text.encode(), mime="text/plain")
    assert uploaded.status_code == 202, uploaded.text
    build = _wait(live, uploaded.json()["build"])
    assert build["state"] == "failed" and "disk full" in build["message"]
    assert _corpus(live) == before  # the file was moved out again
    assert httpx.get(f"{live.url}/readyz").json()["build"] == serving
    assert httpx.get(f"{live.url}/v1/documents", headers=READ).status_code == 200


def test_unknown_build_and_document(live):
    assert httpx.get(f"{live.url}/v1/builds/nope", headers=ADMIN).status_code == 404
    gone = httpx.delete(f"{live.url}/v1/documents/no-such-report", headers=ADMIN)
    assert gone.status_code == 404 and "no-such-report" in gone.json()["error"]["message"]
