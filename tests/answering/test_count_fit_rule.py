"""Count questions: only a number that counts what was asked answers "how many X"."""

from __future__ import annotations

from qa.text.terms import prefix_stem


def test_everyday_words_are_counted_in_the_reports_words(fake_service):
    question = fake_service.classify("how many kids were placed for adoption")
    assert question.counted == (prefix_stem("children"),)


def test_a_count_of_something_else_is_no_answer(fake_service):
    # The seed report counts children, schools and foster households, never swimming pools.
    answer = fake_service.ask("How many swimming pools does the council run for children?")
    assert answer.abstained
    assert answer.evidence.get("no_typed_answer") == 1.0


def test_a_count_of_the_thing_asked_still_answers(fake_service):
    answer = fake_service.ask("How many maintained schools are there in Lancashire?")
    assert not answer.abstained and answer.answer_span == "634"
    assert "no_typed_answer" not in answer.evidence


def test_young_people_count_any_kind_of_young_person_but_less_than_its_own_name():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    leavers = classify("How many care leavers over 21 were without a PA?").counted
    text = "At the time of this inspection, there were over 200 young people in this category."
    assert 0 < count_fit(leavers, text) < count_fit(leavers, "There were 200 care leavers.")
    # People count people: not social workers' caseloads, nor anything in a year.
    workers = classify("How many social workers left?").counted
    assert count_fit(workers, text) == 0
    assert count_fit(leavers, "In 2015 people moved on.") == 0
    # "One young person said ..." introduces a quote: a person is not people.
    assert count_fit(leavers, "One young person said about her PA, 'I cannot fault her!'") == 0
