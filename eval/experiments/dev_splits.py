"""Every dev split scored over its own index, one loaded service per index (round 10).

    .venv/bin/python eval/experiments/dev_splits.py TAG [--second M] [--against BASE]
        [--calibration FILE] [--dense-weight W]

Seed dev over `index/`, real dev over `data/real-index` (`make eval-real`), the fresh
dev splits over `data/all-index` (`make eval-fresh`; fresh9 and fresh10 added in round
11, fresh11 to fresh16 one or two a round since; fresh14, fresh15 and fresh16 were each
added at their round's end, after its code was final, so that their one score stayed
blind).
Writes `qa eval --json`-shaped reports to EXP_OUT/TAG-<split>.json and prints answer
hit, wrongly abstained and unanswerable abstained per split; `--second` sets the
runner-up margin (`SECOND_SENTENCE`), `--against` counts the answers gained and lost
against an earlier run's TAG, `--calibration` answers with another abstention model (`qa calibrate --out`),
`--dense-weight` fuses with another convex weight (`RetrievalConfig.dense_weight`).
`sentrun.py` calls `main` with its patch applied."""

import argparse
import json
from pathlib import Path

from _paths import OUT, ROOT

from qa.answering.calibration import Calibration
from qa.evaluation.evaluate import evaluate
from qa.evaluation.gold import load_gold
from qa.pipeline import QAService
from qa.retrieval.retriever import RetrievalConfig
from qa.settings import Settings

FRESH = [
    "fresh",
    "fresh2",
    "fresh3",
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
]
SPLITS = {
    ("corpus", "index"): ["lancashire-dev"],
    ("data/real-corpus", "data/real-index"): ["real-dev"],
    ("data/all-corpus", "data/all-index"): [f"{s}-dev" for s in FRESH],
}


def run(
    tag: str,
    second: float | None = None,
    calibration: str | None = None,
    dense_weight: float | None = None,
) -> dict[str, dict]:
    reports = {}
    config = (
        RetrievalConfig() if dense_weight is None else RetrievalConfig(dense_weight=dense_weight)
    )
    fitted = Calibration.load(Path(calibration)) if calibration else None
    for (corpus, index), golds in SPLITS.items():
        settings = Settings(corpus_dir=Path(ROOT, corpus), index_dir=Path(ROOT, index))
        service = QAService.load(settings, retrieval=config, calibration=fitted)
        if second is not None:
            service.answerer.sentences.second_sentence = second
        for gold in golds:
            items = load_gold([Path(ROOT, "eval/gold", f"{gold}.jsonl")])
            report = evaluate(
                lambda _, service=service: service, items, config, False, [gold]
            ).to_json()
            Path(OUT, f"{tag}-{gold}.json").write_text(json.dumps(report))
            reports[gold] = report
            unanswerable = [q for q in report["results"] if not q["answerable"]]
            print(
                f"{gold:16} n={report['questions']:3} hit={report['answer_hit']:.3f} "
                f"wrongly_abstained={report['false_abstention']:.3f} unanswerable_abstained="
                f"{sum(q['abstained'] for q in unanswerable)}/{len(unanswerable)}",
                flush=True,
            )
    return reports


def flips(before: dict[str, dict], after: dict[str, dict]) -> None:
    """Answers gained and lost between two runs, per split and in all."""
    gained = lost = 0
    for gold, report in after.items():
        old = {q["id"]: q["answer_hit"] for q in before[gold]["results"]}
        for q in report["results"]:
            gained += q["answer_hit"] and not old[q["id"]]
            lost += old[q["id"]] and not q["answer_hit"]
    print(f"answers gained {gained}, lost {lost}, net {gained - lost:+d}")


def load(tag: str) -> dict[str, dict]:
    return {
        s: json.loads(Path(OUT, f"{tag}-{s}.json").read_text())
        for golds in SPLITS.values()
        for s in golds
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("tag")
    parser.add_argument("--second", type=float, default=None)
    parser.add_argument("--against", default=None)
    parser.add_argument("--calibration", default=None)
    parser.add_argument("--dense-weight", type=float, default=None)
    args = parser.parse_args(argv)
    after = run(args.tag, args.second, args.calibration, args.dense_weight)
    if args.against:
        flips(load(args.against), after)


if __name__ == "__main__":
    main()
