"""The answer object: what `qa ask --json` prints and the HTTP API returns (a contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

NOT_ANSWERED = "The report does not say."
# What a request for a summary, a comparison or a reason gets when no quote answers it:
# the tool only quotes, and "the report does not say" would be false (``Answer.limit``).
LIMITED = "I can only quote the reports; these paragraphs are the most relevant."


@dataclass(frozen=True)
class Citation:
    doc: str
    paragraph: int | None
    unit: str
    part: str | None
    section: str | None
    grade: str | None
    page: int | None
    quote: str  # verbatim text of the cited unit
    # Additions (never removed or renamed): where the quote stands in the unit's text,
    # ``text[char_start:char_end] == quote``, so a reader highlights by offset, and the
    # unit's label as printed everywhere ("¶48").
    char_start: int | None = None
    char_end: int | None = None
    label: str = ""


@dataclass(frozen=True)
class PassageOut:
    doc: str
    paragraph: int | None
    unit: str
    score: float
    section: str | None
    text: str
    label: str = ""  # addition: the unit's label ("¶48", or the unit id)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    answer_span: str | None
    abstained: bool
    confidence: float
    citations: list[Citation]
    passages: list[PassageOut]
    took_ms: float = 0.0
    # Additions beyond the contract (never removed or renamed): the question kind and
    # the per-stage timings, for evaluation and benchmarks.
    kind: str = "fact"
    timings: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, float] = field(default_factory=dict)  # abstention features
    # The standalone question actually answered when a follow-up leaned on the history.
    interpreted_as: str | None = None
    # Addition: the reports the question was answered from when it named a council or a
    # filter chose them ({"council", "docs", "reason", "missing"}); null otherwise.
    route: dict | None = None
    # Addition: "summary", "comparison" or "reason" when the question asked for what an
    # extractive answerer cannot give; ``answer`` is then :data:`LIMITED` (abstained) and
    # ``passages`` the most relevant paragraphs. Null otherwise.
    limit: str | None = None

    def to_json(self) -> dict:
        return asdict(self)
