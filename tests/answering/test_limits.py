"""What the answerer says when a question asks for more than a quote (a summary, a
comparison, a reason), and "which areas were judged X" read from the judgement table."""

from __future__ import annotations

import pytest

from qa.answer import LIMITED, NOT_ANSWERED
from qa.answering.question import limit_of


@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("Summarise the report", "summary"),
        ("Please summarize the findings for Barnet", "summary"),
        ("Can you give me an overview of adoption services?", "summary"),
        ("What are the main weaknesses?", "summary"),
        ("What were the key strengths in leadership?", "summary"),
        ("Compare the two inspections", "comparison"),
        ("What is the difference between the 2012 and 2016 reports?", "comparison"),
        ("How does Lancashire compare with its neighbours?", "comparison"),
        ("Why was being healthy only adequate?", "reason"),
        ("Explain the judgement on staying safe", "reason"),
        ("What was the reason for the delay?", "reason"),
        # Questions for a fact are not limited, whatever their topic.
        ("Who was the lead inspector?", None),
        ("How many children were looked after?", None),
        ("What grade was given for being healthy?", None),
        ("What is the summary judgement table?", None),
    ],
)
def test_limit_is_told_from_the_question_form(question, limit):
    assert limit_of(question) == limit


@pytest.mark.parametrize(
    ("question", "limit"),
    [
        ("Summarise the report", "summary"),
        ("What are the main weaknesses?", "summary"),
        ("Compare safeguarding and looked after children services", "comparison"),
    ],
)
def test_summary_and_comparison_say_the_limit_and_offer_paragraphs(fake_service, question, limit):
    answer = fake_service.ask(question)
    assert answer.limit == limit
    assert answer.answer == LIMITED != NOT_ANSWERED
    assert answer.abstained and answer.citations == []
    assert len(answer.passages) >= 3  # the most relevant paragraphs, to read
    assert answer.to_json()["limit"] == limit


def test_a_fact_question_has_no_limit(fake_service):
    answer = fake_service.ask("Who was the lead inspector?")
    assert answer.limit is None and answer.to_json()["limit"] is None


def test_which_areas_were_judged_a_grade_reads_the_judgement_table(fake_service):
    answer = fake_service.ask("Which areas were judged adequate?")
    assert not answer.abstained
    lines = answer.answer.split("\n")
    assert "Services for looked after children: Being healthy: Adequate" in lines
    assert all(line.endswith(": Adequate") for line in lines)
    # Every line is cited to the judgement table's own line.
    assert len(answer.citations) == len(lines)
    for citation in answer.citations:
        assert citation.unit == "findings" and citation.quote.endswith("Adequate")
    good = fake_service.ask("Which areas were judged good?").answer.split("\n")
    assert good and all(line.endswith(": Good") for line in good)


def test_a_why_question_is_answered_only_by_a_paragraph_that_gives_a_cause(fake_service):
    from qa.answering.answerer import _CAUSAL

    # The judgement table says what the grade was, never why: it is never the answer;
    # the limit is said instead, unless a paragraph that states a cause answers (which
    # paragraphs the fake embedder ranks first depends on the fusion weight).
    answer = fake_service.ask("Why was being healthy judged adequate?")
    assert answer.passages and not answer.answer.startswith("Grade ")
    if answer.abstained:
        assert answer.limit == "reason" and answer.answer == LIMITED
    else:
        units = fake_service.index.units
        cited = [units[fake_service.index.unit_rows[(c.doc, c.unit)]] for c in answer.citations]
        assert all(unit.kind == "paragraph" for unit in cited)
        assert any(_CAUSAL.search(unit.text) for unit in cited)
    # The fake embedder ranks paragraphs arbitrarily: where a why-question is answered, a
    # cited paragraph states a cause ("... is variable across the county leading to
    # inequitable access to service").
    for question in ("Why was being healthy only adequate?", "Why was staying safe only good?"):
        answer = fake_service.ask(question)
        if not answer.abstained:
            units = fake_service.index.units
            cited = [units[fake_service.index.unit_rows[(c.doc, c.unit)]] for c in answer.citations]
            assert any(_CAUSAL.search(unit.text) for unit in cited)


def test_causal_words_are_recognised():
    from qa.answering.answerer import _CAUSAL

    assert _CAUSAL.search("This is a contributing factor to the high rate of children in care.")
    assert _CAUSAL.search("Delays were due to staff turnover.")
    # A consequence stated is a cause stated: "X means that Y", "This is leading to Y".
    assert _CAUSAL.search("High caseloads mean that some children do not receive help.")
    assert _CAUSAL.search("This is leading to delays in children's needs being identified.")
    # ... also without "that": "Caseloads are too high. This means they are unable ...".
    assert _CAUSAL.search("This means they are unable to spend enough time with children.")
    assert not _CAUSAL.search("The service means a great deal to the young people.")
    assert _CAUSAL.search("This was due in part to a large majority of the cohort having SEN.")
    assert not _CAUSAL.search("Caseloads are manageable and supervision is regular.")
    assert not _CAUSAL.search("Being healthy: Adequate")
    # an effect stated on whom: "X has a significant negative impact for Y"
    assert _CAUSAL.search("A lack of housing options has a significant negative impact for them.")
    assert not _CAUSAL.search("The impact of leaders on social work practice is good.")
    # what gets in the way of something is its cause too
    assert _CAUSAL.search("However, the high turnover of staff can hinder relationships.")
    assert _CAUSAL.search("Poor recording undermines the quality of plans.")
    assert not _CAUSAL.search("Children are supported to overcome barriers.")
