"""Gold question/answer files: one JSON object per line in ``eval/gold/*.jsonl``.

    {"id": str, "question": str, "answers": [str], "paragraphs": [int],
     "doc": str | null (optional), "kind": str,
     "unit": str (optional), "docs": [str] (optional), "council": str (optional)}

``unit`` names a unit that is not a numbered paragraph and holds the answer
(``frontmatter``, ``findings``, ``improvements``); ``docs`` the reports a cross-report
answer draws on; ``council`` the council the question is about. ``doc`` is null for a
question about a council with no report in the corpus.

``answers``: acceptable answer strings (any one counts); ``paragraphs``: paragraph numbers
that support it (any one counts). No ``answers`` means the corpus does not answer it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.errors import QAError


class GoldError(QAError):
    def __init__(self, file: str, line: int | None, message: str):
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    answers: tuple[str, ...]
    paragraphs: tuple[int, ...]
    doc: str | None
    kind: str
    source: str  # "file:line", for reports
    unit: str | None = None
    docs: tuple[str, ...] = ()
    council: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


def load_gold(paths: list[Path]) -> list[GoldItem]:
    items: list[GoldItem] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldError(str(path), None, f"cannot read gold file ({exc})") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            item = _parse(str(path), number, line)
            if item.id in seen:
                raise GoldError(
                    str(path), number, f"duplicate id {item.id!r} (first at {seen[item.id]})"
                )
            seen[item.id] = item.source
            items.append(item)
    if not items:
        raise GoldError(", ".join(map(str, paths)) or "(none)", None, "no gold questions")
    return items


def only_about(items: list[GoldItem], docs: set[str]) -> list[GoldItem]:
    """The questions about ``docs``: those whose report is one of them, and the
    unanswerable ones that name no report (a council with no report answers "no report
    for X" whatever the corpus). Questions across reports are left out: their answers need
    reports outside the set. An empty result is an error naming the ids."""
    kept = [
        item
        for item in items
        if not item.docs
        and item.kind != "cross-report"
        and (item.doc in docs or (item.doc is None and not item.answerable))
    ]
    if not any(item.doc in docs for item in kept):
        raise GoldError("--only-docs", None, f"no gold question is about {sorted(docs)}")
    return kept


def _parse(file: str, line: int, text: str) -> GoldItem:
    try:
        record = json.loads(text)
    except ValueError as exc:
        # JSONDecodeError carries .msg; other ValueErrors (an over-long integer) do not.
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        raise GoldError(file, line, f"not valid JSON ({msg})") from exc
    if not isinstance(record, dict):
        raise GoldError(file, line, "each line must be a JSON object")

    def need(key: str, kind: type, optional: bool = False):
        if key not in record or (optional and record[key] is None):
            if optional:
                return None
            raise GoldError(file, line, f"missing field {key!r}")
        value = record[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise GoldError(file, line, f"field {key!r} must be {kind.__name__}, got {value!r}")
        return value

    answers = need("answers", list)
    paragraphs = need("paragraphs", list)
    if not all(isinstance(a, str) and a.strip() for a in answers):
        raise GoldError(file, line, "answers must be non-empty strings")
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in paragraphs):
        raise GoldError(file, line, "paragraphs must be integers")
    question = need("question", str)
    if not question.strip():
        raise GoldError(file, line, "question is empty")
    return GoldItem(
        id=need("id", str),
        question=question,
        answers=tuple(answers),
        paragraphs=tuple(paragraphs),
        doc=need("doc", str, optional=True),
        kind=need("kind", str),
        source=f"{file}:{line}",
        unit=need("unit", str, optional=True),
        docs=tuple(need("docs", list, optional=True) or ()),
        council=need("council", str, optional=True),
    )
