"""Names a question gives must be in the answer's paragraph or front page
(qa.answering.names): exact outputs on tiny inputs."""

from __future__ import annotations

from qa.answering.names import genre_names, question_names, unmet_names
from qa.models import Unit

LOWER = frozenset({"children", "services", "what", "grade", "care"})


def test_names_are_capitalised_non_initial_words_the_corpus_never_writes_lower_case():
    assert question_names("What did Cumbria's Children Services get?", LOWER) == ["cumbria"]
    assert question_names("What grade did LSCB get?", LOWER) == []  # an acronym
    assert question_names("what grade did cumbria get", LOWER) == []  # typed lower case
    # The council by its building is the council, not a name the paragraph must print.
    assert question_names("Who does County Hall work with?", LOWER) == []
    assert question_names("Is the Civic Centre in Wigan open?", LOWER) == ["wigan"]
    assert question_names("Did Hall Green get a new team?", LOWER) == ["hall", "green"]
    # a month or day, short or long, is a date's word (the report prints "February")
    asked = "When was the Wigan inspection that was published in Feb 2016?"
    assert question_names(asked, LOWER) == ["wigan"]
    assert question_names("What happened in Wigan on Monday?", LOWER) == ["wigan"]
    # a name joined to a lower-case word is the name alone
    assert question_names("Which Wigan-based charity helps?", LOWER) == ["wigan"]
    assert not unmet_names(["stoke"], frozenset(), "Stoke-on-Trent's plans are good.")


def test_a_name_must_be_in_the_paragraph_front_page_or_given():
    names = ["cumbria"]
    assert unmet_names(names, frozenset(), "Lancashire's services are good.", "Lancashire")
    assert not unmet_names(names, frozenset(), "Cumbria's services are good.", "")
    assert not unmet_names(names, frozenset(), "x", "Inspection of Cumbria")
    assert not unmet_names(names, frozenset({"cumbria"}), "x", "y")
    assert not unmet_names([], frozenset(), "x", "y")


def _unit(doc: str, text: str) -> Unit:
    return Unit(doc=doc, unit="p1", kind="paragraph", paragraph=1, text=text)


def test_genre_names_are_used_by_half_the_reports():
    units = [_unit("a", "Ofsted Leeds"), _unit("b", "Ofsted York"), _unit("c", "Wigan")]
    assert genre_names(units) == frozenset({"ofsted"})


def test_a_name_that_opens_a_sentence_is_a_name(fake_service):
    # "Families Focus is an effective edge of care service ...": two capitalised words at
    # the start, the second not a sentence's capital, name the service; an opener such as
    # "The" is a sentence's capital.
    sentences = fake_service.answerer.sentences
    text = "Families Focus is an effective edge of care service."
    assert sentences._is_a_proper_name(text, 0, len("Families Focus"))
    council = "The Council has improved its services."
    assert not sentences._is_a_proper_name(council, 0, len("The Council"))
