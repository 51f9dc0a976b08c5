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


def test_a_rates_base_an_age_a_percentage_or_a_speaker_counts_nothing():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify, find_spans

    in_care = classify("How many children in care are there?").counted
    plans = classify("How many children are on child protection plans?").counted
    # A rate's base: "10,000" counts no children (the 225 of the next sentence does).
    rate = "The rate reduced to 34.2 per 10,000 children and young people."
    base = rate.index("10,000")
    assert count_fit(plans, rate, [(base, base + len("10,000"))]) == 0
    # Ages, however written.
    for age in (
        "The choice available for 16 to 18-year-old care leavers is improving.",
        "A small number of older (post-16) children are placed in unregulated settings.",
        "More children under the age of one come into care than elsewhere.",
        "Children aged 16 and 17 in care live in supported homes.",
        "Care leavers aged 19\u201321 in care are in education.",
        "Homeless 16- and 17-year-old children in care get a joint response.",
    ):
        assert count_fit(in_care, age) == 0, age
    # A quote's speaker is no count.
    assert count_fit(in_care, "One child in care said, 'My carer listens to me.'") == 0
    # A percentage's figure is no number at all, nor its whole part.
    for share in ("47.6% of care leavers", "47.6 per cent of children in care", "96% of them"):
        assert find_spans("number", share) == [], share
    # Counts still count.
    assert count_fit(in_care, "At 31 March 2015, 589 children in care were placed.") == 1.0
    assert find_spans("number", "4.5 hours and 1,088 children") == [(0, 3), (14, 19)]


def test_no_before_the_counted_words_is_a_count_of_none():
    from qa.answering.counts import count_fit, zero_counts, zero_phrase
    from qa.answering.question import classify

    def zero(question: str, text: str) -> list[str]:
        head = classify(question).counted
        return [text[a:b] for a, b in (zero_phrase(head, text, s) for s in zero_counts(head, text))]

    homes = "At the point of this inspection, no children were living in unregistered homes."
    assert zero("How many children were in unregistered homes?", homes) == ["no children"]
    assert count_fit(classify("How many children were in unregistered homes?").counted, homes) == 1
    excluded = "There are no looked after children placed out of area."
    assert zero("How many looked after children are placed out of area?", excluded) == [
        "no looked after children"
    ]
    assert zero("How many children are in care?", "There are no children in care here.") == [
        "no children in care"
    ]
    # "No" before something else counts nothing asked: not evidence, and not a midwife
    # whose title holds the counted words.
    assert (
        zero("How many children are in care?", "There is no evidence that children are harmed.")
        == []
    )
    midwife = "In areas where there was no dedicated teenage pregnancy midwife, care was uneven."
    assert zero("How many teenage pregnancies were there last year?", midwife) == []
    assert zero(
        "How many teenage pregnancies?", "There were no teenage pregnancies, which is rare."
    ) == ["no teenage pregnancies"]
    # Young people (or youngsters) asked about, counted as children: any kind of child
    # is what the reports count them as, at the lower fit of a general word.
    assert zero("How many young people were in unregistered homes?", homes) == ["no children"]
    young = classify("How many young people are in unregistered homes?").counted
    assert 0 < count_fit(young, "There are 45 children in unregistered homes.") < 1
    assert count_fit(young, "There are 45 young people in unregistered homes.") == 1
    # Not the other way round for a kind: care leavers are no count of children.
    leavers = classify("How many care leavers are in unregistered homes?").counted
    assert zero("How many care leavers are in unregistered homes?", homes) == []
    assert count_fit(leavers, "There are 45 children in unregistered homes.") == 0


def test_a_count_of_children_is_no_count_of_children_in_care_unless_it_says_so():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    in_care = classify("How many children were in care in Medway?").counted
    families = "Inspectors brought 74 children from 43 families to the council's attention."
    assert count_fit(in_care, families) == 0
    assert count_fit(in_care, "There were 412 children in care.") == 1
    assert count_fit(in_care, "The council looked after 412 children at the time.") > 0
    # "Care leavers" are a kind of young person, not a status the text must repeat.
    leavers = classify("How many care leavers were without a personal adviser?").counted
    assert count_fit(leavers, "At the time, 12 care leavers had no adviser.") == 1


def test_a_short_plural_counts_its_singular_and_a_joined_number_counts_too():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    # "days" and "day" are one noun; "eight-day" puts the noun right after the number;
    # a preposition after the counted noun is not part of it.
    days = classify("How many days into an enquiry do chairs check in?").counted
    assert days == (classify("How many days are there?").counted[0],)
    text = "Chairs have an eight-day check-in with workers."
    assert count_fit(days, text) == 1.0
    assert count_fit(days, "Chairs have a check-in with eight workers.") == 0


def test_a_compound_number_word_is_one_number():
    from qa.answering.question import find_spans

    text = "Twenty-one young people act as care ambassadors; eighty children moved."
    assert [text[s:e] for s, e in find_spans("number", text)] == ["Twenty-one", "eighty"]


def test_more_in_any_form_and_words_for_staff():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    extra = classify("How many extra early help workers were taken on?").counted
    assert extra == classify("How many early help workers were taken on?").counted
    said = "Leaders appointed 2 additional practitioners for families waiting for early help."
    assert count_fit(extra, said) > 0
    # Staff in other words count only where the sentence names the rest of what is asked.
    assert count_fit(extra, "Leaders appointed 2 additional practitioners.") == 0
    social = classify("How many social workers left?").counted
    assert count_fit(social, "The service employs 20 agency staff.") == 0


def test_people_counted_by_the_role_they_act_as():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    ambassadors = classify("how many care ambassadors has the council got").counted
    role = "Twenty-one young people who have experience of care act as care ambassadors."
    assert count_fit(ambassadors, role) > 0
    assert count_fit(ambassadors, "The council appointed 21 young people to act as mentors.") == 0
    # The role must be what the number's people do, not anything said later.
    later = "Twenty-one young people were seen. Others act as care ambassadors."
    assert count_fit(ambassadors, later) == 0


def test_children_who_went_missing_are_counted_only_where_missing_is_said():
    from qa.answering.counts import count_fit
    from qa.answering.question import classify

    missing = classify("How many children went missing from care last year?").counted
    assert count_fit(missing, "At 31 March, 1,131 children are being looked after.") == 0
    assert count_fit(missing, "In 2013, 45 children went missing from care.") > 0


def test_money_is_no_average_of_what_it_pays_for():
    from qa.answering.counts import averages
    from qa.answering.question import classify

    caseload = classify("What is the average caseload per social worker?").averaged
    assert not averages(caseload, "The council invested £1.4 million to reduce caseloads.")
    assert not averages(caseload, "It spent 2 million pounds, 3m in all, on lower caseloads.")
    assert averages(caseload, "Caseloads average 18 children per social worker.")
