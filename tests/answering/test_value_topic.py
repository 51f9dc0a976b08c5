"""A value from a sentence about something else is no answer (real PDF, fake embedder)."""

from __future__ import annotations

import pytest

from qa.pipeline import QAService
from tests.fakes import REPORTS, fake_index

SALFORD = REPORTS / "salford-22-june-2015.pdf"

pytestmark = pytest.mark.skipif(not SALFORD.exists(), reason="real reports not present")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    settings, fake = fake_index(tmp_path_factory.mktemp("topic"), [SALFORD])
    return QAService.load(settings, embedder=fake)


def test_a_count_of_something_the_best_sentence_does_not_count_is_no_answer(service):
    # Salford 2015 speaks of alternative provision but counts none in it; the count of
    # the children who live in Salford ("Approximately 52,269 children ...") is no answer.
    answer = service.ask(
        "How many children in Salford are in alternative provision arranged through their schools?"
    )
    assert answer.abstained, answer.answer
    assert answer.evidence.get("no_typed_answer") == 1.0


def test_a_count_the_report_gives_is_still_answered(service):
    answer = service.ask("How many children lived in a privately arranged fostering placement?")
    assert not answer.abstained, answer.answer
    assert answer.answer_span == "15"
