"""Hybrid retrieval: dense (over chunks) + lexical (BM25 over units), fused per unit.

Both sides come from the index store (FAISS + bm25s, or Milvus: :mod:`qa.index.backends`);
the fusion here is the same over either.

One verb: :meth:`HybridRetriever.search` -> ranked :class:`Passage` s (whole paragraphs;
a paragraph's chunks count once, by their best score). The query is first expanded with
the corpus's own acronyms and the sector's common abbreviations. Fusion method and
weights are settings, chosen on the gold set (see ``eval/README.md``); ``mode`` lets
evaluation ablate to one side.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.index.embedder import Embedder
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.adapter import DEFAULT_ADAPTER, QueryAdapter, adapter_for
from qa.retrieval.everyday import DEFAULT_EVERYDAY, EverydayWords, load_everyday
from qa.retrieval.expansion import DEFAULT_ABBREVIATIONS, AcronymExpander, load_abbreviations
from qa.retrieval.fusion import convex, rrf
from qa.retrieval.routing import Route
from qa.retrieval.spelling import SpellingCorrector
from qa.text.normalise import heading_key


@dataclass(frozen=True)
class Filters:
    doc: str | None = None
    docs: tuple[str, ...] = ()  # any of these documents (a routed council's reports)
    part: str | None = None
    section: str | None = None  # case-insensitive substring of the section path
    grade: str | None = None  # label ("Good") or number ("2")

    def active(self) -> bool:
        return any((self.doc, self.docs, self.part, self.section, self.grade))

    def allows(self, unit: Unit) -> bool:
        if self.doc and unit.doc != self.doc:
            return False
        if self.docs and unit.doc not in self.docs:
            return False
        if self.part and heading_key(unit.part or "") != heading_key(self.part):
            return False
        if self.section and heading_key(self.section) not in heading_key(unit.section or ""):
            return False
        if self.grade:
            if unit.grade is None:
                return False
            if self.grade.strip().lower() not in (
                unit.grade.label.lower(),
                str(unit.grade.number),
            ):
                return False
        return True


@dataclass(frozen=True)
class RetrievalConfig:
    mode: str = "hybrid"  # "hybrid" | "dense" | "lexical"
    fusion: str = "convex"  # "convex" | "rrf"
    dense_weight: float = 0.7  # convex: weight of the dense side (lexical gets the rest)
    rrf_k: int = 60
    depth: int = 50  # candidates taken from each side before fusion
    expand_acronyms: bool = True
    # The sector's abbreviations list (qa/retrieval/abbreviations.tsv); None: the corpus's own only.
    abbreviations: Path | None = DEFAULT_ABBREVIATIONS
    # Everyday words read in the reports' register ("kids" -> children:
    # qa/retrieval/everyday.tsv); None: no list.
    expand_everyday: bool = True
    everyday: Path | None = DEFAULT_EVERYDAY
    # The query adapter (qa/retrieval/adapter.py: questions moved toward the reports'
    # wording, fitted by `qa fit-adapter`); None: questions searched as encoded.
    adapter: Path | None = DEFAULT_ADAPTER

    def __post_init__(self):
        if self.mode not in ("hybrid", "dense", "lexical"):
            raise ValueError(f"mode must be hybrid, dense or lexical, got {self.mode!r}")
        if self.fusion not in ("convex", "rrf"):
            raise ValueError(f"fusion must be convex or rrf, got {self.fusion!r}")
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError(f"dense_weight must be in [0, 1], got {self.dense_weight}")
        if self.depth < 1:
            raise ValueError(f"depth must be >= 1, got {self.depth}")


@dataclass(frozen=True)
class Passage:
    unit_row: int
    unit: Unit
    score: float
    dense: float  # best chunk cosine (0 if not a dense candidate)
    lexical: float  # BM25 score (0 if no term matched)


@dataclass
class Retrieval:
    query: str
    expanded: str
    query_vector: np.ndarray
    passages: list[Passage]
    timings: dict[str, float] = field(default_factory=dict)
    route: Route | None = None  # which reports were searched, and why (routing)


class HybridRetriever:
    def __init__(
        self,
        index: SearchIndex,
        embedder: Embedder,
        config: RetrievalConfig,
        names: Iterable[str] = (),
    ):
        """``names``: words of names the questions may use that must never be read as
        slips (the councils' names and short forms: "NE lincs" is not "NE links")."""
        self.index = index
        self.embedder = embedder
        self.config = config
        self.names = tuple(names)
        self.expander = AcronymExpander(
            index.acronyms, load_abbreviations(config.abbreviations), index.lowercase_words
        )
        # Spelling slips are read as the corpus's own words (qa.retrieval.spelling); the
        # composition root corrects a question once, before routing and retrieval.
        self.everyday = EverydayWords(load_everyday(config.everyday))
        # The query adapter, when it was fitted on this model's vectors (a missing
        # packaged file means none was fitted; a named file must exist).
        self.adapter: QueryAdapter | None = None
        if config.adapter is not None and (
            config.adapter != DEFAULT_ADAPTER or DEFAULT_ADAPTER.exists()
        ):
            name = getattr(embedder, "name", "")
            self.adapter = adapter_for(config.adapter, name, embedder.dimension)
        # An everyday word the reports never use ("medics") is not a slip for one they do.
        self.speller = SpellingCorrector.from_texts(
            (unit.text for unit in index.units),
            known=self.everyday.words(),
            words=embedder.vocabulary(),
            names=self.names,
        )

    def translated_words(self) -> set[str]:
        """Words a question may use that the retriever reads in the reports' own wording
        (everyday words, sector abbreviations): not unknown words, though the reports
        may never print them."""
        return self.everyday.words() | self.expander.sector_shorts()

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> Retrieval:
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
        filters = filters or Filters()
        timings: dict[str, float] = {}
        t = time.perf_counter()
        expanded = self.expander.expand(query) if self.config.expand_acronyms else query
        everyday = self.everyday.additions(query) if self.config.expand_everyday else []
        if everyday:
            expanded = f"{expanded} ({'; '.join(everyday)})"
        vector = self.embedder.embed_query(expanded)
        if self.adapter is not None:
            vector = self.adapter.apply(vector)
        timings["encode_ms"] = (time.perf_counter() - t) * 1000

        mask = None
        if filters.active():
            mask = np.array([filters.allows(u) for u in self.index.units], dtype=bool)
        runs = []
        t = time.perf_counter()
        dense_scores = self._dense(vector, mask)
        timings["dense_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        lexical_scores = self.index.lexical.top(expanded, self.config.depth, mask)
        timings["lexical_ms"] = (time.perf_counter() - t) * 1000

        t = time.perf_counter()
        if self.config.mode in ("hybrid", "dense"):
            runs.append(dense_scores)
        if self.config.mode in ("hybrid", "lexical"):
            runs.append(lexical_scores)
        if len(runs) == 1:
            fused = dict(runs[0])
        elif self.config.fusion == "rrf":
            fused = rrf(runs, k=self.config.rrf_k)
        else:
            fused = convex(runs, [self.config.dense_weight, 1.0 - self.config.dense_weight])
        ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))[:k]
        # A passage's BM25 score even where it came from the dense side only.
        outside = [row for row, _ in ranked if row not in lexical_scores]
        lexical_all = {**self.index.lexical.scores_for(expanded, outside), **lexical_scores}
        passages = [
            Passage(
                unit_row=row,
                unit=self.index.units[row],
                score=float(score),
                dense=float(dense_scores.get(row, 0.0)),
                lexical=float(lexical_all.get(row, 0.0)),
            )
            for row, score in ranked
        ]
        timings["fusion_ms"] = (time.perf_counter() - t) * 1000
        return Retrieval(query, expanded, vector, passages, timings)

    def _dense(self, vector: np.ndarray, mask: np.ndarray | None) -> dict[int, float]:
        """Best chunk cosine per unit for the top ``depth`` units."""
        # Chunks per unit are few; over-fetch so that ``depth`` distinct units remain.
        scores, ids = self.index.dense.search(vector, self.config.depth * 3, mask)
        rows = self.index.chunk_unit[ids]
        best: dict[int, float] = {}
        for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
            if score > best.get(row, -2.0):
                best[row] = score
        top = sorted(best.items(), key=lambda item: -item[1])[: self.config.depth]
        return dict(top)
