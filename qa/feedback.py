"""Feedback on answers, kept in SQLite, exportable as candidate gold lines.

Each row is one judgement by a member of staff: helpful or wrong, and optionally the
paragraph that was right. :func:`candidate_gold` turns rows into lines in the gold-file
format of ``eval/gold/*.jsonl`` (see ``eval/README.md``) for a person to review before
they join an evaluation set; they are candidates, never gold by themselves.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created     REAL    NOT NULL,
    question    TEXT    NOT NULL,
    answer      TEXT    NOT NULL,
    answer_span TEXT,
    abstained   INTEGER NOT NULL,
    helpful     INTEGER NOT NULL,
    doc         TEXT,
    cited       TEXT    NOT NULL,   -- JSON list of paragraph numbers cited by the answer
    right_paragraph INTEGER,        -- the paragraph the user says was right, if any
    comment     TEXT
)
"""


@dataclass(frozen=True)
class Feedback:
    question: str
    answer: str
    answer_span: str | None
    abstained: bool
    helpful: bool
    doc: str | None
    cited: list[int]
    right_paragraph: int | None
    comment: str | None
    id: int | None = None
    created: float | None = None


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        # One connection shared under a lock: writes are tiny and rare.
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)
        self._db.commit()

    def add(self, item: Feedback) -> int:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO feedback (created, question, answer, answer_span, abstained,"
                " helpful, doc, cited, right_paragraph, comment)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    item.question,
                    item.answer,
                    item.answer_span,
                    int(item.abstained),
                    int(item.helpful),
                    item.doc,
                    json.dumps(item.cited),
                    item.right_paragraph,
                    item.comment,
                ),
            )
            self._db.commit()
            assert cursor.lastrowid is not None  # always set after a successful INSERT
            return int(cursor.lastrowid)

    def all(self) -> list[Feedback]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, created, question, answer, answer_span, abstained, helpful, doc,"
                " cited, right_paragraph, comment FROM feedback ORDER BY id"
            ).fetchall()
        return [
            Feedback(
                id=r[0],
                created=r[1],
                question=r[2],
                answer=r[3],
                answer_span=r[4],
                abstained=bool(r[5]),
                helpful=bool(r[6]),
                doc=r[7],
                cited=json.loads(r[8]),
                right_paragraph=r[9],
                comment=r[10],
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def candidate_gold(rows: list[Feedback]) -> list[dict]:
    """Gold-format lines from feedback worth a reviewer's time.

    - helpful answer: its span (or sentence) as the answer, its citations as paragraphs;
    - helpful abstention: an unanswerable question (no answers, no paragraphs);
    - wrong answer with the right paragraph named: that paragraph, answer left for the
      reviewer to copy from it (``"review"`` says so);
    - wrong answer with nothing more: skipped (nothing to learn without a reviewer).
    """
    lines = []
    for row in rows:
        line: dict[str, object] = {
            "id": f"feedback-{row.id}",
            "question": row.question,
            "kind": "feedback",
        }
        if row.doc:
            line["doc"] = row.doc
        if row.helpful and row.abstained:
            line |= {"answers": [], "paragraphs": []}
        elif row.helpful:
            line |= {"answers": [row.answer_span or row.answer], "paragraphs": row.cited}
        elif row.right_paragraph is not None:
            line |= {
                "answers": [],
                "paragraphs": [row.right_paragraph],
                "review": f"write the answer from paragraph {row.right_paragraph}",
            }
        else:
            continue
        lines.append(line)
    return lines


def as_record(item: Feedback) -> dict:
    return asdict(item)
