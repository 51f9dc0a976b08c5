"""A sentence that introduces a list can hold the value asked for (real PDF, fake embedder)."""

from __future__ import annotations

import pytest

from qa.pipeline import QAService
from tests.fakes import REPORTS, fake_index

BIRMINGHAM = REPORTS / "birmingham-23-may-2014.pdf"

pytestmark = pytest.mark.skipif(not BIRMINGHAM.exists(), reason="real reports not present")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    settings, fake = fake_index(tmp_path_factory.mktemp("opener"), [BIRMINGHAM])
    return QAService.load(settings, embedder=fake)


def test_a_person_named_in_a_sentence_that_opens_a_list_answers(service):
    # ¶105: "The Parliamentary Under Secretary of State for Children and Families, Edward
    # Timpson, wrote to the Leader of the Council with four key instructions:"
    answer = service.ask("Which minister wrote to the Leader of Birmingham council?")
    assert not answer.abstained, answer.answer
    assert answer.answer_span == "Edward Timpson"
    assert answer.citations[0].paragraph == 105
