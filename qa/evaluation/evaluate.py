"""Running gold questions through the same code path as `qa ask`, and scoring them.

:func:`run` asks every gold question through :meth:`QAService.ask` (what `qa ask` and the
API call); :func:`summarise` turns the answers into the metrics; :func:`evaluate` does
both for the main configuration and each ablation; :func:`compare` checks a run against
a saved baseline (the CI gate).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from qa.answer import Answer
from qa.evaluation import metrics
from qa.evaluation.gold import GoldItem
from qa.retrieval.retriever import RetrievalConfig

K = 10  # passages retrieved per question in evaluation (recall@10, MRR@10, nDCG@10)
# Metrics the CI gate watches, and how far each may fall below the baseline.
GATED = ("recall@5", "answer_hit", "abstain_f1")
DEFAULT_MARGIN = 0.02


def ablations(main: RetrievalConfig) -> dict[str, RetrievalConfig]:
    """What the retriever offers, side by side: each side alone, fused, fused + acronyms,
    and that without the query adapter (qa/retrieval/adapter.py)."""
    return {
        "lexical": replace(main, mode="lexical", expand_acronyms=False, expand_everyday=False),
        "dense": replace(main, mode="dense", expand_acronyms=False, expand_everyday=False),
        "hybrid": replace(main, mode="hybrid", expand_acronyms=False, expand_everyday=False),
        "hybrid+acronyms": replace(main, mode="hybrid", expand_acronyms=True),
        "hybrid+acronyms, no adapter": replace(
            main, mode="hybrid", expand_acronyms=True, adapter=None
        ),
    }


@dataclass(frozen=True)
class Scored:
    item: GoldItem
    answer: Answer


def run(service, items: list[GoldItem], k: int = K, progress: bool = False) -> list[Scored]:
    if progress:
        from tqdm import tqdm

        items = tqdm(items, desc="questions", unit="q", leave=False)
    return [Scored(item, service.ask(item.question, k=k, doc=None)) for item in items]


def first_relevant_rank(answer: Answer, item: GoldItem) -> int | None:
    """1-based rank of the first gold paragraph among the passages (None: not retrieved)."""
    relevant = _relevant(item)
    for rank, key in enumerate(_ranked(answer, item.doc), start=1):
        if key in relevant:
            return rank
    return None


def question_record(r: Scored) -> dict:
    """One question's outcome, as saved in the JSON report and compared with a baseline."""
    a, item = r.answer, r.item
    return {
        "id": item.id,
        "kind": item.kind,
        "question": item.question,
        "answerable": item.answerable,
        "paragraphs": list(item.paragraphs),
        "rank": first_relevant_rank(a, item) if item.paragraphs else None,
        "first_citation": bool(
            item.paragraphs and a.citations and _cites_gold(a.citations[0], item)
        ),
        "answer_hit": bool(
            item.answerable and not a.abstained and metrics.answer_hit(a.answer, item.answers)
        ),
        "abstained": a.abstained,
        "confidence": a.confidence,
        "answer": a.answer,
        "answer_span": a.answer_span,
        "took_ms": a.took_ms,
    }


def recall_curve(results: list[Scored], ks=range(1, K + 1)) -> dict[str, float]:
    retrieval = [r for r in results if r.item.paragraphs]
    return {
        str(k): _mean(
            metrics.recall_at(_ranked(r.answer, r.item.doc), _relevant(r.item), k)
            for r in retrieval
        )
        for k in ks
    }


@dataclass
class Evaluation:
    """The main configuration's summary plus each ablation's, and per-question records."""

    main: str
    summaries: dict[str, dict]
    curves: dict[str, dict[str, float]]
    questions: list[dict]
    gold: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            **self.summaries[self.main],
            "config": self.main,
            "gold": self.gold,
            "recall_curve": self.curves[self.main],
            "ablations": {
                name: {**{k: v for k, v in s.items() if k != "by_kind"}, "recall_curve": c}
                for (name, s), c in zip(self.summaries.items(), self.curves.values(), strict=True)
            },
            "results": self.questions,  # one record per question ("questions" is the count)
        }


def evaluate(
    service_for,
    items: list[GoldItem],
    main: RetrievalConfig,
    with_ablations: bool = True,
    gold: list[str] | None = None,
    progress: bool = False,
) -> Evaluation:
    """``service_for(config)`` gives a QAService for a retrieval configuration."""
    configs = ablations(main) if with_ablations else {}
    main_name = next((n for n, c in configs.items() if c == main), "main")
    configs.setdefault(main_name, main)
    summaries, curves, questions = {}, {}, []
    for name, config in configs.items():
        results = run(service_for(config), items, progress=progress)
        summaries[name] = summarise(results)
        curves[name] = recall_curve(results)
        if name == main_name:
            questions = [question_record(r) for r in results]
    return Evaluation(main_name, summaries, curves, questions, gold or [])


def informal_summary(service, items: list[GoldItem]) -> dict:
    """The metrics of the informal variant of every question (:mod:`qa.evaluation.informal`),
    with its per-kind table and per-question records (``question`` is the informal text)."""
    from qa.evaluation.informal import informal

    variants = [replace(item, question=informal(item.question)) for item in items]
    results = run(service, variants)
    return {**summarise(results), "results": [question_record(r) for r in results]}


@dataclass(frozen=True)
class Comparison:
    deltas: dict[str, tuple[float, float]]  # metric -> (baseline, now)
    failed: list[str]  # gated metrics that fell more than the margin
    worse: list[dict]  # questions that got worse: {"id", "question", "why"}
    margin: float


def compare(current: dict, baseline: dict, margin: float = DEFAULT_MARGIN) -> Comparison:
    """Metric deltas, the gate's verdict, and the questions that got worse."""
    keys = [k for k, v in baseline.items() if isinstance(v, float) and k in current]
    deltas = {k: (baseline[k], current[k]) for k in keys}
    # The informal variant of every question (`qa eval --informal`) is gated the same way
    # when both runs measured it: informal wording must not quietly get worse either.
    informal_now, informal_before = current.get("informal"), baseline.get("informal")
    if isinstance(informal_now, dict) and isinstance(informal_before, dict):
        for m in GATED:
            if isinstance(informal_before.get(m), float) and m in informal_now:
                deltas[f"informal {m}"] = (informal_before[m], informal_now[m])
    failed = [m for m in gated_names(deltas) if deltas[m][1] < deltas[m][0] - margin - 1e-12]
    before = {q["id"]: q for q in baseline.get("results", [])}
    worse = []
    for q in current.get("results", []):
        old = before.get(q["id"])
        if old is None:
            continue
        reasons = []
        if old["rank"] is not None and (q["rank"] is None or q["rank"] > old["rank"]):
            reasons.append(f"gold paragraph rank {old['rank']} -> {q['rank'] or 'not in top 10'}")
        if old["answer_hit"] and not q["answer_hit"]:
            reasons.append("answer no longer contains a gold answer")
        if old["first_citation"] and not q["first_citation"]:
            reasons.append("first citation no longer a gold paragraph")
        if q["answerable"] and q["abstained"] and not old["abstained"]:
            reasons.append("now wrongly abstains")
        if not q["answerable"] and old["abstained"] and not q["abstained"]:
            reasons.append("no longer abstains on an unanswerable question")
        if reasons:
            worse.append({"id": q["id"], "question": q["question"], "why": "; ".join(reasons)})
    return Comparison(deltas, failed, worse, margin)


def gated_names(deltas: dict) -> list[str]:
    """The gated metrics a comparison holds, the informal variant's after the main ones."""
    return [m for m in (*GATED, *(f"informal {g}" for g in GATED)) if m in deltas]


def _ranked(answer: Answer, doc: str | None) -> list:
    """The passages as the gold file names paragraphs: (report, number) when the gold item
    names its report, so a paragraph of the same number in another report never counts."""
    return [(p.doc, p.paragraph) if doc is not None else p.paragraph for p in answer.passages]


def _relevant(item: GoldItem) -> set:
    return {(item.doc, n) if item.doc is not None else n for n in item.paragraphs}


def _cites_gold(citation, item: GoldItem) -> bool:
    return citation.paragraph in item.paragraphs and (item.doc is None or citation.doc == item.doc)


def _cited_in_passages(answer: Answer) -> float:
    shown = {(p.doc, p.unit) for p in answer.passages}
    return 1.0 if all((c.doc, c.unit) in shown for c in answer.citations) else 0.0


def _right_report_first(answer: Answer, item: GoldItem) -> float:
    """1 when the answer's first citation (or, abstained, its first passage) is from the
    report the gold item is about."""
    first = answer.citations[0].doc if answer.citations else None
    if first is None and answer.passages:
        first = answer.passages[0].doc
    return 1.0 if first == item.doc else 0.0


def framework(doc: str | None) -> str:
    """The inspection framework a report belongs to, by the year its id ends with (Ofsted's
    file names end in the publication year): 2013 and before, SIF 2014-2017, ILACS 2018-.
    A few 2018 re-inspections still use the SIF format; the grouping is by year."""
    year = doc.rsplit("-", 1)[-1] if doc else ""
    if not year.isdigit():
        return "other"
    return "2013" if int(year) <= 2013 else "sif" if int(year) <= 2017 else "ilacs"


def summarise(results: list[Scored]) -> dict:
    out: dict = {}
    retrieval = [r for r in results if r.item.paragraphs]
    for k in (1, 3, 5, 10):
        out[f"recall@{k}"] = _mean(
            metrics.recall_at(_ranked(r.answer, r.item.doc), _relevant(r.item), k)
            for r in retrieval
        )
    out["mrr@10"] = _mean(
        metrics.reciprocal_rank(_ranked(r.answer, r.item.doc), _relevant(r.item)) for r in retrieval
    )
    out["ndcg@10"] = _mean(
        metrics.ndcg_at(_ranked(r.answer, r.item.doc), _relevant(r.item)) for r in retrieval
    )
    answerable = [r for r in results if r.item.answerable]
    cited = [r for r in retrieval if not r.answer.abstained]
    out["first_citation"] = _mean(
        1.0 if r.answer.citations and _cites_gold(r.answer.citations[0], r.item) else 0.0
        for r in retrieval
    )
    out["citation_recall"] = _mean(
        1.0 if any(_cites_gold(c, r.item) for c in r.answer.citations) else 0.0 for r in retrieval
    )
    # Every cited unit must stand among the passages, so the reader sees what was quoted.
    answered = [r for r in results if not r.answer.abstained and r.answer.citations]
    out["cited_in_passages"] = _mean(_cited_in_passages(r.answer) for r in answered)
    # How often an answer quoted the runner-up sentence too (qa.answering.strategies.sentence).
    out["two_sentence_answers"] = _mean(
        r.answer.evidence.get("second_sentence", 0.0) for r in answered
    )
    # Many reports: was the answer taken from the report the question is about?
    about_one = [r for r in answerable if r.item.doc is not None]
    if about_one:
        out["right_report_first"] = _mean(_right_report_first(r.answer, r.item) for r in about_one)
        out["answer_hit_right_report"] = _mean(
            0.0
            if r.answer.abstained or not _right_report_first(r.answer, r.item)
            else metrics.answer_hit(r.answer.answer, r.item.answers)
            for r in about_one
        )
    out["answer_hit"] = _mean(
        0.0 if r.answer.abstained else metrics.answer_hit(r.answer.answer, r.item.answers)
        for r in answerable
    )
    spans = [r for r in answerable if r.answer.answer_span is not None]
    out["exact_match"] = _mean(
        metrics.exact_match(r.answer.answer_span, r.item.answers) for r in spans
    )
    out["span_f1"] = _mean(metrics.token_f1(r.answer.answer_span, r.item.answers) for r in spans)
    tp = sum(1 for r in results if not r.item.answerable and r.answer.abstained)
    fp = sum(1 for r in results if r.item.answerable and r.answer.abstained)
    fn = sum(1 for r in results if not r.item.answerable and not r.answer.abstained)
    p, rc, f1 = metrics.precision_recall_f1(tp, fp, fn)
    out.update(
        {
            "abstain_precision": p,
            "abstain_recall": rc,
            "abstain_f1": f1,
            "false_abstention": fp / len(answerable) if answerable else 0.0,
        }
    )
    times = [r.answer.took_ms for r in results]
    out["latency_p50_ms"] = metrics.percentile(times, 50)
    out["latency_p95_ms"] = metrics.percentile(times, 95)
    out["questions"] = len(results)
    out["cited_questions"] = len(cited)
    by_kind: dict[str, list[Scored]] = defaultdict(list)
    by_framework: dict[str, list[Scored]] = defaultdict(list)
    for r in results:
        by_kind[r.item.kind].append(r)
        by_framework[framework(r.item.doc)].append(r)
    out["by_kind"] = _groups(by_kind)
    if set(by_framework) != {"other"}:
        out["by_framework"] = _groups(by_framework)
    return out


def _groups(groups: dict[str, list[Scored]]) -> dict[str, dict]:
    # None where a metric does not apply to a group (no gold paragraphs, no answers).
    return {
        kind: {
            "n": len(rs),
            "recall@5": _mean_or_none(
                metrics.recall_at(_ranked(r.answer, r.item.doc), _relevant(r.item), 5)
                for r in rs
                if r.item.paragraphs
            ),
            "answer_hit": _mean_or_none(
                0.0 if r.answer.abstained else metrics.answer_hit(r.answer.answer, r.item.answers)
                for r in rs
                if r.item.answerable
            ),
            "abstained": _mean(1.0 if r.answer.abstained else 0.0 for r in rs),
        }
        for kind, rs in sorted(groups.items())
    }


def _mean_or_none(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
