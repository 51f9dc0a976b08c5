"""/readyz lists the corpus files the build in use could not index, with their reasons."""

from __future__ import annotations

import httpx

from qa.pipeline import QAService
from qa.settings import Settings
from server.app import create_app
from tests.conftest import SEED
from tests.fakes import fake_index
from tests.live import LiveServer


def test_readyz_lists_skipped_files_and_the_index_still_serves(tmp_path):
    empty = tmp_path / "src" / "empty.txt"
    empty.parent.mkdir()
    empty.write_text("")
    broken = tmp_path / "src" / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    settings, fake = fake_index(tmp_path / "built", [SEED, empty, broken])

    def loader(s: Settings, previous: QAService | None) -> QAService:
        return QAService.load(s, embedder=fake)

    with LiveServer(create_app(settings, loader=loader)) as live:
        ready = httpx.get(f"{live.url}/readyz").json()
        asked = httpx.post(f"{live.url}/v1/ask", json={"question": "How many foster carers?"})
    assert ready["status"] == "ready"
    assert set(ready["skipped"]) == {"empty.txt", "broken.pdf"}
    assert "empty" in ready["skipped"]["empty.txt"]
    assert str(tmp_path) not in str(ready)
    assert asked.status_code == 200
