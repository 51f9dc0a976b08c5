"""Experiment: unit dense score mixing chunk cosine with best sentence cosine."""

import json
import sys

import numpy as np
from _paths import OUT, ROOT  # noqa: F401  (also puts the repository on sys.path)

import qa.retrieval.retriever as R

MODE = sys.argv[1]
A = float(sys.argv[2])
gold = sys.argv[3]
orig = R.HybridRetriever._dense


def _dense(self, vector, mask):
    chunk = orig(self, vector, mask)
    if A == 0:
        return chunk
    sv = np.asarray(self.index.sentence_vectors)
    su = self.index.sentence_unit
    s = sv @ vector
    if mask is not None:
        s = np.where(mask[su], s, -2.0)
    best = np.full(len(self.index.units), -2.0)
    np.maximum.at(best, su, s)
    top = np.argsort(-best)[: self.config.depth]
    out = {}
    rows = set(chunk) | set(top.tolist())
    for r in rows:
        c = chunk.get(r)
        se = best[r] if best[r] > -2 else None
        if c is None and se is None:
            continue
        if MODE == "max":
            v = max(x for x in (c, se) if x is not None)
        else:
            if c is None:
                c = (
                    float(np.max(self.index.chunk_vectors_for(r) @ vector))
                    if hasattr(self.index, "chunk_vectors_for")
                    else se
                )
            v = (1 - A) * c + A * se if se is not None else c
        out[r] = float(v)
    return dict(sorted(out.items(), key=lambda kv: -kv[1])[: self.config.depth])


R.HybridRetriever._dense = _dense

from click.testing import CliRunner

from qa.cli import main

res = CliRunner().invoke(
    main, ["eval", "--no-ablations", "--gold", gold, "--json"], catch_exceptions=False
)
d = json.loads(res.output.strip().splitlines()[-1])
print(
    MODE,
    A,
    gold.split("/")[-1],
    {
        k: round(d[k], 3)
        for k in [
            "recall@1",
            "recall@5",
            "mrr@10",
            "answer_hit",
            "false_abstention",
            "abstain_recall",
        ]
    },
)
