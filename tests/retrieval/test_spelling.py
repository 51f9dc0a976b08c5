"""Spelling slips read as the corpus's own words (qa.retrieval.spelling): exact outputs."""

from __future__ import annotations

from qa.retrieval.spelling import SpellingCorrector

CORPUS = [
    "The inspection found that looked after children are visited regularly.",
    "Inspection of Lancashire. The inspection team met care leavers. Inspectors met staff.",
]


def corrector() -> SpellingCorrector:
    return SpellingCorrector.from_texts(CORPUS)


def test_one_edit_from_a_corpus_word_is_read_as_it():
    fix = corrector().correct
    assert fix("who led the inspcetion") == "who led the inspection"  # swap
    assert fix("how regulary are kids visited") == "how regularly are kids visited"  # insert
    assert fix("are care leavrs met") == "are care leavers met"  # insert
    # a slip in a possessive typed without its apostrophe: one edit once "s" is "'s"
    assert fix("what was lancahsires grade") == "what was lancashire's grade"


def test_the_most_used_word_wins_a_tie():
    # "inspectio" is one edit from "inspection" (3 uses) and "inspectors"? no: two edits.
    assert corrector().correct("inspectio") == "inspection"


def test_known_short_capitalised_and_far_words_are_left_alone():
    fix = corrector().correct
    assert fix("who led the inspection") == "who led the inspection"
    assert fix("what did Cumbria get") == "what did Cumbria get"  # a name, capitalised
    assert fix("how many kidz") == "how many kidz"  # under five letters
    assert fix("what about budgets") == "what about budgets"  # no corpus word one edit away


def test_known_words_are_never_corrected_and_keep_the_corpus_counts():
    corpus = ["foster carers met", "carers were supported"]
    plain = SpellingCorrector.from_texts(corpus)
    assert plain.correct("do cares help") == "do carers help"
    kept = SpellingCorrector.from_texts(corpus, known=["cares", "carers"])
    assert kept.correct("do cares help") == "do cares help"
    assert kept.counts["carers"] == 2 and kept.counts["cares"] == 1


def test_a_languages_words_are_left_alone_and_never_corrections():
    corpus = ["the work is midway through", "regularly visited"]
    plain = SpellingCorrector.from_texts(corpus)
    assert plain.correct("what midday sessions") == "what midway sessions"
    real = SpellingCorrector.from_texts(corpus, words=["midday", "regulars", "published"])
    assert real.correct("what midday sessions") == "what midday sessions"
    # A real word is a correction only where no corpus word is one edit away:
    # "regulary" is one edit from "regulars" and "regularly", and the corpus's wins.
    assert real.correct("visited regulary") == "visited regularly"
    assert "regulars" not in real.counts
    assert real.correct("when was it pubilshed") == "when was it published"


def test_council_names_are_never_slips():
    corpus = ["links between services", "north east lincolnshire"]
    assert SpellingCorrector.from_texts(corpus).correct("NE lincs leavers") == "NE links leavers"
    named = SpellingCorrector.from_texts(corpus, names=["North East Lincolnshire", "NE Lincs"])
    assert named.correct("NE lincs leavers") == "NE lincs leavers"


def test_the_embedding_models_whole_words_are_real_words(embedder):
    words = embedder.vocabulary()
    assert {"midday", "inspection", "jogging"} <= words
    assert "inspcetion" not in words and not any(w.startswith("##") for w in words)


def test_contractions_without_their_apostrophe_get_it_back():
    fix = SpellingCorrector.from_texts(["the whole team", "it doesn't matter"]).correct
    assert fix("youngsters whove left care") == "youngsters who've left care"  # not "whole"
    assert fix("Whats the team called") == "What's the team called"
    assert fix("the whoole team") == "the whole team"  # a real slip still is one
    # A word the reports print is theirs, not a contraction.
    assert SpellingCorrector.from_texts(["a cant phrase"]).correct("cant") == "cant"


def test_text_speak_question_words_are_read_as_the_words_they_stand_for():
    fix = corrector().correct
    assert fix("wat was the grade") == "what was the grade"
    assert fix("Wen did inspectors visit") == "When did inspectors visit"
    assert fix("hw many care leavers") == "how many care leavers"
    # Unless the corpus prints the form itself.
    printed = SpellingCorrector.from_texts([*CORPUS, "The WAT team met."])
    assert printed.correct("wat team") == "wat team"
    # A lone letter the reports print only as an artefact ("fo r") is still text-speak.
    artefacts = SpellingCorrector.from_texts([*CORPUS, "Plans fo r children.", "Aims fo r all."])
    assert artefacts.correct("r caseloads ok") == "are caseloads ok"
