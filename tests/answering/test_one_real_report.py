"""Answering rules checked on one real report each (real PDF, fake embedder)."""

from __future__ import annotations

import pytest

from qa.pipeline import QAService
from tests.fakes import REPORTS, fake_index

BIRMINGHAM = REPORTS / "birmingham-23-may-2014.pdf"
SALFORD = REPORTS / "salford-22-june-2015.pdf"

pytestmark = pytest.mark.skipif(
    not (BIRMINGHAM.exists() and SALFORD.exists()), reason="real reports not present"
)


def _service(tmp_path_factory, pdf) -> QAService:
    settings, fake = fake_index(tmp_path_factory.mktemp(pdf.stem), [pdf])
    return QAService.load(settings, embedder=fake)


@pytest.fixture(scope="module")
def birmingham(tmp_path_factory):
    return _service(tmp_path_factory, BIRMINGHAM)


@pytest.fixture(scope="module")
def salford(tmp_path_factory):
    return _service(tmp_path_factory, SALFORD)


def test_a_person_named_in_a_sentence_that_opens_a_list_answers(birmingham):
    # ¶105: "The Parliamentary Under Secretary of State for Children and Families, Edward
    # Timpson, wrote to the Leader of the Council with four key instructions:"
    answer = birmingham.ask("Which minister wrote to the Leader of Birmingham council?")
    assert not answer.abstained, answer.answer
    assert answer.answer_span == "Edward Timpson"
    assert answer.citations[0].paragraph == 105


def test_a_count_of_something_the_best_sentence_does_not_count_is_no_answer(salford):
    # Salford 2015 speaks of alternative provision but counts none in it; the count of
    # the children who live in Salford ("Approximately 52,269 children ...") is no answer.
    answer = salford.ask(
        "How many children in Salford are in alternative provision arranged through their schools?"
    )
    assert answer.abstained, answer.answer
    assert answer.evidence.get("no_typed_answer") == 1.0


def test_a_count_the_report_gives_is_still_answered(salford):
    answer = salford.ask("How many children lived in a privately arranged fostering placement?")
    assert not answer.abstained, answer.answer
    assert answer.answer_span == "15"
