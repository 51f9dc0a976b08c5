"""The runner-up sentence (qa.answering.strategies.sentence): quoted and cited beside the
best when the ranking cannot tell them apart, never when it only restates the best."""

from __future__ import annotations

from qa.answering.strategies.sentence import Candidate, _restates, _runner_up


def _candidate(row: int, score: float, text: str) -> Candidate:
    return Candidate(row, 0, text, score, 0.5, 0.5, False, False, {})


BEST = _candidate(1, 1.0, "Care leavers are supported well by personal advisers.")


def test_the_runner_up_within_the_margin_is_taken_and_one_below_is_not():
    close = _candidate(2, 0.95, "A dedicated broker helps them into training and work.")
    far = _candidate(3, 0.5, "The virtual school tracks attendance closely.")
    assert _runner_up([BEST, close, far], BEST, 0.9) is close
    assert _runner_up([BEST, far], BEST, 0.9) is None
    assert _runner_up([BEST, close], BEST, 2.0) is None  # a margin above 1 switches it off
    assert _runner_up([BEST], BEST, 0.9) is None


def test_a_restatement_or_a_list_heading_is_passed_over_for_the_next_close_sentence():
    again = _candidate(2, 0.99, "Care leavers are well supported by their personal advisers.")
    heading = _candidate(3, 0.98, "Care leavers told inspectors:")
    other = _candidate(4, 0.92, "A dedicated broker helps them into training and work.")
    assert _restates(again.text, BEST.text)
    assert not _restates(other.text, BEST.text)
    assert _runner_up([BEST, again, heading, other], BEST, 0.9) is other
    assert _runner_up([BEST, again, heading], BEST, 0.9) is None


QUESTIONS = (
    "How many maintained schools are there in Lancashire?",
    "Which hospital has insufficient named nurse capacity?",
    "How long do children have to wait to be seen by CAMHS?",
    "Does the electronic case recording system work well for staff?",
    "What money do young people get when they leave care?",
    "Who leads the Lancashire Safeguarding Children Board?",
)


def _assert_quoted_and_cited(service, answer):
    for cited in answer.citations:
        unit = service.index.units[service.index.unit_rows[(cited.doc, cited.unit)]]
        assert unit.text[cited.char_start : cited.char_end] == cited.quote
        assert cited.quote in answer.answer


def test_two_sentence_answers_quote_and_cite_both_and_switch_off(fake_service):
    strategy = fake_service.answerer.sentences
    two = []
    for question in QUESTIONS:
        answer = fake_service.ask(question)
        if answer.abstained:
            continue
        _assert_quoted_and_cited(fake_service, answer)
        if answer.evidence.get("second_sentence"):
            two.append((question, answer))
    assert two, "no question of the set quoted a runner-up sentence"
    index = fake_service.index
    for _, answer in two:
        quotes = [c.quote for c in answer.citations]
        if len(quotes) == 2:  # two quotes, each on its own line
            assert answer.answer == "\n".join(quotes)
        else:  # two neighbouring sentences of one paragraph, quoted as one
            (cited,) = answer.citations
            rows = index.sentences_of(index.unit_rows[(cited.doc, cited.unit)])
            inside = [
                r
                for r in rows
                if cited.char_start <= index.sentence_spans[r][0]
                and index.sentence_spans[r][1] <= cited.char_end
            ]
            assert answer.answer == cited.quote and len(inside) == 2
    saved = strategy.second_sentence
    try:
        strategy.second_sentence = 2.0
        for question, before in two:
            single = fake_service.ask(question)
            assert "second_sentence" not in single.evidence
            assert len(single.answer) < len(before.answer)
            assert single.answer in before.answer  # the best sentence stays, first or second
    finally:
        strategy.second_sentence = saved


def test_a_close_sentence_whose_number_counts_what_was_asked_answers_first():
    from dataclasses import replace

    from qa.answering.strategies.sentence import _fitting_count_first

    age = replace(_candidate(1, 1.0, "They use the hubs beyond the age of 25."), typed=True)
    hubs = replace(_candidate(2, 0.9, "Two hubs support young adults."), type_match=True)
    far = replace(hubs, row=3, score=0.5)
    assert _fitting_count_first([age, hubs]) == [hubs, age]
    assert _fitting_count_first([age, far]) == [age, far]  # not close: the ranking stands
    assert _fitting_count_first([hubs, age]) == [hubs, age]


def test_a_value_asked_as_it_stands_comes_from_a_sentence_that_says_so():
    from qa.answering.question import classify
    from qa.answering.strategies.sentence import _current_first

    question = "What's the current average length of care proceedings in Newham?"
    assert classify(question).kind == "duration" and classify(question).asks_length
    past = _candidate(1, 1.0, "It has reduced from 67 weeks to 44 weeks over 2013-14.")
    now = _candidate(2, 0.95, "The most recent data show a current average of 39 weeks.")
    far = _candidate(3, 0.5, "The current target is 26 weeks.")
    assert _current_first(question, [past, now]) == [now, past]
    assert _current_first(question, [past, far]) == [past, far]  # not close: ranking stands
    assert _current_first("What was the average length?", [past, now]) == [past, now]
