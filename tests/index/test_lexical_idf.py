"""idf from the lexical index against bm25s's own Lucene idf and hand-counted df."""

from __future__ import annotations

import math

from bm25s.scoring import _score_idf_lucene

from qa.index.lexical import LexicalIndex
from qa.text.terms import stems

TEXTS = [
    "Children in care are visited regularly.",
    "Care leavers have personal advisers.",
    "Foster carers receive training.",
    "The council's foster carers and care leavers.",
]


def test_idf_matches_bm25s_lucene_formula_and_hand_counted_document_frequency():
    index = LexicalIndex.build(TEXTS)
    idf = index.idf()
    per_text = [set(s) for s in stems(TEXTS)]
    for term in set().union(*per_text):
        df = sum(term in words for words in per_text)
        assert math.isclose(idf[term], _score_idf_lucene(df, len(TEXTS)), rel_tol=1e-9)
    # "care" is in three texts, "train" in one: the rarer term weighs more.
    assert idf[stems(["training"])[0][0]] > idf[stems(["care"])[0][0]]
    # A term in no text gets the idf of df = 0.
    assert math.isclose(idf[""], _score_idf_lucene(0, len(TEXTS)))
