"""Answer strategies, one per module, behind one small interface (:class:`Strategy`).

Each strategy reads the same :class:`Evidence` (the question, its retrieval, its content
terms) and returns a :class:`Draft`, or ``None`` when it has nothing to say; the
dispatcher (:mod:`qa.answering.answerer`) decides, with the calibrated model, whether a
draft is answered or abstained.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from qa.answer import Citation, PassageOut
from qa.answering.question import Question
from qa.retrieval.retriever import Retrieval


@dataclass(frozen=True)
class Evidence:
    """What every strategy reads about one question."""

    question: Question
    retrieval: Retrieval
    terms: list[str]  # the question's content terms (stems)
    passages: list[PassageOut]
    # Names (lower case) that every answer may take as given: the genre's own ("Ofsted"),
    # and the council the question was routed to (see qa.answering.names).
    given_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Draft:
    """A proposed answer before the abstention decision.

    ``features`` are the calibrated model's inputs (:data:`qa.answering.calibration.FEATURES`)
    measured on the draft's own answer sentence; ``match`` is how well the structure
    matched the question (grade and definition drafts), reported as evidence and never
    read as a probability.
    """

    kind: str
    answer: str
    span: str | None
    citations: list[Citation]
    features: dict[str, float]
    match: float | None = None
    forced_abstain: bool = False  # a rule, not the model, says the report does not answer
    # What a forced abstention says instead of "The report does not say." ("The report
    # gives no overall judgement ..."); None: the usual words.
    abstain_note: str | None = None
    # Whether question words the corpus never uses count against a structured draft: not
    # for a front-page field, which is named by the question's pattern, not its words.
    checks_terms: bool = True
    extra: dict[str, float] = field(default_factory=dict)

    @classmethod
    def abstaining(cls, kind: str, note: str | None = None) -> Draft:
        """A draft by which a rule says the report does not answer (with ``note`` saying
        why, where the usual words would mislead)."""
        return cls(
            kind,
            "",
            None,
            [],
            {},
            match=1.0,
            forced_abstain=True,
            abstain_note=note,
            checks_terms=False,
        )


class Strategy(Protocol):
    def draft(self, evidence: Evidence) -> Draft | None: ...


def which_report(kind: str, evidence: Evidence, documents: int) -> Draft | None:
    """An abstaining draft when a question about one report's own structure (its front
    page, its judgement table) names no report and several are indexed: the best-ranked
    passage's report would be a guess, perhaps another council's ("When did Ofsted inspect
    Soton?" before "Soton" was known). None when the question is routed or one report is
    indexed."""
    route = evidence.retrieval.route
    if documents <= 1 or (route is not None and route.docs):
        return None
    return Draft.abstaining(
        kind,
        f"The question names no council, and {documents} reports are indexed: name the "
        "council (or pick a report) to read its front page or judgement table.",
    )
