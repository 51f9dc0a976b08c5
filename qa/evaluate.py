"""Running gold questions through the same code path as `qa ask`, and scoring them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from qa import metrics
from qa.answer import Answer
from qa.gold import GoldItem


@dataclass(frozen=True)
class Scored:
    item: GoldItem
    answer: Answer


def run(service, items: list[GoldItem], k: int = 10) -> list[Scored]:
    return [Scored(item, service.ask(item.question, k=k, doc=None)) for item in items]


def _ranked(answer: Answer, doc: str | None) -> list:
    return [p.paragraph for p in answer.passages if doc is None or p.doc == doc]


def summarise(results: list[Scored]) -> dict:
    out: dict = {}
    retrieval = [r for r in results if r.item.paragraphs]
    for k in (1, 3, 5, 10):
        out[f"recall@{k}"] = _mean(
            metrics.recall_at(_ranked(r.answer, r.item.doc), set(r.item.paragraphs), k)
            for r in retrieval
        )
    out["mrr@10"] = _mean(
        metrics.reciprocal_rank(_ranked(r.answer, r.item.doc), set(r.item.paragraphs))
        for r in retrieval
    )
    out["ndcg@10"] = _mean(
        metrics.ndcg_at(_ranked(r.answer, r.item.doc), set(r.item.paragraphs)) for r in retrieval
    )
    answerable = [r for r in results if r.item.answerable]
    cited = [r for r in retrieval if not r.answer.abstained]
    out["first_citation"] = _mean(
        1.0 if r.answer.citations and r.answer.citations[0].paragraph in r.item.paragraphs else 0.0
        for r in retrieval
    )
    out["citation_recall"] = _mean(
        1.0 if {c.paragraph for c in r.answer.citations} & set(r.item.paragraphs) else 0.0
        for r in retrieval
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
    for r in results:
        by_kind[r.item.kind].append(r)
    out["by_kind"] = {
        kind: {
            "n": len(rs),
            "recall@5": _mean(
                metrics.recall_at(_ranked(r.answer, r.item.doc), set(r.item.paragraphs), 5)
                for r in rs
                if r.item.paragraphs
            ),
            "answer_hit": _mean(
                0.0 if r.answer.abstained else metrics.answer_hit(r.answer.answer, r.item.answers)
                for r in rs
                if r.item.answerable
            ),
            "abstained": _mean(1.0 if r.answer.abstained else 0.0 for r in rs),
        }
        for kind, rs in sorted(by_kind.items())
    }
    return out


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0
