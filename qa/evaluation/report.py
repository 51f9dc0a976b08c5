"""What `qa eval` shows: the terminal table, and with ``--out`` a Markdown report, the JSON
and PNG plots (recall@k per configuration, per-kind bars)."""

from __future__ import annotations

import json
from pathlib import Path

from qa.evaluation.evaluate import GATED, Comparison, gated_names

# Rows of the side-by-side table, in reading order.
TABLE_METRICS = (
    "recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10",
    "first_citation", "citation_recall", "cited_in_passages", "right_report_first", "answer_hit",
    "answer_hit_right_report", "two_sentence_answers", "exact_match", "span_f1",
    "abstain_precision", "abstain_recall", "abstain_f1", "false_abstention",
    "latency_p50_ms", "latency_p95_ms",
)  # fmt: skip


def _cell(value) -> str:
    if value is None:
        return "–"  # does not apply (e.g. recall for questions without gold paragraphs)
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def table(report: dict) -> list[list[str]]:
    """[header, *rows]: one column per configuration, the main one first."""
    configs = dict(report["ablations"])
    if report.get("informal"):
        # The main configuration again, on the informal variant of every question.
        configs["informal"] = report["informal"]
    names = [report["config"], *[n for n in configs if n != report["config"]]]
    rows = [["metric", *names]]
    for metric in TABLE_METRICS:
        if any(metric in configs[n] for n in names):  # many-report metrics need report ids
            rows.append([metric, *[_cell(configs[n].get(metric, "")) for n in names]])
    return rows


def kind_table(report: dict, group: str = "by_kind") -> list[list[str]]:
    """Per-kind (or, with ``group="by_framework"``, per-framework) figures."""
    rows = [[group.removeprefix("by_"), "n", "recall@5", "answer hit", "abstained"]]
    for kind, row in report.get(group, {}).items():
        rows.append(
            [kind, str(row["n"]), _cell(row["recall@5"]), _cell(row["answer_hit"]),
             _cell(row["abstained"])]
        )  # fmt: skip
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


def comparison_text(comparison: Comparison) -> str:
    lines = [f"Compared with the baseline (gate: {', '.join(GATED)} may fall at most "
             f"{comparison.margin:.3f}):"]  # fmt: skip
    for metric in gated_names(comparison.deltas):
        before, now = comparison.deltas[metric]
        mark = "  FAILED" if metric in comparison.failed else ""
        lines.append(f"  {metric:<21} {before:.3f} -> {now:.3f} ({now - before:+.3f}){mark}")
    if comparison.worse:
        lines.append(f"{len(comparison.worse)} question(s) got worse:")
        lines += [f"  {w['id']}: {w['question']} ({w['why']})" for w in comparison.worse]
    else:
        lines.append("No question got worse.")
    return "\n".join(lines)


def write_report(report: dict, out: Path, comparison: Comparison | None = None) -> list[Path]:
    """eval.json, report.md, recall_at_k.png and by_kind.png in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "eval.json", out / "recall_at_k.png", out / "by_kind.png", out / "report.md"]
    written[0].write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    _plot_recall(report, written[1])
    _plot_kinds(report, written[2])
    parts = [
        "# Evaluation report",
        f"Gold: {', '.join(report['gold'])} ({report['questions']} questions). "
        f"Main configuration: `{report['config']}`.",
        "## Metrics by configuration",
        markdown_table(table(report)),
        "![recall@k by configuration](recall_at_k.png)",
        "## By kind (main configuration)",
        markdown_table(kind_table(report)),
        "![per-kind results](by_kind.png)",
        "## Questions not answered correctly (main configuration)",
        markdown_table(_misses(report)),
    ]
    if comparison is not None:
        parts += ["## Against the baseline", "```\n" + comparison_text(comparison) + "\n```"]
    written[3].write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return written


def _misses(report: dict) -> list[list[str]]:
    rows = [["id", "kind", "question", "gold rank", "what happened"]]
    for q in report["results"]:
        if q["answerable"] and q["answer_hit"] and (q["rank"] or 1) <= 5:
            continue
        if not q["answerable"] and q["abstained"]:
            continue
        what = "abstained" if q["abstained"] else f"answered: {q['answer'][:80]}"
        question = q["question"].replace("|", "/")
        rows.append([q["id"], q["kind"], question, str(q["rank"]), what.replace("|", "/")])
    return rows


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    return plt


def _plot_recall(report: dict, path: Path) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name, summary in report["ablations"].items():
        curve = summary["recall_curve"]
        ks = [int(k) for k in curve]
        width = 2.6 if name == report["config"] else 1.4
        ax.plot(ks, list(curve.values()), marker="o", linewidth=width, label=name)
    ax.set_xlabel("k (paragraphs retrieved)")
    ax.set_ylabel("recall@k (a gold paragraph in the top k)")
    ax.set_title("Retrieval recall by configuration")
    ax.set_xticks(range(1, 11))
    ax.set_ylim(min(0.5, ax.get_ylim()[0]), 1.01)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def _plot_kinds(report: dict, path: Path) -> None:
    plt = _pyplot()
    kinds = list(report["by_kind"])
    series = [("recall@5", "recall@5"), ("answer_hit", "answer hit"), ("abstained", "abstained")]
    fig, ax = plt.subplots(figsize=(8, 4.2), dpi=110)
    width = 0.27
    for i, (key, label) in enumerate(series):
        xs = [j + (i - 1) * width for j in range(len(kinds))]
        values = [report["by_kind"][k][key] for k in kinds]
        ax.bar(xs, [v or 0.0 for v in values], width, label=label)
    ax.set_xticks(range(len(kinds)))
    ax.set_xticklabels(
        [f"{k}\n(n={report['by_kind'][k]['n']})" for k in kinds], rotation=0, fontsize=8
    )
    ax.set_ylim(0, 1.05)
    ax.set_title(f"By question kind ({report['config']})")
    ax.legend(fontsize=8, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
