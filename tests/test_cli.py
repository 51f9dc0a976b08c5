"""The `qa` console script as users run it (a real subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "ofsted-lancashire-safeguarding-lac-2012.txt"


def qa(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_paragraphs_json_lists_the_seed():
    result = qa("paragraphs", "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["paragraph"] for r in records] == list(range(1, 157))
    for key in ("doc", "unit", "paragraph", "part", "section", "grade", "page", "text"):
        assert key in records[0]
    p48 = records[47]
    assert p48["unit"] == "p48" and p48["grade"] == "Adequate" and p48["grade_number"] == 3
    assert p48["part"] == "Safeguarding services"
    assert p48["text"].startswith("Significant gaps in full compliance")


def test_paragraphs_human_listing_and_doc_filter():
    result = qa("paragraphs", "--doc", "ofsted-lancashire-safeguarding-lac-2012")
    assert result.returncode == 0
    assert "¶48  Safeguarding services · The contribution of health agencies" in result.stdout
    assert "¶98  Services for looked after children · How good are outcomes" in result.stdout


def test_unknown_doc_is_one_clear_line(tmp_path):
    result = qa("paragraphs", "--doc", "nope")
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: unknown document 'nope'")
    assert "Traceback" not in result.stderr


def test_bad_files_are_reported_and_the_rest_listed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("# Notes\n\nOne block.\n\nTwo block.\n")
    result = qa("--corpus", str(tmp_path), "paragraphs", "--json")
    assert result.returncode == 0
    assert "empty.txt: file is empty (skipped)" in result.stderr
    assert [json.loads(x)["unit"] for x in result.stdout.splitlines()] == ["b1", "b2"]


def test_paragraphs_of_one_doc_read_only_its_file(tmp_path):
    # `--doc` reads the one file whose name gives the id, not the whole folder: another
    # file's problem is not reported, and a folder of hundreds of reports lists one fast.
    shutil.copy(SEED, tmp_path / SEED.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = qa("--corpus", str(tmp_path), "paragraphs", "--doc", SEED.stem)
    assert result.returncode == 0, result.stderr
    assert "¶48" in result.stdout
    assert "empty.txt" not in result.stderr
    # An id no file name gives is still looked for among all of them.
    unknown = qa("--corpus", str(tmp_path), "paragraphs", "--doc", "nope")
    assert unknown.returncode == 2 and "empty.txt: file is empty" in unknown.stderr


def test_empty_corpus_is_an_error(tmp_path):
    result = qa("--corpus", str(tmp_path), "paragraphs")
    assert result.returncode == 2
    assert "no readable reports" in result.stderr


@pytest.mark.integration
def test_ask_json_and_batch_from_stdin(built):
    settings, _ = built
    env = {"QA_CORPUS_DIR": str(settings.corpus_dir), "QA_INDEX_DIR": str(settings.index_dir)}
    one = qa("ask", "--json", "How many maintained schools are there?", env=env)
    assert one.returncode == 0, one.stderr
    record = json.loads(one.stdout)
    assert record["answer_span"] == "634" and record["citations"][0]["paragraph"] == 6
    batch = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "--json", "--k", "3"],
        input="What does LADO stand for?\n\n   \nWhich district is the most deprived?\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=120,
    )
    assert batch.returncode == 0, batch.stderr
    lines = [json.loads(x) for x in batch.stdout.splitlines()]
    assert [len(x["passages"]) for x in lines] == [3, 3]
    assert lines[0]["answer_span"] == "local authority designated officer"
    human = qa("ask", "Which district is the most deprived?", env=env)
    assert "¶5, Service information, p. 3" in human.stdout


@pytest.mark.integration
def test_ask_without_index_is_one_clear_line(tmp_path):
    result = qa("ask", "anything", env={"QA_INDEX_DIR": str(tmp_path / "none")})
    assert result.returncode == 2
    assert "no index" in result.stderr and "run `qa build`" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.integration
def test_eval_json_reports_metrics(built, tmp_path):
    settings, _ = built
    gold = tmp_path / "g.jsonl"
    gold.write_text(
        '{"id": "a", "question": "How many maintained schools are there in Lancashire?", '
        '"answers": ["634"], "paragraphs": [6], "kind": "number"}\n'
        '{"id": "b", "question": "What is the capital city of France?", "answers": [], '
        '"paragraphs": [], "kind": "unanswerable"}\n'
    )
    env = {"QA_CORPUS_DIR": str(settings.corpus_dir), "QA_INDEX_DIR": str(settings.index_dir)}
    result = qa("eval", "--gold", str(gold), "--json", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["questions"] == 2
    assert summary["recall@5"] == 1.0 and summary["answer_hit"] == 1.0
    assert summary["abstain_recall"] == 1.0


def test_feedback_export_writes_candidate_gold(tmp_path):
    from qa.evaluation.gold import load_gold
    from qa.feedback import Feedback, FeedbackStore

    store = FeedbackStore(tmp_path / "data" / "feedback.sqlite3")
    common = dict(answer_span=None, doc="d", comment=None, right_paragraph=None)
    store.add(Feedback("Who led?", "The chair led.", abstained=False, helpful=True,
                       cited=[3], **common))  # fmt: skip
    store.add(Feedback("Budget?", "The report does not say.", abstained=True, helpful=True,
                       cited=[], **common))  # fmt: skip
    store.add(
        Feedback("Vague?", "Something.", abstained=False, helpful=False, cited=[4], **common)
    )  # fmt: skip  (wrong, no paragraph named: skipped)
    store.close()
    out = tmp_path / "candidates.jsonl"
    env = {"QA_DATA_DIR": str(tmp_path / "data")}
    result = qa("feedback", "export", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    items = load_gold([out])
    assert [(i.question, i.answers, i.paragraphs) for i in items] == [
        ("Who led?", ("The chair led.",), (3,)),
        ("Budget?", (), ()),
    ]
    missing = qa("feedback", "export", env={"QA_DATA_DIR": str(tmp_path / "none")})
    assert missing.returncode == 2 and "no feedback yet" in missing.stderr


def test_paragraphs_json_rows_carry_the_reports_front_page(tmp_path):
    import shutil

    report = ROOT.parent / "shared" / "reports" / "barnet-23-july-2024.pdf"
    if not report.exists():
        pytest.skip("real reports not present")
    shutil.copy(report, tmp_path)
    result = qa("--corpus", str(tmp_path), "paragraphs", "--json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["council"] == "Barnet" and r["year"] == 2024 for r in rows)
    assert all(r["inspection_dates"] for r in rows)


def test_qa_eval_measures_the_served_fusion_weight_unless_told_otherwise():
    """`qa eval` once had its own default dense weight (0.5) while 0.6 was served."""
    from qa.cli import main

    option = next(p for p in main.commands["eval"].params if p.name == "dense_weight")
    assert option.default is None  # falls back to RetrievalConfig's, what `qa ask` uses


@pytest.mark.integration
def test_fit_adapter_writes_an_adapter_the_service_then_uses(built, tmp_path):
    settings, _ = built
    gold = tmp_path / "g.jsonl"
    lines = [
        json.loads(line)
        for line in (ROOT / "eval/gold/lancashire-dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    usable = [q for q in lines if q["answers"] and q["paragraphs"] and not q.get("unit")][:6]
    gold.write_text("".join(json.dumps(q) + "\n" for q in usable))
    env = {"QA_CORPUS_DIR": str(settings.corpus_dir), "QA_INDEX_DIR": str(settings.index_dir)}
    out = tmp_path / "adapter.npz"
    result = qa("fit-adapter", "--gold", str(gold), "--l2", "0.1", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "questions with a gold paragraph" in result.stdout and out.stat().st_size > 0
    from qa.retrieval.adapter import QueryAdapter

    adapter = QueryAdapter.load(out)
    assert adapter.model == "all-MiniLM-L6-v2" and str(gold) in adapter.note
    asked = qa(
        "ask",
        "--json",
        "How many maintained schools are there?",
        env={**env, "QA_QUERY_ADAPTER_FILE": str(out)},
    )
    assert asked.returncode == 0 and json.loads(asked.stdout)["answer_span"] == "634"
    # one report: its questions cannot be held out by report
    folds = qa("fit-adapter", "--gold", str(gold), "--folds", "3", env=env)
    assert folds.returncode == 2 and "two folds or more" in folds.stderr
