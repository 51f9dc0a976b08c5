"""Rules that pick the sentence a question is answered from (why, who, a year named, a
list spelled out in the next sentence), on a small report
written for the purpose (a Markdown file: the generic parser), a real index on disk and
the fake embedder."""

from __future__ import annotations

import pytest

from qa.pipeline import QAService
from tests.fakes import fake_index

REPORT = """# Help and protection

There is no central process for tracking pre-proceedings work. As a result, delays in key \
processes are not identified before drift occurs. Consequently, a very small minority of \
children are left in unsuitable situations for too long.

The police unit lacks the capacity to join strategy discussions. In a few cases this \
resulted in social workers visiting children at risk without any discussion with the \
police. Managers are aware of this. Interpreters help families who speak other languages.

Testshire is a priority area for the Prevent duty and has a full-time Prevent duty \
coordinator.

Jane Smith is the name of the coordinator of the family hub.

Ofsted last inspected services for children in care in October 2011, and made \
recommendations.

Ofsted last inspected arrangements to protect children in February 2013, when \
recommendations were made to improve services. These included actions to improve \
supervision and quality assurance.

# Care leavers

The out of hours service for care leavers, shared with another council, is responsive.

Testshire has developed an innovative mobile phone application (app) for children in care.

Staff visit children often. A new phone app, Mind of my Own, was recently bought for them.

The offer for Testshire care leavers is translated.

Pathway plans for Testshire young people are long and cover every area of their lives.

Staff write them with care. Most plans are perceived by young people to be boring.

Young people helped to write it. The offer for Testshire care leavers is available in 15 \
different languages.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    root = tmp_path_factory.mktemp("why")
    source = root / "testshire-01-may-2020.md"
    source.write_text(REPORT)
    settings, fake = fake_index(root / "built", [source])
    return QAService.load(settings, embedder=fake)


def test_a_why_answer_follows_a_chain_of_consequences_back_to_its_cause(service):
    # "X. As a result, Y. Consequently, Z.": asked why Z, the cause is X.
    answer = service.ask(
        "Why are a very small minority of children left in unsuitable situations for too long?"
    )
    assert not answer.abstained
    assert answer.answer.startswith("There is no central process for tracking")


def test_a_why_answer_whose_sentence_says_this_resulted_in_quotes_the_sentence_before(service):
    answer = service.ask(
        "Why were social workers visiting children at risk without any discussion with the police?"
    )
    assert not answer.abstained
    assert "lacks the capacity to join strategy discussions" in answer.answer


def test_the_name_of_a_post_holder_is_not_read_from_a_sentence_about_something_else(service):
    # The report names the Prevent coordinator's post but no one who holds it. "name" is
    # what is asked for, not the question's rarest word of its topic ("duty" is): a close
    # sentence that names someone else's name (the family hub's coordinator) does not
    # answer.
    answer = service.ask("What's the name of Testshire's Prevent duty coordinator?")
    assert answer.abstained
    assert "Jane Smith" not in answer.answer


def test_a_close_sentence_that_says_the_year_asked_answers_before_one_that_does_not(service):
    # The 2011 sentence holds more of the question's words; the 2013 one says the year
    # asked and scores close to it. The next sentence spells out the recommendations
    # ("These included ..."), so it is quoted too.
    question = (
        "What recommendations did Ofsted make to improve services for children in care at"
        " the 2013 inspection?"
    )
    answer = service.ask(question)
    assert not answer.abstained
    assert "February 2013" in answer.answer and "2011" not in answer.answer
    assert "These included actions to improve supervision" in answer.answer


def test_a_which_question_over_a_body_the_report_does_not_name_abstains_and_says_so(service):
    answer = service.ask("Which council does Testshire share its out of hours service with?")
    assert answer.abstained
    assert "another council" in answer.answer and "does not say which" in answer.answer


def test_a_close_sentence_that_gives_the_count_answers_though_the_best_gives_none(service):
    # The best sentence holds the question's rarest word ("translated") and no number;
    # another, in the next paragraph, scores almost as well and counts the languages.
    answer = service.ask("How many languages is the Testshire care leavers offer translated into?")
    assert not answer.abstained
    assert "available in 15 different languages" in answer.answer


def test_a_question_about_what_people_think_takes_a_close_sentence_reporting_their_view(
    service,
):
    answer = service.ask("What do Testshire young people think of their pathway plans?")
    assert not answer.abstained
    assert "perceived by young people to be boring" in answer.answer


def test_a_which_question_takes_a_close_sentence_that_names_what_the_best_does_not(service):
    # The best sentence speaks of "an innovative mobile phone application (app)"; a close
    # one names it.
    answer = service.ask("Which phone app did Testshire bring in for children in care?")
    assert not answer.abstained
    assert "Mind of my Own" in answer.answer
