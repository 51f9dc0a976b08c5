"""Gold files: the repo's sets are valid, and malformed ones fail with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.evaluation.gold import GoldError, load_gold

ROOT = Path(__file__).resolve().parents[2]
KINDS = {
    "number",
    "fact",
    "grade",
    "definition",
    "list",
    "paraphrase",
    "frontmatter",
    "informal",
    "unanswerable",
}


def test_repo_gold_sets_are_valid_and_cover_every_kind():
    items = load_gold(sorted((ROOT / "eval" / "gold").glob("*.jsonl")))
    assert len(items) >= 120
    assert {i.kind for i in items} == KINDS
    assert sum(not i.answerable for i in items) >= 15
    for item in items:
        assert item.answerable == (item.kind != "unanswerable")
        assert item.paragraphs or item.kind in ("frontmatter", "unanswerable")


@pytest.mark.parametrize(
    "line,message",
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "each line must be a JSON object"),
        (
            '{"id": "x", "question": "q", "answers": [], "kind": "fact"}',
            "missing field 'paragraphs'",
        ),
        (
            '{"id": "x", "question": "q", "answers": "a", "paragraphs": [], "kind": "f"}',
            "field 'answers' must be list",
        ),
        (
            '{"id": "x", "question": " ", "answers": [], "paragraphs": [], "kind": "f"}',
            "question is empty",
        ),
        (
            '{"id": "x", "question": "q", "answers": [], "paragraphs": ["7"], "kind": "f"}',
            "paragraphs must be integers",
        ),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    good = '{"id": "ok", "question": "q", "answers": ["a"], "paragraphs": [1], "kind": "fact"}'
    path.write_text(good + "\n\n" + line + "\n")
    with pytest.raises(GoldError, match=rf"bad\.jsonl:3: {message}"):
        load_gold([path])


def test_duplicate_ids_are_refused(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    row = '{"id": "same", "question": "q", "answers": [], "paragraphs": [], "kind": "x"}\n'
    a.write_text(row)
    b.write_text(row)
    with pytest.raises(
        GoldError, match=r"b\.jsonl:1: duplicate id 'same' \(first at .*a\.jsonl:1\)"
    ):
        load_gold([a, b])
