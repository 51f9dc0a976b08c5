"""Rules that pick the sentence a why- or who-question is answered from, on a small report
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
police. Managers are aware of this.

Testshire is a priority area for the Prevent duty and has a full-time Prevent duty \
coordinator.

Jane Smith is the name of the coordinator of the family hub.
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
