"""Experiment: dense pseudo-relevance feedback (not adopted).

After fusion, the query vector is moved towards the mean sentence vector of the top M
fused paragraphs (q + B * mean, normalised), the dense side searched again and fused
again with the same lexical scores. Arguments: ``M B GOLD`` (M = 0: unchanged).
"""

import json
import sys

import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

import qa.retrieval.retriever as R
from qa.retrieval.fusion import convex

M, B, GOLD = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
original = R.HybridRetriever.search


def search(self, query, k=5, filters=None):
    first = original(self, query, k=max(k, M), filters=filters)
    if M == 0:
        return first
    vecs = []
    for passage in first.passages[:M]:
        rows = self.index.sentences_of(passage.unit_row)
        if rows:
            v = np.asarray(self.index.sentence_vectors[rows]).mean(axis=0)
            vecs.append(v / (np.linalg.norm(v) + 1e-9))
    q = first.query_vector + B * np.mean(vecs, axis=0)
    q = (q / np.linalg.norm(q)).astype(np.float32)
    mask = None
    if filters is not None and filters.active():
        mask = np.array([filters.allows(u) for u in self.index.units], dtype=bool)
    dense = self._dense(q, mask)
    lexical = self.index.lexical.top(first.expanded, self.config.depth, mask)
    w = self.config.dense_weight
    fused = convex([dense, lexical], [w, 1.0 - w])
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
    by_row = {p.unit_row: p for p in first.passages}
    passages = [
        R.Passage(
            row,
            self.index.units[row],
            float(score),
            float(dense.get(row, 0.0)),
            float(by_row[row].lexical) if row in by_row else float(lexical.get(row, 0.0)),
        )
        for row, score in ranked
    ]
    first.passages = passages
    return first


R.HybridRetriever.search = search
from click.testing import CliRunner  # noqa: E402

from qa.cli import main  # noqa: E402

res = CliRunner().invoke(
    main, ["eval", "--no-ablations", "--gold", GOLD, "--json"], catch_exceptions=False
)
d = json.loads(res.output.strip().splitlines()[-1])
print(
    M,
    B,
    GOLD.split("/")[-1],
    {
        k: round(d[k], 3)
        for k in ["recall@1", "recall@5", "answer_hit", "false_abstention", "abstain_recall"]
    },
)
