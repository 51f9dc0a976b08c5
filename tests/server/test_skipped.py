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


def test_a_broken_new_build_is_refused_while_the_old_one_serves(tmp_path):
    import json

    from qa.index.store import IndexRoot

    settings, fake = fake_index(tmp_path, [SEED])

    def loader(s: Settings, previous: QAService | None) -> QAService:
        return QAService.load(s, embedder=fake)

    root = IndexRoot(settings.index_dir)
    with LiveServer(create_app(settings, loader=loader)) as live:
        serving = httpx.get(f"{live.url}/readyz").json()["build"]
        before = httpx.get(f"{live.url}/metrics").text
        # A new build whose manifest was edited after it was written, published.
        new = root.new_build("20990101T000000-000000")
        record = json.loads((root.current() / "manifest.json").read_text())
        record["counts"]["units"] += 1
        (new / "manifest.json").write_text(json.dumps(record))
        (settings.index_dir / "CURRENT").write_text(new.name + "\n")
        reloaded = httpx.post(f"{live.url}/v1/admin/reload")
        ready = httpx.get(f"{live.url}/readyz").json()
        asked = httpx.post(f"{live.url}/v1/ask", json={"question": "How many foster carers?"})
        after = httpx.get(f"{live.url}/metrics").text
    # The refusal is in the metrics too, for alerting: no labels, nothing unbounded.
    assert "qa_index_build_refused 0.0" in before and "qa_index_ready 1.0" in before
    assert "qa_index_build_refused 1.0" in after and "qa_index_ready 1.0" in after
    assert "qa_index_refused_loads 1.0" in after
    assert reloaded.status_code == 200 and ready["status"] == "ready"
    assert ready["build"] == serving
    assert ready["message"].startswith(f"serving build {serving}; build {new.name} refused:")
    assert "run `qa build`" in ready["message"]
    assert asked.status_code == 200
