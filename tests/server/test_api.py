"""The JSON API against a real uvicorn server on loopback (httpx), real model and index."""

from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from qa.evaluation.gold import load_gold
from qa.text.tokens import load_encoding
from server.app import create_app
from tests.conftest import SEED, shared_model_loader
from tests.live import LiveServer

pytestmark = pytest.mark.integration

DOC = SEED.stem
CONTRACT = {
    "question", "answer", "answer_span", "abstained", "confidence", "citations", "passages",
    "took_ms",
}  # fmt: skip


def _error_body(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    return body["error"]


# -- health --------------------------------------------------------------------------------


def test_health_and_readiness(api):
    assert httpx.get(f"{api.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{api.url}/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready" and ready.json()["build"]


def test_not_ready_until_loaded(built, embedder, tmp_path):
    """/readyz is 503 (and questions are 503) while the index loads; 200 after."""
    settings, _ = built
    release = threading.Event()
    real = shared_model_loader(embedder)

    def slow(settings, previous):
        release.wait(60)
        return real(settings, previous)

    app = create_app(settings.model_copy(update={"data_dir": tmp_path}), loader=slow)
    server = LiveServer(app).start(wait_ready=False)
    try:
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        not_ready = httpx.get(f"{server.url}/readyz")
        assert not_ready.status_code == 503 and not_ready.json()["status"] == "loading"
        early = httpx.post(f"{server.url}/v1/ask", json={"question": "Who inspected?"})
        assert early.status_code == 503 and "loading" in _error_body(early)["message"]
        release.set()
        server.wait_ready()
        assert httpx.get(f"{server.url}/readyz").json()["status"] == "ready"
    finally:
        release.set()
        server.stop()


def test_failed_load_is_reported_not_crashed(tmp_path):
    """No index: /readyz says why (and what to run); the process stays up."""
    from qa.settings import Settings

    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    server = LiveServer(create_app(settings.model_copy(update={"data_dir": tmp_path}))).start(
        wait_ready=False
    )
    try:
        for _ in range(200):
            body = httpx.get(f"{server.url}/readyz").json()
            if body["status"] != "loading":
                break
            threading.Event().wait(0.05)
        assert body["status"] == "error" and "qa build" in body["message"]
        assert httpx.get(f"{server.url}/healthz").status_code == 200
    finally:
        server.stop()


# -- answering -------------------------------------------------------------------------------


def test_ask_returns_the_cli_contract_with_verbatim_quotes(api):
    response = httpx.post(
        f"{api.url}/v1/ask", json={"question": "Who was the lead inspector?", "k": 3}, timeout=30
    )
    assert response.status_code == 200
    answer = response.json()
    assert CONTRACT <= set(answer)
    assert len(answer["passages"]) == 3
    assert not answer["abstained"] and answer["citations"]
    for citation in answer["citations"]:
        ref = citation["paragraph"] if citation["paragraph"] is not None else citation["unit"]
        unit = httpx.get(f"{api.url}/v1/documents/{citation['doc']}/paragraphs/{ref}").json()
        assert citation["quote"] in unit["paragraph"]["text"]


def test_ask_matches_the_cli(api, service):
    """The API and `qa ask --json` (QAService.ask) give the same answer and citations."""
    question = "What must the council do within three months?"
    over_http = httpx.post(f"{api.url}/v1/ask", json={"question": question}, timeout=30).json()
    direct = service.ask(question).to_json()
    for key in ("answer", "answer_span", "abstained", "citations", "passages"):
        assert over_http[key] == direct[key], key


def test_follow_up_uses_the_previous_question(api):
    first = "What grade was given for the health of children in need of protection?"
    body = {"question": "and for looked after children?", "history": [{"question": first}]}
    answer = httpx.post(f"{api.url}/v1/ask", json=body, timeout=30).json()
    assert answer["question"] == "and for looked after children?"
    assert answer["interpreted_as"] and "looked after children" in answer["interpreted_as"]
    assert "health" in answer["interpreted_as"].lower()
    assert answer["citations"][0]["part"] == "Services for looked after children"


def test_search_returns_ranked_passages(api):
    response = httpx.get(f"{api.url}/v1/search", params={"q": "LADO allegations", "k": 4})
    body = response.json()
    assert response.status_code == 200 and len(body["passages"]) == 4
    scores = [p["score"] for p in body["passages"]]
    assert scores == sorted(scores, reverse=True)
    assert "designated officer" in body["expanded"].lower()  # acronym expanded


def test_context_fits_the_token_budget(api):
    budget = 250
    response = httpx.post(
        f"{api.url}/v1/context", json={"question": "adoption of children", "max_tokens": budget}
    )
    body = response.json()
    assert response.status_code == 200 and body["passages"]
    # Counted independently with the same tiktoken encoding.
    encoding = load_encoding(body["encoding"])
    assert encoding.count(body["text"]) <= body["tokens"] <= budget
    for passage in body["passages"]:
        assert f"¶{passage['paragraph']}]" in body["text"] and passage["text"] in body["text"]


def test_documents_paragraph_neighbours_and_glossary(api):
    docs = httpx.get(f"{api.url}/v1/documents").json()
    assert [d["id"] for d in docs] == [DOC] and docs[0]["paragraphs"] == 156
    detail = httpx.get(f"{api.url}/v1/documents/{DOC}").json()
    assert detail["paragraph_numbers"] == list(range(1, 157))
    assert detail["findings"] and all(f["grade"] for f in detail["findings"])
    para = httpx.get(f"{api.url}/v1/documents/{DOC}/paragraphs/48").json()
    assert para["paragraph"]["paragraph"] == 48 and para["paragraph"]["grade"]
    assert para["previous"]["paragraph"] == 47 and para["next"]["paragraph"] == 49
    front = httpx.get(f"{api.url}/v1/documents/{DOC}/paragraphs/frontmatter").json()
    assert front["paragraph"]["kind"] == "frontmatter"
    glossary = httpx.get(f"{api.url}/v1/glossary").json()
    assert any(a["short"] == "LADO" for a in glossary)
    for acronym in glossary:  # each is defined where it says
        where = httpx.get(
            f"{api.url}/v1/documents/{acronym['doc']}/paragraphs/{acronym['unit']}"
        ).json()
        assert f"({acronym['short']})" in where["paragraph"]["text"]


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"question": ""}, "question"),
        ({"question": "   \n  "}, "empty"),
        ({"question": "word " * 400}, "tokens"),
        ({"question": "x" * 5000}, "question"),
        ({"question": "Who?", "k": 0}, "k"),
        ({}, "question"),
        ({"question": "Who?", "unexpected": 1}, "unexpected"),
    ],
)
def test_bad_questions_are_422_with_a_message(api, body, fragment):
    response = httpx.post(f"{api.url}/v1/ask", json=body)
    assert response.status_code == 422
    assert fragment in _error_body(response)["message"]


def test_invalid_json_and_oversized_bodies(api):
    broken = httpx.post(
        f"{api.url}/v1/ask", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and _error_body(broken)
    huge = httpx.post(f"{api.url}/v1/ask", json={"question": "a" * 200_000})
    assert huge.status_code == 413 and "too large" in _error_body(huge)["message"]

    def chunks():  # no Content-Length: the limit applies to what arrives
        for _ in range(100):
            yield b"x" * 4096

    streamed = httpx.post(
        f"{api.url}/v1/ask", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_unknown_document_and_paragraph_are_404(api):
    for path in (
        "/v1/documents/no-such-report",
        "/v1/documents/no-such-report/paragraphs/3",
        f"/v1/documents/{DOC}/paragraphs/999",
        f"/v1/documents/{DOC}/paragraphs/p-x",
    ):
        response = httpx.get(f"{api.url}{path}")
        assert response.status_code == 404, path
        _error_body(response)
    ask = httpx.post(f"{api.url}/v1/ask", json={"question": "Who?", "doc": "nope"})
    assert ask.status_code == 404 and "unknown document" in _error_body(ask)["message"]
    assert httpx.get(f"{api.url}/v1/glossary", params={"doc": "nope"}).status_code == 404


# -- security ------------------------------------------------------------------------------------


def test_security_headers_and_page_without_inline_script(api):
    import re

    page = httpx.get(f"{api.url}/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert "content-security-policy" in httpx.get(f"{api.url}/v1/documents").headers


def test_api_keys(built, embedder, tmp_path):
    settings, _ = built
    settings = settings.model_copy(update={"data_dir": tmp_path, "api_keys": "key-one, key-two"})
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        url = f"{server.url}/v1/documents"
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        assert httpx.get(f"{server.url}/readyz").status_code == 200
        missing = httpx.get(url)
        assert missing.status_code == 401 and _error_body(missing)
        assert httpx.get(url, headers={"X-API-Key": "key-on"}).status_code == 401
        assert httpx.get(url, headers={"X-API-Key": "key-two"}).status_code == 200
        assert httpx.get(url, headers={"Authorization": "Bearer key-one"}).status_code == 200
        assert httpx.get(f"{server.url}/metrics").status_code == 401
        asked = httpx.post(
            f"{server.url}/v1/ask", json={"question": "Who?"}, headers={"X-API-Key": "nope"}
        )
        assert asked.status_code == 401


def test_key_comparison_checks_every_key():
    from server.security import key_matches

    assert key_matches("b", ["a", "b", "c"]) and not key_matches("d", ["a", "b"])
    assert not key_matches("", ["", "a"]) and not key_matches(None, ["a"])


def test_cors_allow_list(built, embedder, tmp_path):
    settings, _ = built
    allowed = "https://intranet.example"
    settings = settings.model_copy(update={"data_dir": tmp_path, "cors_origins": allowed})
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        preflight = {"Access-Control-Request-Method": "POST"}
        ok = httpx.options(f"{server.url}/v1/ask", headers={"Origin": allowed, **preflight})
        assert ok.headers["access-control-allow-origin"] == allowed
        assert "access-control-allow-credentials" not in ok.headers
        other = httpx.get(f"{server.url}/v1/documents", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


# -- concurrency, reload, metrics, feedback -----------------------------------------------------


def test_concurrent_requests_are_safe(api, service):
    questions = [
        "Who was the lead inspector?",
        "How many children were subject to child protection plans?",
        "What does LADO stand for?",
        "What grade was overall effectiveness of safeguarding?",
    ]
    expected = {q: service.ask(q).to_json() for q in questions}

    def one(i):
        q = questions[i % len(questions)]
        return q, httpx.post(f"{api.url}/v1/ask", json={"question": q}, timeout=60)

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(one, range(64)))
    assert all(r.status_code == 200 for _, r in results)
    for q, response in results:
        body = response.json()
        assert body["answer"] == expected[q]["answer"]
        assert body["citations"] == expected[q]["citations"]


def test_reload_after_build_without_restart(built, embedder, tmp_path):
    """A new `qa build` is picked up; requests running meanwhile all succeed."""
    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus

    settings, _ = built
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(settings.corpus_dir, corpus)
    shutil.copytree(settings.index_dir, index)  # vectors reused by the rebuild below
    settings = settings.model_copy(
        update={"corpus_dir": corpus, "index_dir": index, "data_dir": tmp_path / "data"}
    )
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        before = httpx.get(f"{server.url}/readyz").json()["build"]
        (corpus / "lighthouse-note.txt").write_text(
            "The lighthouse keepers' rota is reviewed every spring by the harbour board.\n",
            encoding="utf-8",
        )
        build_index(
            settings, load_corpus(corpus), embedder, load_encoding(settings.encoding),
            progress=False,
        )  # fmt: skip
        errors: list[int] = []
        stop = threading.Event()

        def hammer():
            while not stop.is_set():
                r = httpx.post(f"{server.url}/v1/ask", json={"question": "Who inspected?"})
                if r.status_code != 200:
                    errors.append(r.status_code)

        workers = [threading.Thread(target=hammer) for _ in range(4)]
        for w in workers:
            w.start()
        try:
            reloaded = httpx.post(f"{server.url}/v1/admin/reload", timeout=60).json()
        finally:
            stop.set()
            for w in workers:
                w.join()
        assert reloaded["status"] == "ready" and reloaded["build"] != before
        assert errors == []
        ids = [d["id"] for d in httpx.get(f"{server.url}/v1/documents").json()]
        assert "lighthouse-note" in ids


def test_reload_is_noticed_by_itself(built, embedder, tmp_path):
    """Without calling /v1/admin/reload, a newly published build is taken up."""
    import time

    from qa.index import store

    settings, _ = built
    index = tmp_path / "index"
    shutil.copytree(settings.index_dir, index)
    settings = settings.model_copy(update={"index_dir": index, "data_dir": tmp_path / "data"})
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        root = store.IndexRoot(index)
        live = root.current()
        copy = live.parent / (live.name + "-copy")
        shutil.copytree(live, copy)
        root.publish(copy)
        deadline = time.monotonic() + 20
        while httpx.get(f"{server.url}/readyz").json()["build"] != copy.name:
            assert time.monotonic() < deadline, "new build not picked up"
            httpx.get(f"{server.url}/v1/documents")  # requests trigger the check
            time.sleep(0.2)


def test_metrics_count_requests_and_latency(api):
    httpx.get(f"{api.url}/v1/documents")
    httpx.get(f"{api.url}/v1/documents/nope")
    text = httpx.get(f"{api.url}/metrics").text
    assert 'qa_http_requests_total{method="GET",route="/v1/documents",status="200"}' in text
    assert 'route="/v1/documents/{doc:path}",status="404"' in text
    assert "qa_http_request_duration_seconds_bucket" in text
    assert "qa_http_errors_total" in text


def test_feedback_is_stored_and_exports_as_gold(api, tmp_path):
    answer = httpx.post(f"{api.url}/v1/ask", json={"question": "Who was the lead inspector?"})
    a = answer.json()
    cited = [c["paragraph"] for c in a["citations"] if c["paragraph"] is not None]
    helpful = {
        "question": a["question"], "answer": a["answer"], "answer_span": a["answer_span"],
        "abstained": a["abstained"], "helpful": True, "doc": DOC, "cited": cited,
    }  # fmt: skip
    wrong = {**helpful, "question": "How many foster carers?", "helpful": False,
             "right_paragraph": 130}  # fmt: skip
    for body in (helpful, wrong):
        response = httpx.post(f"{api.url}/v1/feedback", json=body)
        assert response.status_code == 201 and response.json()["id"] >= 1
    export = httpx.get(f"{api.url}/v1/feedback/export")
    assert export.headers["content-type"].startswith("application/x-ndjson")
    path = tmp_path / "candidates.jsonl"
    path.write_text(export.text)
    items = {item.question: item for item in load_gold([path])}  # valid gold format
    assert items["Who was the lead inspector?"].answers
    assert items["How many foster carers?"].paragraphs == (130,)
    bad = httpx.post(f"{api.url}/v1/feedback", json={"question": "x"})
    assert bad.status_code == 422


def test_openapi_documents_every_route(api):
    paths = httpx.get(f"{api.url}/openapi.json").json()["paths"]
    for route in (
        "/v1/ask", "/v1/search", "/v1/context", "/v1/documents", "/v1/documents/{doc}",
        "/v1/documents/{doc}/paragraphs/{n}", "/v1/glossary", "/healthz", "/readyz", "/metrics",
    ):  # fmt: skip
        assert route in paths, route
    json.dumps(paths)  # serialisable
