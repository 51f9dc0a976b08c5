"""/v1/documents over real Ofsted PDFs: the front page's metadata reaches the API.

A real uvicorn server and a real index on disk, with the fake embedder (no model), over
one report of each format from ../shared/reports.
"""

from __future__ import annotations

import time

import httpx
import pytest

from qa.pipeline import QAService
from qa.settings import Settings
from server.app import create_app
from tests.fakes import REAL_SAMPLE, REPORTS, fake_index, needs_real_reports
from tests.live import LiveServer

SAMPLE = REAL_SAMPLE
pytestmark = needs_real_reports


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    settings, fake = fake_index(root, [REPORTS / f"{doc}.pdf" for doc in SAMPLE])

    def loader(s: Settings, previous: QAService | None) -> QAService:
        return QAService.load(s, embedder=fake)

    with LiveServer(create_app(settings, loader=loader)) as live:
        yield live


def test_documents_list_council_year_and_inspection_dates(server):
    documents = {d["id"]: d for d in httpx.get(f"{server.url}/v1/documents").json()}
    assert set(documents) == set(SAMPLE)
    for doc_id, doc in documents.items():
        assert doc["council"] and doc["council"].lower().split()[0] in doc_id
        assert doc["year"] and str(doc["year"]) in doc_id
        assert doc["inspection_dates"]
        assert doc["paragraphs"] > 10
        assert doc["findings"] and all(f["area"] and f["grade"] for f in doc["findings"])


def test_real_report_paragraph_carries_printed_number_page_and_grade(server):
    body = httpx.get(f"{server.url}/v1/documents/barnet-23-july-2024/paragraphs/1").json()
    paragraph = body["paragraph"]
    assert paragraph["paragraph"] == 1 and paragraph["label"] == "¶1"
    assert paragraph["page"] >= 2 and paragraph["grade"]


def test_documents_filter_by_council_and_year(server):
    by_council = httpx.get(f"{server.url}/v1/documents", params={"council": "barnet"}).json()
    assert [d["id"] for d in by_council] == ["barnet-23-july-2024"]
    by_year = httpx.get(f"{server.url}/v1/documents", params={"year": 2013}).json()
    assert [d["id"] for d in by_year] == ["norfolk-16-august-2013"]


def test_ask_and_search_take_council_and_year_filters(server):
    answer = httpx.post(
        f"{server.url}/v1/ask",
        json={"question": "How many social workers?", "council": "Sheffield"},
    ).json()
    assert answer["route"]["docs"] == ["sheffield-21-february-2014"]
    assert {p["doc"] for p in answer["passages"]} == {"sheffield-21-february-2014"}
    missing = httpx.post(
        f"{server.url}/v1/ask", json={"question": "What grade did Cornwall get?"}
    ).json()
    assert missing["abstained"] and missing["answer"].startswith("There is no report for Cornwall")
    search = httpx.get(
        f"{server.url}/v1/search", params={"q": "care leavers", "year_from": 2014, "year_to": 2024}
    ).json()
    assert {p["doc"] for p in search["passages"]} <= {
        "sheffield-21-february-2014",
        "barnet-23-july-2024",
    }
    assert search["route"]["reason"] == "year filter"


@pytest.mark.parametrize("n", ["³", "٣", "9" * 5000, "1/2", "-1"])
def test_odd_paragraph_numbers_are_404_not_500(server, n):
    url = f"{server.url}/v1/documents/barnet-23-july-2024/paragraphs/{n}"
    response = httpx.get(url)
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_metrics_labels_only_known_methods(server):
    for _ in range(3):
        httpx.request("FROBNICATE", f"{server.url}/v1/documents")
    metrics = httpx.get(f"{server.url}/metrics").text
    assert "FROBNICATE" not in metrics
    assert 'method="OTHER"' in metrics


def test_no_file_system_path_in_public_responses(tmp_path):
    settings = Settings(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", data_dir=tmp_path / "d"
    )
    live = LiveServer(create_app(settings)).start(wait_ready=False)
    try:
        for _ in range(100):
            ready = httpx.get(f"{live.url}/readyz")
            if ready.json()["status"] != "loading":
                break
            time.sleep(0.05)
        asked = httpx.post(f"{live.url}/v1/ask", json={"question": "anything"})
    finally:
        live.stop()
    assert ready.status_code == 503 and asked.status_code == 503
    assert "run `qa build`" in ready.json()["message"]
    for body in (ready.text, asked.text):
        assert str(tmp_path) not in body and "/index" not in body


def test_paragraph_box_and_its_page_rendered_as_png(server):
    """The paragraph route says where a paragraph stands (page, box in points) and the
    page route renders that page of the original PDF, its size in the same points."""
    body = httpx.get(f"{server.url}/v1/documents/barnet-23-july-2024/paragraphs/1").json()
    paragraph = body["paragraph"]
    assert paragraph["page_source"] == "pdf"
    x0, top, x1, bottom = paragraph["bbox"]
    assert 0 < x0 < x1 and 0 < top < bottom
    # The box covers the paragraph's lines on its page (several), not only its first one.
    assert paragraph["text"].count(" ") > 30 and bottom - top > 24
    response = httpx.get(f"{server.url}/v1/documents/barnet-23-july-2024/pages/{paragraph['page']}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = (
        float(response.headers["x-page-width"]),
        float(response.headers["x-page-height"]),
    )
    assert x1 <= width and bottom <= height
    # The PNG's own size (IHDR) is the page's size at the server's scale.
    png_width = int.from_bytes(response.content[16:20], "big")
    assert png_width == pytest.approx(width * 1.5, abs=2)
    documents = {d["id"]: d for d in httpx.get(f"{server.url}/v1/documents").json()}
    assert documents["barnet-23-july-2024"]["format"] == "pdf"


def test_page_route_refuses_a_page_the_report_lacks(server):
    assert httpx.get(f"{server.url}/v1/documents/barnet-23-july-2024/pages/999").status_code == 404
    assert httpx.get(f"{server.url}/v1/documents/nope/pages/1").status_code == 404
