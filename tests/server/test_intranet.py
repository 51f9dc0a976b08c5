"""The intranet's ways in, against a real uvicorn server: scoped keys, named OpenAPI
operations with examples, the Swagger UI page served from this server, and the
OpenAI-compatible endpoint driven by the official ``openai`` client."""

from __future__ import annotations

import httpx
import pytest

from server.app import create_app
from tests.conftest import SEED, shared_model_loader
from tests.live import LiveServer

pytestmark = pytest.mark.integration

READ_KEY, ADMIN_KEY, OLD_KEY = "read-key-123", "admin-key-456", "old-key-789"


@pytest.fixture(scope="module")
def keyed(built, embedder, tmp_path_factory):
    """A server with a read key (env), an admin key (key file) and an old QA_API_KEYS key."""
    settings, _ = built
    root = tmp_path_factory.mktemp("keyed")
    key_file = root / "keys"
    key_file.write_text(f"# scope key\nadmin {ADMIN_KEY}\n", encoding="utf-8")
    settings = settings.model_copy(
        update={
            "data_dir": root,
            "read_keys": READ_KEY,
            "keys_file": key_file,
            "api_keys": OLD_KEY,
        }
    )
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        yield server


def _error(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == response.status_code
    return body["error"]


# -- scoped keys ------------------------------------------------------------------------


def test_read_key_reads_but_is_refused_on_admin_routes_with_the_scope_named(keyed):
    read = {"X-API-Key": READ_KEY}
    assert httpx.get(f"{keyed.url}/v1/documents", headers=read).status_code == 200
    asked = httpx.post(f"{keyed.url}/v1/ask", json={"question": "Who?"}, headers=read)
    assert asked.status_code == 200
    for method, path in [
        ("POST", "/v1/admin/reload"),
        ("GET", "/v1/feedback/export"),
        ("GET", "/metrics"),
        ("POST", "/v1/documents"),
        ("DELETE", f"/v1/documents/{SEED.stem}"),
    ]:
        refused = httpx.request(method, f"{keyed.url}{path}", headers=read)
        assert refused.status_code == 403, (path, refused.text)
        error = _error(refused)
        assert error["reason"] == "insufficient_scope" and error["scope"] == "admin"
        assert "admin scope" in error["message"] and READ_KEY not in refused.text


def test_missing_and_wrong_keys_are_told_apart(keyed):
    missing = httpx.get(f"{keyed.url}/v1/documents")
    assert missing.status_code == 401 and _error(missing)["reason"] == "missing_key"
    assert "required" in _error(missing)["message"]
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = httpx.get(f"{keyed.url}/v1/documents", headers={"X-API-Key": "read-key-12"})
    assert wrong.status_code == 401 and _error(wrong)["reason"] == "invalid_key"
    assert "not valid" in _error(wrong)["message"] and "read-key-12" not in wrong.text


def test_admin_keys_from_the_file_and_old_setting_open_admin_routes(keyed):
    for key in (ADMIN_KEY, OLD_KEY):
        bearer = {"Authorization": f"Bearer {key}"}
        assert httpx.post(f"{keyed.url}/v1/admin/reload", headers=bearer).status_code == 200
        assert httpx.get(f"{keyed.url}/v1/documents", headers=bearer).status_code == 200


def test_a_bad_key_file_is_refused_at_start_with_its_line(tmp_path):
    from qa.settings import Settings
    from server.keys import KeyFileError

    bad = tmp_path / "keys"
    bad.write_text("admin secret-one\nsuperuser secret-two\n", encoding="utf-8")
    with pytest.raises(KeyFileError, match="line 2") as refused:
        create_app(Settings(keys_file=bad, data_dir=tmp_path))
    assert "secret" not in str(refused.value)


def test_uploads_are_closed_on_a_server_without_keys(api):
    refused = httpx.post(f"{api.url}/v1/documents", files={"file": ("a.txt", b"x")})
    assert refused.status_code == 403 and "none is configured" in _error(refused)["message"]


# -- OpenAPI and the docs page ------------------------------------------------------------


def test_operations_are_named_declare_both_schemes_and_carry_examples(api):
    schema = httpx.get(f"{api.url}/openapi.json").json()
    operations = {
        op["operationId"]: op for methods in schema["paths"].values() for op in methods.values()
    }
    expected = {"ask", "search", "context", "list_documents", "get_paragraph", "get_document"}
    assert expected | {"chat_completions", "list_models", "upload_document"} <= set(operations)
    assert set(schema["components"]["securitySchemes"]) == {"ApiKey", "Bearer"}
    assert schema["components"]["securitySchemes"]["Bearer"]["scheme"] == "bearer"
    assert operations["ask"]["security"] == [{"ApiKey": []}, {"Bearer": []}]
    for name, op in operations.items():
        body = op.get("requestBody", {}).get("content", {})
        responses = [m for r in op["responses"].values() for m in r.get("content", {}).values()]
        has_example = any("example" in m for m in [*body.values(), *responses]) or any(
            "example" in p for p in op.get("parameters", [])
        )
        assert has_example, f"{name} has no example"
    assert operations["ask"]["requestBody"]["content"]["application/json"]["example"]


def test_swagger_ui_is_served_from_this_server_within_the_csp(api):
    page = httpx.get(f"{api.url}/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert "<script>" not in page.text  # no inline script: the CSP forbids it
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for asset in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css"):
        served = httpx.get(f"{api.url}{asset}")
        assert served.status_code == 200 and len(served.content) > 100_000, asset
    init = httpx.get(f"{api.url}/docs/init.js")
    assert init.status_code == 200 and "/openapi.json" in init.text


# -- OpenAI-compatible endpoint, through the official client --------------------------------


@pytest.fixture(scope="module")
def client(keyed):
    from openai import OpenAI

    return OpenAI(base_url=f"{keyed.url}/v1", api_key=READ_KEY, max_retries=0)


QUESTION = "What does LADO stand for?"


def test_models_name_the_corpus(client):
    assert [m.id for m in client.models.list()] == ["ofsted-reports"]


def test_chat_completion_cites_paragraphs_and_carries_the_answer(client):
    completion = client.chat.completions.create(
        model="ofsted-reports", messages=[{"role": "user", "content": QUESTION}]
    )
    message = completion.choices[0].message
    assert message.role == "assistant" and completion.choices[0].finish_reason == "stop"
    answer = completion.report_qa  # the extra field, kept by the client
    assert answer["question"] == QUESTION and not answer["abstained"]
    first = answer["citations"][0]
    written = f"[Lancashire 2012, para {first['paragraph']}, p. {first['page']}]"
    assert written in message.content
    assert answer["answer"] in message.content
    assert completion.usage.total_tokens > completion.usage.prompt_tokens > 0


def test_streamed_completion_is_the_same_message(client):
    whole = client.chat.completions.create(
        model="ofsted-reports", messages=[{"role": "user", "content": QUESTION}]
    )
    chunks = list(
        client.chat.completions.create(
            model="ofsted-reports",
            messages=[{"role": "user", "content": QUESTION}],
            stream=True,
        )
    )
    assert len(chunks) > 3
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert chunks[-1].report_qa["citations"] == whole.report_qa["citations"]


def test_follow_up_uses_earlier_user_messages(client):
    completion = client.chat.completions.create(
        model="ofsted-reports",
        messages=[
            {"role": "system", "content": "You are helpful."},
            {"role": "user", "content": "What grade was given for overall effectiveness?"},
            {"role": "assistant", "content": "..."},
            {"role": "user", "content": [{"type": "text", "text": "And for capacity?"}]},
        ],
    )
    assert completion.report_qa["question"] == "And for capacity?"


def test_unknown_model_and_wrong_key_are_openai_errors(client, keyed):
    import openai

    with pytest.raises(openai.NotFoundError, match="no model 'gpt-4o'"):
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": QUESTION}]
        )
    wrong = openai.OpenAI(base_url=f"{keyed.url}/v1", api_key="nope", max_retries=0)
    with pytest.raises(openai.AuthenticationError, match="not valid"):
        wrong.models.list()


def test_mcp_endpoint_needs_a_read_key(keyed):
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    }
    headers = {"Accept": "application/json, text/event-stream"}
    refused = httpx.post(f"{keyed.url}/mcp", json=initialize, headers=headers)
    assert refused.status_code == 401 and _error(refused)["reason"] == "missing_key"
    allowed = httpx.post(
        f"{keyed.url}/mcp", json=initialize, headers={**headers, "X-API-Key": READ_KEY}
    )
    assert allowed.status_code == 200, allowed.text


# -- /v1/context names its encoding ---------------------------------------------------------


@pytest.mark.parametrize("name", [None, "cl100k_base", "o200k_base"])
def test_context_names_the_encoding_that_counted(api, name):
    from qa.text.ranks import ranks_dir
    from qa.text.tokens import OFFLINE_ENCODING

    body = {"question": "How good is health care?", "max_tokens": 400}
    if name:
        body["encoding"] = name
    packed = httpx.post(f"{api.url}/v1/context", json=body, timeout=60).json()
    wanted = name or "cl100k_base"
    if (ranks_dir() / f"{wanted}.tiktoken").exists():
        assert (packed["encoding"], packed["encoding_source"]) == (wanted, "package")
    else:
        assert (packed["encoding"], packed["encoding_source"]) in [
            (wanted, "cache"),
            (OFFLINE_ENCODING, "offline-fallback"),
        ]
    assert packed["tokens"] == sum(p["tokens"] for p in packed["passages"]) <= 400
    refused = httpx.post(f"{api.url}/v1/context", json={**body, "encoding": "gpt2"})
    assert refused.status_code == 422 and "encoding" in _error(refused)["message"]
