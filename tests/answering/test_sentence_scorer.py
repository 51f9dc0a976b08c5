"""The sentence scorer (qa.answering.scorer): fitting recovers what decides the label,
uninformative questions are left out, and the saved file round-trips."""

from __future__ import annotations

import numpy as np
import pytest

from qa.answering.scorer import HAND_SET, SCORER_FEATURES, SentenceScorer, fit_scorer


def _question(rng, n: int = 6) -> list[tuple[dict[str, float], bool]]:
    """Candidates of one question: the one with the highest coverage holds the answer."""
    rows = [{name: float(rng.uniform()) for name in SCORER_FEATURES} for _ in range(n)]
    best = max(range(n), key=lambda i: rows[i]["coverage"])
    return [(row, i == best) for i, row in enumerate(rows)]


def test_the_feature_that_decides_gets_the_largest_weight_and_ranks_the_answer_first():
    rng = np.random.default_rng(0)
    questions = [_question(rng) for _ in range(200)]
    scorer = fit_scorer(questions)
    assert max(scorer.weights, key=lambda k: scorer.weights[k]) == "coverage"
    held_out = [_question(rng) for _ in range(50)]
    first = [max(q, key=lambda c: scorer.score(c[0]))[1] for q in held_out]
    assert sum(first) / len(first) > 0.8  # chance is 1 in 6


def test_questions_that_teach_no_ranking_are_left_out():
    rng = np.random.default_rng(1)
    all_hits = [(row, True) for row, _ in _question(rng)]
    no_hits = [(row, False) for row, _ in _question(rng)]
    with pytest.raises(ValueError, match="no question"):
        fit_scorer([all_hits, no_hits])


def test_saved_scorer_loads_back_and_a_missing_file_falls_back(tmp_path):
    scorer = SentenceScorer({name: float(i) for i, name in enumerate(SCORER_FEATURES)}, "x")
    scorer.save(tmp_path / "s.json")
    assert SentenceScorer.load(tmp_path / "s.json") == scorer
    assert SentenceScorer.load(tmp_path / "missing.json") is HAND_SET
    assert HAND_SET.score({"cosine": 1.0, "coverage": 1.0}) == pytest.approx(0.85)


def test_the_fit_is_listwise_a_feature_equal_within_each_question_gets_no_weight():
    """Only the order of one question's candidates matters: a feature that is the same for
    every candidate of a question (however it varies between questions, and however well
    it predicts which questions have more answering candidates) teaches no order."""
    rng = np.random.default_rng(2)
    questions = []
    for _ in range(100):
        question = _question(rng)
        shared = float(rng.uniform())
        questions.append([({**row, "prior": shared}, hit) for row, hit in question])
    scorer = fit_scorer(questions)
    assert scorer.weights["prior"] == pytest.approx(0.0, abs=1e-6)
    assert max(scorer.weights, key=lambda k: scorer.weights[k]) == "coverage"
