"""Each candidate paragraph's best sentence cosine as a third fused retrieval run (round
10, not adopted; a variant of `sentdense.py`, which mixes it into the dense score).

    .venv/bin/python eval/experiments/sentrun.py TAG --against BASE

BASE is a `dev_splits.py` run of the served code. Weights (env SENT_A, default 0.3):
convex fusion of dense chunks (0.6 x (1 - A)), BM25 (0.4) and best sentence (0.6 x A)
over the union of both sides' candidates. Passage scores and timings as `search` gives
them are not kept (the answerer reads neither past the order)."""

import os

import numpy as np
from _paths import ROOT  # noqa: F401  (also puts the repository on sys.path)
from dev_splits import main

import qa.retrieval.retriever as R
from qa.retrieval.fusion import convex

A = float(os.environ.get("SENT_A", "0.3"))


def search(self, query, k=5, filters=None):
    filters = filters or R.Filters()
    expanded = self.expander.expand(query) if self.config.expand_acronyms else query
    everyday = self.everyday.additions(query) if self.config.expand_everyday else []
    if everyday:
        expanded = f"{expanded} ({'; '.join(everyday)})"
    vector = self.embedder.embed_query(expanded)
    if self.adapter is not None:
        vector = self.adapter.apply(vector)
    mask = None
    if filters.active():
        mask = np.array([filters.allows(u) for u in self.index.units], dtype=bool)
    dense = self._dense(vector, mask)
    lexical = self.index.lexical.top(expanded, self.config.depth, mask)
    best = {}
    for row in set(dense) | set(lexical):
        rows = self.index.sentences_of(row)
        if rows:
            best[row] = float(np.max(self.index.sentence_vectors[rows] @ vector))
    wd = self.config.dense_weight
    fused = convex([dense, lexical, best], [wd * (1 - A), 1 - wd, wd * A])
    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
    outside = [row for row, _ in ranked if row not in lexical]
    lexical_all = {**self.index.lexical.scores_for(expanded, outside), **lexical}
    passages = [
        R.Passage(
            row, self.index.units[row], float(score), dense.get(row, 0.0), lexical_all.get(row, 0.0)
        )
        for row, score in ranked
    ]
    return R.Retrieval(query, expanded, vector, passages, {})


R.HybridRetriever.search = search

if __name__ == "__main__":
    main()
