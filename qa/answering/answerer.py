"""Extractive answering: from ranked passages to the sentence(s) that answer, or "not said".

One verb: :meth:`ExtractiveAnswerer.answer`. Nothing is re-encoded here: sentence vectors
were computed at build time and the query vector comes with the retrieval.

The strategies (one module each under :mod:`qa.answering.strategies`) draft answers:

- ``definition`` questions quote where the corpus defines the acronym;
- ``grade`` questions are answered from the parsed structure (heading grades and the
  findings table);
- every other question gets the best sentence of the top passages (``sentence``), and a
  ``list`` question then the items of the best-matching list.

Every draft's ``confidence`` is the calibrated probability
(:mod:`qa.answering.calibration`) of its own answer sentence's evidence. Sentence answers
below the threshold become "The report does not say", with the closest passages offered.
Grade and definition answers matched the report's structure instead (reported as
``evidence["structure_match"]``); they give way when the evidence shows the question is
about something the corpus does not hold (see :meth:`ExtractiveAnswerer._abstains`).
"""

from __future__ import annotations

from dataclasses import replace

from qa.answer import LIMITED, NOT_ANSWERED, Answer, PassageOut
from qa.answering.calibration import Calibration
from qa.answering.citing import cited_first, passage_out
from qa.answering.names import genre_names
from qa.answering.question import CAUSAL, Question, limit_of
from qa.answering.strategies import Draft, Evidence, Strategy
from qa.answering.strategies.crossreport import (
    CrossReportStrategy,
    asks_areas_by_grade,
    is_cross_report,
)
from qa.answering.strategies.definition import DefinitionStrategy
from qa.answering.strategies.frontmatter import FrontMatterStrategy, field_asked
from qa.answering.strategies.grade import GradeStrategy
from qa.answering.strategies.lists import ListStrategy, ReportListStrategy
from qa.answering.strategies.sentence import SentenceStrategy
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.retrieval.retriever import Retrieval
from qa.retrieval.routing import REPORTED_LATER, ReportRef
from qa.text.terms import stems

# A structured answer is withheld when at least this idf-weighted share of the question's
# terms occurs nowhere in the corpus ("What grade did Cumbria get?" over Lancashire): a
# majority rule, not fitted; `qa eval` shows it changes no gold answer.
STRUCTURE_UNSEEN_LIMIT = 0.5
# Words that ask for Ofsted's judgement without naming a grade: never an unknown word.
_ASKING_WORDS = ("verdict", "verdicts", "opinion", "opinions")
# Words by which a paragraph states a cause; a "why" question is answered by a quote only
# from such a paragraph (qa.answering.question.limit_of, "reason").
_CAUSAL = CAUSAL


class ExtractiveAnswerer:
    def __init__(
        self,
        index: SearchIndex,
        calibration: Calibration,
        reports: list[ReportRef] | None = None,
        translated: set[str] | frozenset[str] = frozenset(),
    ):
        self.index = index
        self.calibration = calibration
        idf = index.lexical.idf()
        self.weights = TermWeights(idf)
        # Question words the retriever reads in the reports' own wording ("kids" ->
        # children, "temps" -> agency staff): where the reports never print them they
        # are no unknown word of the question, and the report's wording, added by the
        # expansion, stands for them in coverage.
        # Likewise the words that ask for Ofsted's judgement without naming a grade
        # ("verdict"): reports never print them, and they say what is asked, not about what.
        asking = " ".join(sorted({*translated, *_ASKING_WORDS}))
        self.translated = frozenset(t for t in stems([asking])[0] if t not in idf)
        # Names every report uses ("Ofsted") are never asked of an answer's paragraph, nor
        # the councils the corpus has reports for: a council a question names is routing's
        # business ("... both Enfield in 2024 and Haringey in 2026?").
        common = genre_names(index.units)
        self.genre = common | {
            word.lower() for report in reports or [] for word in report.council.split()
        }
        # Questions across reports read the judgement tables of every report; ``reports``
        # says which council and year each one is (qa.retrieval.routing).
        self.across = CrossReportStrategy(index, self.weights, reports or [])
        self.front = FrontMatterStrategy(index, self.weights, reports or [])
        self.report_lists = ReportListStrategy(index, self.weights)
        # Structured strategies first, each only for its own question kind; they hand
        # over to the sentence strategy when the structure has nothing to say.
        self.grades = GradeStrategy(index, self.weights)
        self.structured: dict[str, Strategy] = {
            "definition": DefinitionStrategy(index, self.weights),
            "grade": self.grades,
        }
        self.sentences = SentenceStrategy(index, self.weights, common_words=common)
        self.lists = ListStrategy()

    def answer(self, question: Question, retrieval: Retrieval) -> Answer:
        passages = [passage_out(p) for p in retrieval.passages]
        # A summary or comparison is never one quote: unless the judgement tables answer
        # it (a comparison across reports), the answer says what the tool can do. A reason
        # may be quoted ("... because ..."), so it is only said so where nothing answers.
        limit = limit_of(question.text)
        if not retrieval.passages and not _asks_across(question, retrieval):
            return _abstain(question, passages, 0.0, limit)
        given = self.genre
        route = retrieval.route
        if route is not None and route.council and route.docs:
            # The routed councils' names, official and as written ("NE Lincs"), are the
            # route's business: their words are no unknown name in the question.
            given = given | route.name_words()
        terms = [t for t in self.weights.terms(retrieval.expanded) if t not in self.translated]
        evidence = Evidence(question, retrieval, terms, passages, given)
        draft = self._structured(question, evidence, retrieval)
        if draft is not None and draft.features.get("unmet_constraint", 0.0) > 0:
            # The structure names no year, body or place the question asks about ("Has
            # Bristol improved since 2014?" over a table of 2018 alone): a paragraph
            # that does may answer ("Since the SIF inspection in 2014 ... improved").
            said = self.sentences.draft(evidence)
            if said is not None and not said.features.get("unmet_constraint", 0.0):
                draft = said
        if draft is None and limit in ("summary", "comparison"):
            return _abstain(question, passages, 0.0, limit)
        if draft is None:
            draft = self.sentences.draft(evidence)
        if draft is None:
            return _abstain(question, passages, 0.0, limit)
        confidence = self._probability(draft)
        features = dict(draft.features)
        if draft.match is not None:
            features["structure_match"] = round(draft.match, 4)
        if draft.forced_abstain:
            features["no_typed_answer"] = 1.0  # decided by a rule, not the model
        if self._abstains(draft, confidence):
            abstained = _abstain(question, passages, confidence, limit)
            if draft.forced_abstain and draft.abstain_note:
                abstained = replace(abstained, answer=draft.abstain_note)
            return replace(abstained, evidence=features)
        if _council_unnamed(route, draft, self.index):
            # A council with no report of its own, only mentioned in others: an answer
            # must come from a paragraph that names it, never from another council's text.
            return replace(_abstain(question, passages, confidence, limit), evidence=features)
        if limit == "reason" and not self._gives_reason(draft):
            # "Why was X only adequate?" answered by "X: Adequate" restates, not explains.
            return replace(_abstain(question, passages, confidence, limit), evidence=features)
        if question.kind == "list" and draft.kind == "list":
            listed = self.lists.draft(evidence)
            if listed is not None:
                draft = listed
        passages = cited_first(draft.citations, passages, self.index)
        return _answer(question, draft, confidence, passages, features)

    def _structured(
        self, question: Question, evidence: Evidence, retrieval: Retrieval
    ) -> Draft | None:
        """A draft read from the reports' structure (judgement tables, front pages, their
        own lists, headings), or None for the sentence strategy to answer."""
        route = retrieval.route
        if route is not None and route.council and not route.docs:
            # The question names a council that has no report here (only mentioned in
            # others): another council's table, front page or list is never its answer.
            return None
        if route is not None and route.reason == REPORTED_LATER:
            # The report answers for an earlier inspection; its own table and front page
            # are not that inspection's: only a paragraph about it may answer.
            return None
        over_time = route is not None and route.reason == "over time"
        draft = None
        if route is None or not route.docs:
            draft = self.front.inspected_by(evidence)
        # "What grade did Wigan and Bolton get for care leavers?": one line per report,
        # read from each routed report's judgement table, as across reports.
        several = route is not None and len(route.named()) > 1 and question.kind == "grade"
        if draft is None and (several or is_cross_report(question.text, over_time)):
            draft = self.across.draft(evidence)
        if draft is None:
            draft = self.across.table(evidence)
        if draft is None and asks_areas_by_grade(question.text):
            draft = self.across.areas(evidence)
        if draft is None and field_asked(question.text) is not None:
            draft = self.front.draft(evidence)
        if draft is None:
            draft = self.report_lists.draft(evidence)
        if draft is None:
            draft = self.report_lists.strengths(evidence)
        structured = self.structured.get(question.kind)
        if draft is None and structured is not None:
            draft = structured.draft(evidence)
        if draft is None and question.kind != "grade":
            # "What did Ofsted rate Bury?" reads as a fact question, but asks a grade.
            draft = self.grades.councils_grade(evidence)
        if draft is None and question.kind != "grade":
            # "How good is Stockport at adoption according to Ofsted?": a judgement area
            # and Ofsted's view of it, asked in evaluative words.
            draft = self.grades.judged_in_other_words(evidence)
        return draft

    def _abstains(self, draft: Draft, confidence: float) -> bool:
        if draft.forced_abstain:
            return True
        features = draft.features
        if features.get("unmet_constraint", 0.0) > 0:
            # The question names what the answer's text does not hold: a year, an amount,
            # or a place, body or person absent from its paragraph and front page. A
            # rule, not only a model input: the model's weight on it (fitted on few such
            # questions) let a close topic outvote it (real dev unanswerable +2, no
            # answer lost on the four splits; eval/README.md).
            return True
        if draft.match is None:
            return confidence < self.calibration.threshold
        # A structured answer (grade, definition) matched the question to the report's
        # structure; the calibrated model, fitted on sentence answers, does not judge it.
        # It still gives way when the question is mostly words the corpus never uses.
        return draft.checks_terms and features.get("unseen_terms", 0.0) >= STRUCTURE_UNSEEN_LIMIT

    def _gives_reason(self, draft: Draft) -> bool:
        """Whether a cited paragraph states a cause ("because", "a contributing factor",
        "as a result of"): only then does a quote answer a "why" question."""
        for cited in draft.citations:
            row = self.index.unit_rows.get((cited.doc, cited.unit))
            if row is not None and _CAUSAL.search(self.index.units[row].text):
                return True
        return False

    def _probability(self, draft: Draft) -> float:
        if not draft.features:
            return 0.0  # no sentence to judge: never answered on structure alone
        return self.calibration.probability(draft.features)


def _council_unnamed(route, draft: Draft, index: SearchIndex) -> bool:
    """Whether the question names a council that has no report (the corpus only mentions
    it) and no paragraph the draft cites names it."""
    if route is None or not route.council or route.docs or route.missing:
        return False
    name = route.council.lower()
    for cited in draft.citations:
        row = index.unit_rows.get((cited.doc, cited.unit))
        if row is not None and name in index.units[row].text.lower():
            return False
    return True


def _asks_across(question: Question, retrieval: Retrieval) -> bool:
    route = retrieval.route
    if route is not None and route.missing:
        return False
    return is_cross_report(question.text, route is not None and route.reason == "over time")


def _answer(
    question: Question,
    draft: Draft,
    confidence: float,
    passages: list[PassageOut],
    features: dict[str, float],
) -> Answer:
    return Answer(
        question=question.text,
        answer=draft.answer,
        answer_span=draft.span,
        abstained=False,
        confidence=round(confidence, 4),
        citations=draft.citations,
        passages=passages,
        kind=draft.kind,
        evidence=features,
    )


def _abstain(
    question: Question, passages: list[PassageOut], confidence: float, limit: str | None = None
) -> Answer:
    return Answer(
        question=question.text,
        answer=LIMITED if limit else NOT_ANSWERED,
        answer_span=None,
        abstained=True,
        confidence=round(1.0 - confidence, 4),
        citations=[],
        passages=passages,
        kind=question.kind,
        limit=limit,
    )
