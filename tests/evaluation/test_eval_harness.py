"""`qa eval` end to end: its figures agree with an independent computation from
`qa ask --json`, for the repo's gold file and for generated ones; the report, the
baseline comparison and the CI gate."""

from __future__ import annotations

import json
import os
import random
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEST_SPLIT = ROOT / "eval" / "gold" / "lancashire-test.jsonl"
DEV_SPLIT = ROOT / "eval" / "gold" / "lancashire-dev.jsonl"

pytestmark = pytest.mark.integration


def _qa(settings, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "QA_CORPUS_DIR": str(settings.corpus_dir),
        "QA_INDEX_DIR": str(settings.index_dir),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args],
        cwd=ROOT, input=stdin, capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip


# -- an independent scorer, written from the definitions, sharing no code with
# -- qa/evaluation/metrics.py or qa/evaluation/evaluate.py


def _norm(text: str) -> str:
    text = "".join(c for c in text.lower() if c not in string.punctuation)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def _independent(gold: list[dict], answers: list[dict]) -> dict:
    recall = {1: [], 5: [], 10: []}
    rr, first, hits = [], [], []
    tp = fp = fn = 0
    for g, a in zip(gold, answers, strict=True):
        assert a["question"] == " ".join(g["question"].split())
        answerable = bool(g["answers"])
        if g["paragraphs"]:
            ranked = [
                p["paragraph"] for p in a["passages"] if not g.get("doc") or p["doc"] == g["doc"]
            ]
            for k in recall:
                recall[k].append(float(any(p in g["paragraphs"] for p in ranked[:k])))
            ranks = [i for i, p in enumerate(ranked[:10], 1) if p in g["paragraphs"]]
            rr.append(1 / ranks[0] if ranks else 0.0)
            first.append(
                float(bool(a["citations"]) and a["citations"][0]["paragraph"] in g["paragraphs"])
            )
        if answerable:
            hit = not a["abstained"] and any(
                _norm(x) and _norm(x) in _norm(a["answer"]) for x in g["answers"]
            )
            hits.append(float(hit))
        tp += (not answerable) and a["abstained"]
        fp += answerable and a["abstained"]
        fn += (not answerable) and not a["abstained"]
    mean = lambda xs: sum(xs) / len(xs) if xs else 0.0  # noqa: E731
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "recall@1": mean(recall[1]), "recall@5": mean(recall[5]), "recall@10": mean(recall[10]),
        "mrr@10": mean(rr), "first_citation": mean(first), "answer_hit": mean(hits),
        "abstain_f1": 2 * p * r / (p + r) if p + r else 0.0,
        "false_abstention": fp / len(hits) if hits else 0.0,
    }  # fmt: skip


def _generated_gold(path: Path, seed: int, settings) -> Path:
    """A gold file in the contract's format, made from the corpus by a random rule."""
    rng = random.Random(seed)
    listing = _qa(settings, "paragraphs", "--json")
    units = [json.loads(line) for line in listing.stdout.splitlines()]
    lines = []
    for i, unit in enumerate(rng.sample(units, 14)):
        words = unit["text"].split()
        start = rng.randrange(max(1, len(words) - 8))
        question = " ".join(words[start : start + rng.randint(4, 9)]).strip("-•") + "?"
        line = {
            "id": f"gen-{i}",
            "question": question,
            "answers": [rng.choice(words)] if rng.random() < 0.8 else [],
            "paragraphs": [unit["paragraph"]] if rng.random() < 0.9 else [],
            "kind": rng.choice(["fact", "number", "informal"]),
        }
        if rng.random() < 0.5:
            line["doc"] = unit["doc"]
        if not line["answers"]:
            line["paragraphs"], line["kind"] = [], "unanswerable"
        lines.append(json.dumps(line))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("which", ["test-split", "generated-1", "generated-2"])
def test_eval_agrees_with_an_independent_computation(built, tmp_path, which):
    settings, _ = built
    if which == "test-split":
        gold_path = TEST_SPLIT
    else:
        gold_path = _generated_gold(tmp_path / "gen.jsonl", int(which[-1]), settings)
    gold = [json.loads(line) for line in gold_path.read_text().splitlines() if line.strip()]

    evaluated = _qa(settings, "eval", "--gold", str(gold_path), "--json", "--no-ablations")
    assert evaluated.returncode == 0, evaluated.stderr
    report = json.loads(evaluated.stdout)

    asked = _qa(
        settings, "ask", "--json", "--k", "10", stdin="\n".join(g["question"] for g in gold)
    )
    assert asked.returncode == 0, asked.stderr
    answers = [json.loads(line) for line in asked.stdout.splitlines()]
    expected = _independent(gold, answers)
    for metric, value in expected.items():
        assert report[metric] == pytest.approx(value, abs=1e-9), metric
    assert report["questions"] == len(gold)


def test_report_with_plots_ablations_and_baseline(built, tmp_path):
    settings, _ = built
    out = tmp_path / "report"
    result = _qa(settings, "eval", "--gold", str(TEST_SPLIT), "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("report.md", "eval.json", "recall_at_k.png", "by_kind.png"):
        assert (out / name).stat().st_size > 0, name
    for name in ("recall_at_k.png", "by_kind.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads((out / "eval.json").read_text())
    # Ablations side by side, the main configuration's results equal to the default run's.
    assert set(report["ablations"]) == {
        "lexical",
        "dense",
        "hybrid",
        "hybrid+acronyms",
        "hybrid+acronyms, no adapter",
    }
    assert report["ablations"]["hybrid+acronyms"]["recall@5"] == report["recall@5"]
    curve = report["recall_curve"]
    assert list(curve.values()) == sorted(curve.values())  # recall@k never falls with k
    assert "| recall@5 |" in (out / "report.md").read_text()
    assert "recall@5" in result.stdout and "lexical" in result.stdout  # the terminal table

    # A baseline that was better on one question and on answer hit: listed, gate fails.
    baseline = json.loads((out / "eval.json").read_text())
    worse_id = next(q["id"] for q in baseline["results"] if q["answerable"] and not q["answer_hit"])
    for q in baseline["results"]:
        if q["id"] == worse_id:
            q["answer_hit"] = True
    baseline["answer_hit"] += 0.1
    saved = tmp_path / "baseline.json"
    saved.write_text(json.dumps(baseline))
    gated = _qa(
        settings, "eval", "--gold", str(TEST_SPLIT), "--baseline", str(saved), "--no-ablations"
    )
    assert gated.returncode == 1
    assert worse_id in gated.stdout and "FAILED" in gated.stdout
    assert "gate failed on answer_hit" in gated.stderr
    relaxed = _qa(
        settings, "eval", "--gold", str(TEST_SPLIT), "--baseline", str(saved),
        "--no-ablations", "--margin", "0.2",
    )  # fmt: skip
    assert relaxed.returncode == 0, relaxed.stderr


def test_ci_gate_against_the_committed_baseline(built):
    """The regression gate CI runs: no gated metric more than the margin below
    eval/baseline.json (recorded on both splits with the default configuration)."""
    settings, _ = built
    result = _qa(
        settings, "eval", "--gold", str(DEV_SPLIT), "--gold", str(TEST_SPLIT),
        "--baseline", str(ROOT / "eval" / "baseline.json"), "--no-ablations", "--informal",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Compared with the baseline" in result.stdout
    assert "informal answer_hit" in result.stdout  # the informal variant is gated too


def test_bad_baseline_is_a_clear_error(built, tmp_path):
    settings, _ = built
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = _qa(settings, "eval", "--gold", str(TEST_SPLIT), "--baseline", str(broken))
    assert result.returncode == 2 and "not a saved `qa eval --json` report" in result.stderr


def test_an_ablation_keeps_the_served_word_lists_and_council_names(fake_service):
    from dataclasses import replace

    lexical = fake_service.with_retrieval(replace(fake_service.retriever.config, mode="lexical"))
    assert lexical.retriever.config.mode == "lexical"
    assert lexical.retriever.names == fake_service.retriever.names
    assert "lancashire" in {n.lower() for n in lexical.retriever.names}
    assert lexical.retriever.config.everyday == fake_service.retriever.config.everyday
