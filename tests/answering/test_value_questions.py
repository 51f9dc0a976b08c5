"""Questions that ask for a value (a count, a limit, a length of time) over the seed report
with the fake embedder: only a sentence that holds such a value, and scores close to the
best sentence, answers them."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "question",
    [
        # The seed report has frequencies ("on a fortnightly basis") and waits, but
        # says nothing about sabbaticals or youth council terms.
        "How long are the sabbaticals offered to social workers?",
        "How long do youth council members serve?",
        # It mentions caseloads, never a limit on them.
        "What caseload limit applies to newly qualified social workers?",
    ],
)
def test_a_value_the_report_does_not_give_is_not_answered(fake_service, question):
    answer = fake_service.ask(question)
    assert answer.abstained
    assert answer.evidence.get("no_typed_answer") == 1.0


def test_a_length_of_time_the_report_gives_still_answers(fake_service):
    answer = fake_service.ask("How long is the wait to see CAMHS?")
    assert not answer.abstained
    assert answer.answer_span is not None and "week" in answer.answer_span


def test_a_named_year_amount_or_body_the_answer_lacks_outvotes_any_confidence():
    from types import SimpleNamespace

    from qa.answering.answerer import ExtractiveAnswerer
    from qa.answering.strategies import Draft

    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.calibration = SimpleNamespace(threshold=0.59)
    sure = {"dense_top": 0.9, "sentence_cos": 0.9, "unmet_constraint": 0.0}
    draft = Draft(kind="number", answer="32 children.", span="32", citations=[], features=sure)
    assert not answerer._abstains(draft, confidence=0.97)
    unmet = Draft(**{**draft.__dict__, "features": {**sure, "unmet_constraint": 1.0}})
    assert answerer._abstains(unmet, confidence=0.97)


def test_a_year_question_is_not_answered_by_a_sentence_without_a_year(fake_service):
    # The seed report's youth council is described, never when it was set up.
    answer = fake_service.ask("In what year was the Lancashire youth council set up?")
    assert answer.abstained


def test_a_rate_of_something_else_is_no_answer(fake_service):
    # The seed report gives pathway plans' completion at 96%, never a pass rate.
    answer = fake_service.ask("What is the pass rate for care leavers' pathway plans?")
    assert answer.abstained
    assert answer.evidence.get("no_typed_answer") == 1.0
    rated = fake_service.ask("What is the completion rate of pathway plans for care leavers?")
    assert not rated.abstained and rated.answer_span == "96%"


@pytest.mark.parametrize(
    "question",
    [
        # The seed report (2012) dates past inspections and a law of 2004, never the next
        # inspection or a review to come.
        "When will Ofsted next inspect Lancashire?",
        "When is the next review of the fostering service due to take place?",
    ],
)
def test_a_time_to_come_is_not_answered_by_a_date_before_the_report(fake_service, question):
    answer = fake_service.ask(question)
    assert answer.abstained, answer.answer


def test_a_quote_that_only_restates_the_question_answers_no_wh_question():
    from qa.answering.question import classify
    from qa.answering.strategies.sentence import _adds_to

    quote = "The adoption service relies on paper records."
    asked = "Why does the adoption service still rely on paper records?"
    assert classify(asked).asks_wh and not _adds_to(asked, quote)
    # Whether it is so is answered by the same quote; a figure or a new word answers.
    assert not classify("Does the adoption service rely on paper records?").asks_wh
    assert classify("In 2015, which body led the review?").asks_wh
    assert _adds_to("How many children were missing from education?", "34 children were.")
    assert _adds_to(asked, "The adoption service relies on paper records from 1998.")


def test_a_quote_of_mostly_the_questions_own_words_restates_it():
    from qa.answering.strategies.sentence import _adds_to

    asked = (
        "Which social work practice model are Blackpool's leaders considering to take "
        "them to the next level of improvement?"
    )
    restated = (
        "Leaders are currently considering social work models that they believe will take "
        "them to the next level of improvement."
    )
    assert not _adds_to(asked, restated)  # two new words ("currently", "believe") of nine
    named = "Leaders are considering the Signs of Safety model, which other councils use."
    assert _adds_to(asked, named)


def test_a_value_comes_first_from_a_sentence_holding_the_numbers_the_question_states():
    from qa.answering.strategies.sentence import Candidate, _stating_numbers

    def typed(row: int, score: float, text: str) -> Candidate:
        return Candidate(row, 0, text, score, 0.5, 0.5, True, True, {})

    reviewed = typed(1, 0.72, "Of these plans, 96% are reviewed within timescales.")
    held = typed(2, 0.63, "In 2015, 97% were held within the timescale of 15 working days.")
    question = "What % of initial conferences were held within 15 working days?"
    assert _stating_numbers(question, [reviewed, held]) == [held, reviewed]
    # Already first, or no sentence states them, or the question states none (a year is
    # the year constraint's): the order stays.
    assert _stating_numbers(question, [held, reviewed]) == [held, reviewed]
    assert _stating_numbers("What % were held within 20 days?", [reviewed, held]) == [
        reviewed,
        held,
    ]
    assert _stating_numbers("What % were held on time in 2015?", [reviewed, held]) == [
        reviewed,
        held,
    ]
