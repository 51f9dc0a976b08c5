"""Everyday words read in the reports' register (qa.retrieval.everyday)."""

from __future__ import annotations

import pytest

from qa.retrieval.everyday import (
    DEFAULT_EVERYDAY,
    EverydayFileError,
    EverydayWords,
    load_everyday,
)


@pytest.fixture(scope="module")
def everyday() -> EverydayWords:
    return EverydayWords(load_everyday(DEFAULT_EVERYDAY))


def test_everyday_phrases_add_the_reports_wording(everyday):
    assert everyday.additions("Are the kids going missing less?") == ["children"]
    assert everyday.additions("Do councillors hear from youngsters?") == [
        "elected members",
        "young people",
    ]
    # The service that covers nights and weekends is the reports' out-of-hours service.
    assert everyday.additions("Who covers at night and weekends?") == [
        "out-of-hours",
        "out of hours",
    ]
    assert everyday.additions("Have social workers got too much on their plate?") == [
        "workloads",
        "caseloads",
    ]


def test_the_longest_phrase_wins_and_words_already_asked_are_not_added(everyday):
    # "mums and dads" is one phrase: "parents", not "mothers" and "fathers" as well.
    assert everyday.additions("How many mums and dads come to conferences?") == ["parents"]
    assert everyday.additions("Are kids' and children's views heard?") == []
    assert everyday.additions("Has the number RUNNING   AWAY gone down?") == [
        "missing",
        "reduction",
        "reduced",
    ]


def test_whole_words_only(everyday):
    assert everyday.additions("What is the latest skidpan policy?") == []  # not "late", "kid"
    # Not part of a hyphenated word: "non-relatives" are not relatives.
    assert everyday.additions("Who checks on kids living with non-relatives?") == ["children"]
    assert everyday.additions("Do relatives help?") == ["wider family", "family members"]


def test_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "everyday.tsv"
    bad.write_text("# comment\nkids\tchildren\nnothing after the tab\t\n", encoding="utf-8")
    with pytest.raises(EverydayFileError, match=r"everyday.tsv:3"):
        load_everyday(bad)
    with pytest.raises(EverydayFileError, match="cannot read"):
        load_everyday(tmp_path / "missing.tsv")
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    assert EverydayWords(load_everyday(empty)).additions("kids") == []


def test_retrieval_searches_with_the_reports_wording(fake_service):
    retrieval = fake_service.search("how many kids are in care")
    assert "(children)" in retrieval.expanded
    assert fake_service.retriever.speller.correct("what do medics say") == "what do medics say"
