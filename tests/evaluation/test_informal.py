"""The informal variant of a gold question (qa.evaluation.informal): exact outputs."""

from __future__ import annotations

from qa.evaluation.informal import informal


def test_lower_case_no_question_mark_text_speak():
    assert informal("How many children are in care in Wigan?") == "how many kids r in care in wigan"


def test_apostrophes_go_and_you_becomes_u():
    assert informal("What's your LSCB's name?") == "whats ur lscbs name"


def test_one_slip_in_the_longest_lower_case_word_never_a_name():
    # "inspection" (10) is the longest uncapitalised word; "Warwickshire" (12) is a name.
    assert informal("Who led the Warwickshire inspection?") == "who led the warwickshire inspcetion"


def test_no_long_word_no_slip_and_deterministic():
    question = "Who led it?"
    assert informal(question) == informal(question) == "who led it"


def test_the_table_gains_an_informal_column_only_when_measured():
    from qa.evaluation.report import table

    main = {"recall@5": 0.9, "answer_hit": 0.8}
    report = {"config": "main", "ablations": {"main": main}}
    assert table(report)[0] == ["metric", "main"]
    report["informal"] = {"recall@5": 0.85, "answer_hit": 0.7, "results": []}
    rows = table(report)
    assert rows[0] == ["metric", "main", "informal"]
    assert ["answer_hit", "0.800", "0.700"] in rows


def test_the_gate_watches_the_informal_variant_when_both_runs_measured_it():
    from qa.evaluation.evaluate import compare
    from qa.evaluation.report import comparison_text

    main = {"recall@5": 0.9, "answer_hit": 0.8, "abstain_f1": 0.7}
    baseline = {**main, "informal": {**main, "results": []}}
    worse = {**main, "informal": {**main, "answer_hit": 0.7, "results": []}}
    result = compare(worse, baseline, margin=0.05)
    assert result.failed == ["informal answer_hit"]
    assert "informal answer_hit" in comparison_text(result) and "FAILED" in comparison_text(result)
    assert compare(worse, baseline, margin=0.2).failed == []
    # A run without the informal column is compared on the main metrics only.
    assert compare(main, baseline, margin=0.05).failed == []
