"""Retrieval, answering and context packing through QAService, with the fake embedder."""

from __future__ import annotations

import pytest

from qa.pipeline import BadQuestion


def test_every_citation_is_the_slice_its_offsets_name(fake_service):
    for question in (
        "How many looked after children were there?",
        "What grade did the council get for being healthy?",
        "What are the areas for improvement?",
        "What does LADO stand for?",
    ):
        answer = fake_service.ask(question)
        for citation in answer.citations:
            unit = next(
                u for u in fake_service.index.units_of(citation.doc) if u.unit == citation.unit
            )
            assert unit.text[citation.char_start : citation.char_end] == citation.quote
            assert citation.label == unit.label


@pytest.mark.parametrize(
    "question",
    [
        "How many children were subject to child protection plans?",
        "What grade was given for being healthy for looked after children?",
        "What are the areas for improvement?",
        "What does LADO stand for?",
    ],
)
def test_cited_paragraphs_come_first_in_the_passages(fake_service, question):
    answer = fake_service.ask(question)
    assert not answer.abstained
    cited = list(dict.fromkeys((c.doc, c.unit) for c in answer.citations))
    shown = [(p.doc, p.unit) for p in answer.passages]
    assert shown[: len(cited)] == cited
    assert len(shown) == len(set(shown))  # a cited passage is moved up, not repeated
    assert all(p.label for p in answer.passages)


def test_cited_first_adds_a_cited_unit_the_retrieval_left_out(fake_service):
    from qa.answering.citing import citation, cited_first, passage_out

    index = fake_service.index
    retrieval = fake_service.search("fostering households", k=3)
    passages = [passage_out(p) for p in retrieval.passages]
    shown = {(p.doc, p.unit) for p in passages}
    other = next(u for u in index.units if (u.doc, u.unit) not in shown and u.text)
    ordered = cited_first([citation(other, 0, len(other.text))], passages, index)
    assert (ordered[0].doc, ordered[0].unit) == (other.doc, other.unit)
    assert ordered[0].score == 0.0 and ordered[0].text == other.text
    assert len(ordered) == len(passages)
    assert [(p.doc, p.unit) for p in ordered[1:]] == [(p.doc, p.unit) for p in passages[:-1]]


def test_grade_answer_comes_from_the_structure(fake_service):
    answer = fake_service.ask("What grade was given for being healthy for looked after children?")
    assert answer.kind == "grade"
    assert answer.answer_span and answer.answer_span.startswith("Grade ")
    assert "structure_match" in answer.evidence


def test_grade_question_about_words_the_corpus_never_uses_abstains(fake_service):
    answer = fake_service.ask("What grade did Zqxland get for its xyzzy plover service?")
    assert answer.abstained
    assert answer.citations == []


def test_unrelated_question_abstains_with_passages_offered(fake_service):
    # The fake embedder's cosines mean nothing, so the calibrated model cannot judge
    # relatedness here (tests/answering/test_answers.py does, with the real model); the
    # answer-type rule can: a phone number that no candidate sentence holds.
    answer = fake_service.ask("What is the phone number of the mercury boiling point office?")
    assert answer.abstained
    assert answer.passages  # the closest paragraphs are still offered


def test_context_packs_within_budget(fake_service):
    context = fake_service.context("fostering households", max_tokens=200)
    assert context.to_json()["tokens"] <= 200


def test_doc_filter_and_bad_input(fake_service):
    with pytest.raises(BadQuestion):
        fake_service.ask("   ")
    with pytest.raises(Exception, match="unknown document"):
        fake_service.search("fostering", doc="no-such-report")


def test_everyday_words_are_no_unknown_words_of_the_question(fake_service):
    # The seed never prints "kids" or "temps"; the expansion reads them as "children" and
    # "agency staff", so they neither count as unseen nor lower a sentence's coverage.
    translated = fake_service.answerer.translated
    assert {"kid", "temp"} <= translated and "children" not in translated
    plain = fake_service.ask("how many children in care are there")
    everyday = fake_service.ask("how many kids in care are there")
    assert everyday.evidence["unseen_terms"] == 0.0
    assert everyday.evidence["sentence_coverage"] == plain.evidence["sentence_coverage"]
