"""Experiment: BM25's k1 and b (not adopted; the defaults 1.5 / 0.75 stay).

Rebuilds the lexical side in memory with each setting (bm25s, same tokenisation) and
prints, per question kind, recall@1 / recall@5 of the gold paragraph over the routed
reports. Run from the repository root with the index of the gold file's corpus:

    QA_CORPUS_DIR=data/real-corpus QA_INDEX_DIR=data/real-index HF_HUB_OFFLINE=1 \\
        .venv/bin/python eval/experiments/bm25_params.py eval/gold/real-dev.jsonl
"""

import sys
from collections import defaultdict
from pathlib import Path

import bm25s
from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)

from qa.evaluation.gold import load_gold
from qa.index.lexical import LexicalIndex, lexical_text
from qa.pipeline import QAService
from qa.settings import Settings
from qa.text.terms import stemmer

SETTINGS = [(1.5, 0.75), (1.2, 0.75), (1.2, 0.5), (1.5, 0.5), (0.9, 0.4), (2.0, 0.75), (1.5, 0.9)]

service = QAService.load(Settings())
items = [i for i in load_gold([Path(sys.argv[1])]) if i.answerable and i.paragraphs]
tokens = bm25s.tokenize(
    [lexical_text(u) for u in service.index.units],
    stopwords="en",
    stemmer=stemmer(),
    show_progress=False,
)
for k1, b in SETTINGS:
    bm25 = bm25s.BM25(k1=k1, b=b)
    bm25.index(tokens, show_progress=False)
    service.index.lexical = LexicalIndex(bm25)
    ranks = defaultdict(list)
    for item in items:
        passages = service.search(item.question, k=10).passages
        rank = next(
            (
                i + 1
                for i, p in enumerate(passages)
                if (item.doc is None or p.unit.doc == item.doc)
                and p.unit.paragraph in item.paragraphs
            ),
            None,
        )
        ranks[item.kind].append(rank)
        ranks["all"].append(rank)
    shown = " ".join(
        f"{kind}:{sum(r == 1 for r in rs) / len(rs):.2f}/"
        f"{sum(1 for r in rs if r and r <= 5) / len(rs):.2f}"
        for kind, rs in sorted(ranks.items())
    )
    print(k1, b, shown, flush=True)
