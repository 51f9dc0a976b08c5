"""`qa ask --server` against a real running server (a real `qa` subprocess), and
`qa --version`."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from tests.conftest import SEED
from tests.test_cli import qa

pytestmark = pytest.mark.integration

QUESTION = "What does LADO stand for?"
# A model that cannot exist: were the CLI to load one, the command would fail.
NO_MODEL = {"QA_MODEL": "/nonexistent/model", "QA_INDEX_DIR": "/nonexistent/index"}


def test_json_answer_is_the_servers(api):
    result = qa("ask", "--server", api.url, "--json", QUESTION, env=NO_MODEL)
    assert result.returncode == 0, result.stderr
    remote = json.loads(result.stdout)
    direct = httpx.post(f"{api.url}/v1/ask", json={"question": QUESTION}).json()
    for record in (remote, direct):
        record.pop("took_ms"), record.pop("timings")
    assert remote == direct


def test_human_output_matches_a_local_ask(api, built):
    settings, _ = built
    remote = qa("ask", "--server", api.url, QUESTION, env=NO_MODEL)
    local = qa("ask", "--index", str(settings.index_dir), QUESTION)
    assert remote.returncode == 0 and local.returncode == 0, remote.stderr + local.stderr

    # Everything but the time taken ("[12 ms]").
    def shown(out: str) -> list[str]:
        return [line for line in out.splitlines() if not re.fullmatch(r"\[\d+ ms\]", line)]

    assert shown(remote.stdout) == shown(local.stdout)
    assert "¶" in remote.stdout and "confidence" in remote.stdout


def test_server_from_env_with_filters_and_errors(api):
    env = {**NO_MODEL, "QA_SERVER": api.url}
    scoped = qa("ask", "--json", "--doc", SEED.stem, "--k", "2", QUESTION, env=env)
    assert scoped.returncode == 0, scoped.stderr
    assert len(json.loads(scoped.stdout)["passages"]) <= 2
    unknown = qa("ask", "--doc", "no-such-report", QUESTION, env=env)
    assert unknown.returncode == 2 and "unknown document 'no-such-report'" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def test_batch_mode_reports_a_bad_line_and_goes_on(api):
    import subprocess
    import sys

    lines = f"{'word ' * 400}\n{QUESTION}\n"
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "--server", api.url, "--json"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    first, second = [json.loads(line) for line in result.stdout.splitlines()]
    assert "error" in first and "tokens long" in first["error"]
    assert second["question"] == QUESTION and second["citations"]


def test_unreachable_server_and_bad_url_are_one_line():
    down = qa("ask", "--server", "http://127.0.0.1:9", QUESTION, env=NO_MODEL)
    assert down.returncode == 2 and "cannot reach the server" in down.stderr
    bad = qa("ask", "--server", "ftp://example", QUESTION, env=NO_MODEL)
    assert bad.returncode == 2 and "http:// or https://" in bad.stderr


def test_version():
    result = qa("--version")
    assert result.returncode == 0 and result.stdout.startswith("qa, version ")
