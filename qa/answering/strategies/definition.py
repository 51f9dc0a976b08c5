"""Definition questions ("what does LADO stand for?"): quote where the corpus defines it."""

from __future__ import annotations

import re

from qa.answering.citing import sentence_citation
from qa.answering.strategies import Draft, Evidence
from qa.answering.strategies.features import sentence_features
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex


class DefinitionStrategy:
    kind = "definition"

    def __init__(self, index: SearchIndex, weights: TermWeights):
        self.index = index
        self.weights = weights

    def draft(self, evidence: Evidence) -> Draft | None:
        for token in re.findall(r"[A-Za-z&]{2,10}", evidence.question.text):
            acronym = self.index.acronyms.get(token) or next(
                (
                    a
                    for a in self.index.acronyms.values()
                    if a.short.lower() == token.lower()
                    and len(token) >= 3
                    # Written in capitals, or a word the corpus never writes in lower
                    # case: "care" and "plan" are words, whatever a report abbreviates
                    # (the rule query expansion uses too).
                    and (token.isupper() or token.lower() not in self.index.lowercase_words)
                ),
                None,
            )
            if acronym is None:
                continue
            row = self.index.unit_rows.get((acronym.doc, acronym.unit))
            if row is None:
                continue
            marker = f"({acronym.short})"
            sentence = next(
                (s for s in self.index.sentences_of(row) if marker in self.index.sentence_text(s)),
                None,
            )
            if sentence is None:
                continue
            cited = sentence_citation(self.index, sentence)
            return Draft(
                kind="definition",
                answer=cited.quote,
                span=acronym.long,
                citations=[cited],
                features=sentence_features(self.index, self.weights, evidence, sentence),
                match=1.0,
            )
        return None
