"""How much of a question's topic a text holds: idf-weighted term coverage and its kin.

Shared by the strategies and the abstention features, so every "does this sentence hold
the question's words" is measured one way (:func:`qa.text.terms.stems`, idf from the
BM25 index).
"""

from __future__ import annotations

from qa.text.terms import QUESTION_WORDS, stems


class TermWeights:
    def __init__(self, idf: dict[str, float]):
        self._idf = idf
        self._default = idf.get("", 1.0)
        self._question_stems = frozenset(stems([" ".join(QUESTION_WORDS)])[0])

    def terms(self, query: str) -> list[str]:
        """The question's content terms: interrogatives and auxiliaries carry no topic."""
        return list(dict.fromkeys(t for t in stems([query])[0] if t not in self._question_stems))

    def coverage(self, terms: list[str], text: str) -> float:
        """idf-weighted share of ``terms`` that occur in ``text``."""
        if not terms:
            return 0.0
        return self.coverage_in(terms, set(stems([text])[0]))

    def present(self, texts: list[str]) -> list[set[str]]:
        """The terms of each text (one tokenising call for all of them)."""
        return [set(t) for t in stems(texts)] if texts else []

    def coverage_in(self, terms: list[str], present: set[str]) -> float:
        """idf-weighted share of ``terms`` among the terms ``present``."""
        if not terms:
            return 0.0
        total = sum(self._idf.get(t, self._default) for t in terms)
        hit = sum(self._idf.get(t, self._default) for t in terms if t in present)
        return hit / total if total else 0.0

    def rarest(self, terms: list[str], figures: bool = False) -> str | None:
        """The question term the corpus uses least (highest idf), figures aside unless
        ``figures``; None when the corpus knows none of them."""
        known = [t for t in terms if t in self._idf and (figures or not t.isdigit())]
        return max(known, key=lambda t: self._idf[t]) if known else None

    def evidence(self, terms: list[str], sentence: str) -> dict[str, float]:
        """Does the corpus know the question's words, and has the sentence the rarest one?"""
        if not terms:
            return {"unseen_terms": 0.0, "rarest_in_sentence": 0.0}
        weights = {t: self._idf.get(t, self._default) for t in terms}
        unseen = sum(w for t, w in weights.items() if t not in self._idf) / sum(weights.values())
        rarest = self.rarest(terms, figures=True)
        if rarest is None:
            return {"unseen_terms": unseen, "rarest_in_sentence": 0.0}
        present = set(stems([sentence])[0])
        return {"unseen_terms": unseen, "rarest_in_sentence": 1.0 if rarest in present else 0.0}
