"""The one place that wires the stages together (the composition root).

question -> validation -> :class:`~qa.retrieval.retriever.HybridRetriever` ->
:class:`~qa.answering.answerer.ExtractiveAnswerer` -> :class:`~qa.answer.Answer`.

The model, index and answerer are built once here and shared: the CLI's batch mode, the
evaluation and the server all call :meth:`QAService.ask`, the same code path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from qa.answer import Answer
from qa.answering.answerer import ExtractiveAnswerer
from qa.answering.calibration import Calibration
from qa.answering.context import Context, pack
from qa.answering.counts import rerank_counts
from qa.answering.followup import resolve
from qa.answering.question import Question, classify
from qa.errors import QAError, UnknownDocument
from qa.index.backends import load_index
from qa.index.embedder import Embedder
from qa.index.searchindex import SearchIndex
from qa.retrieval.retriever import Filters, HybridRetriever, Retrieval, RetrievalConfig
from qa.retrieval.routing import (
    DEFAULT_COUNCILS,
    CouncilRouter,
    Route,
    load_councils,
    report_refs,
)
from qa.settings import Settings
from qa.text.terms import stems
from qa.text.tokens import LoadedEncoding, load_encoding


class BadQuestion(QAError):
    """An empty or over-long question."""


@dataclass(frozen=True)
class Scope:
    """Which reports a question may be answered from, as the caller asked: one document,
    or a council and/or a year (range). Empty: the router decides from the question."""

    doc: str | None = None
    council: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None

    def explicit(self) -> bool:
        return any(v is not None for v in (self.doc, self.council, self.year))

    def years(self) -> tuple[int, int] | None:
        if self.year is not None:
            return (self.year, self.year)
        if self.year_from is None and self.year_to is None:
            return None
        return (self.year_from or 0, self.year_to or 9999)


@dataclass
class QAService:
    settings: Settings
    embedder: Embedder
    index: SearchIndex
    retriever: HybridRetriever
    answerer: ExtractiveAnswerer
    encoding: LoadedEncoding
    router: CouncilRouter

    @classmethod
    def load(
        cls,
        settings: Settings,
        retrieval: RetrievalConfig | None = None,
        embedder: Embedder | None = None,
        calibration: Calibration | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> QAService:
        """``progress(stage, step, steps)`` is told each stage as it starts (the server
        shows it on /readyz while it loads)."""
        tell = progress or (lambda stage, step, steps: None)
        tell("reading and checking the index", 1, 3)
        index = load_index(settings)  # from the configured store (files or Milvus)
        tell("loading the embedding model", 2, 3)
        embedder = (
            embedder
            or Embedder(
                settings.model,
                settings.device,
                query_backend=settings.query_backend,
                onnx_cache=settings.data_dir / "onnx",
            ).warm_up()
        )
        tell("preparing retrieval and council routing", 3, 3)
        config = retrieval or RetrievalConfig()
        if settings.abbreviations_file is not None:
            config = replace(config, abbreviations=settings.abbreviations_file)
        if settings.everyday_file is not None:
            config = replace(config, everyday=settings.everyday_file)
        if not settings.query_adapter:
            config = replace(config, adapter=None)
        elif settings.query_adapter_file is not None:
            config = replace(config, adapter=settings.query_adapter_file)
        councils = load_councils(settings.councils_file or DEFAULT_COUNCILS)
        names = [alias for council in councils for alias in (council.name, *council.aliases)]
        retriever = HybridRetriever(index, embedder, config, names)
        encoding = load_encoding(settings.encoding, settings.encoding_file)
        summaries = {doc: info.summary for doc, info in index.documents.items()}
        reports = report_refs(summaries, councils)
        vocabulary = index.lexical.idf()
        router = CouncilRouter(
            reports,
            councils,
            index.lowercase_words,
            mentioned=lambda name: all(term in vocabulary for term in stems([name])[0]),
        )
        calibration = calibration or (
            Calibration.load(settings.calibration_file)
            if settings.calibration_file
            else Calibration.load()
        )
        answerer = ExtractiveAnswerer(index, calibration, reports, retriever.translated_words())
        return cls(settings, embedder, index, retriever, answerer, encoding, router)

    def with_retrieval(self, config: RetrievalConfig) -> QAService:
        """This service with another retrieval configuration (an ablation), keeping what
        the loaded one was given beyond it: the word lists (QA_EVERYDAY_FILE,
        QA_ABBREVIATIONS_FILE), the query adapter (QA_QUERY_ADAPTER*, unless ``config``
        switches it off: the "no adapter" ablation) and the council names the spelling
        corrector leaves alone."""
        served = self.retriever.config
        config = replace(
            config,
            abbreviations=served.abbreviations,
            everyday=served.everyday,
            adapter=None if config.adapter is None else served.adapter,
        )
        retriever = HybridRetriever(self.index, self.embedder, config, self.retriever.names)
        return replace(self, retriever=retriever)

    def validate(self, question: str) -> str:
        text = " ".join((question or "").split())
        if not text:
            raise BadQuestion("the question is empty")
        tokens = self.encoding.count(text)
        if tokens > self.settings.max_question_tokens:
            raise BadQuestion(
                f"the question is {tokens} tokens long; the limit is "
                f"{self.settings.max_question_tokens}"
            )
        return text

    def _check(self, k: int | None, doc: str | None) -> int:
        if doc is not None and doc not in self.index.documents:
            raise UnknownDocument(
                f"unknown document {doc!r} (known: {', '.join(sorted(self.index.documents))})"
            )
        k = k or self.settings.k
        if not 1 <= k <= 100:
            raise BadQuestion(f"k must be between 1 and 100, got {k}")
        return k

    def classify(self, text: str) -> Question:
        """The question's kind, with what it counts in the reports' words: abbreviations
        spelled out when the retriever expands them, everyday words ("kids") read as the
        reports write them when it expands those."""
        config = self.retriever.config
        expander = self.retriever.expander
        everyday = self.retriever.everyday

        def long_form(word: str) -> str | None:
            spelled = expander.long_form(word) if config.expand_acronyms else None
            if spelled is None and config.expand_everyday:
                spelled = everyday.report_word(word)
            return spelled

        return classify(text, long_form)

    def route(self, text: str, scope: Scope) -> Route:
        """Which reports answer ``text``: the caller's scope, else the council it names."""
        if scope.doc is not None:
            return Route(docs=(scope.doc,), reason="document filter")
        if scope.council is not None:
            route = self.router.select(scope.council, year=scope.year)
            return route if route.missing else replace(route, reason="council filter")
        years = scope.years()
        routed = self.router.route(text) if not years else Route()
        if years is None:
            return routed
        # A report is of the years asked for when published or inspected in them.
        docs = tuple(
            r.doc
            for r in self.router.reports
            if any(y is not None and years[0] <= y <= years[1] for y in (r.year, r.inspected))
        )
        if not docs:
            return Route(
                reason="year filter", missing="There is no report of that year in the corpus."
            )
        return Route(docs=docs, reason="year filter")

    def _retrieve(self, text: str, k: int, route: Route) -> tuple[Question, Retrieval]:
        """The question's kind and its top ``k`` paragraphs, the same for every entry point."""
        question = self.classify(text)
        if route.missing:
            empty = np.zeros(self.embedder.dimension, dtype=np.float32)
            return question, Retrieval(text, text, empty, [], route=route)
        # Count questions re-rank every fused candidate (the retriever's own depth) by
        # which paragraph counts the thing asked about, then cut to k.
        depth = max(k, self.retriever.config.depth) if question.counted else k
        # Within the routed council's reports its name says nothing about which paragraph
        # answers, so it is searched for without it (the answer still sees the question).
        searched = text
        if route.council and route.docs:
            for council in route.named():
                searched = self.router.without_council(searched, council) or searched
        if question.counted and searched != text:
            # "How many South Tyneside youngsters ...?" counts youngsters: the council's
            # name is where, not what (else no number's words fit the counted noun).
            question = replace(question, counted=self.classify(searched).counted)
        retrieval = self.retriever.search(searched, k=depth, filters=Filters(docs=route.docs))
        retrieval.query = text
        retrieval.route = route
        return question, rerank_counts(question, retrieval, k)

    def search(
        self,
        question: str,
        k: int | None = None,
        doc: str | None = None,
        scope: Scope | None = None,
    ) -> Retrieval:
        """Ranked paragraphs for ``question`` without answering it."""
        text = self.retriever.speller.correct(self.validate(question))
        scope = scope or Scope(doc=doc)
        k = self._check(k, scope.doc)
        return self._retrieve(text, k, self.route(text, scope))[1]

    def context(
        self,
        question: str,
        max_tokens: int,
        doc: str | None = None,
        scope: Scope | None = None,
        encoding: LoadedEncoding | None = None,
    ) -> Context:
        """The best paragraphs packed into ``max_tokens`` tiktoken tokens, counted with
        ``encoding`` (default: the configured one)."""
        if not 1 <= max_tokens <= 32_000:
            raise BadQuestion(f"max_tokens must be between 1 and 32000, got {max_tokens}")
        text = self.retriever.speller.correct(self.validate(question))
        scope = scope or Scope(doc=doc)
        self._check(None, scope.doc)
        _, retrieval = self._retrieve(text, 50, self.route(text, scope))
        return pack(text, retrieval.passages, self.index, encoding or self.encoding, max_tokens)

    def ask(
        self,
        question: str,
        k: int | None = None,
        doc: str | None = None,
        history: list[str] | None = None,
        scope: Scope | None = None,
    ) -> Answer:
        """Answer ``question``; ``history`` (earlier questions, oldest first) lets a
        follow-up such as "and for looked after children?" borrow the previous subject.
        ``scope`` (or ``doc``) limits the reports; without it a council the question names
        picks its report (:mod:`qa.retrieval.routing`)."""
        started = time.perf_counter()
        text = self.validate(question)
        scope = scope or Scope(doc=doc)
        k = self._check(k, scope.doc)
        earlier = [" ".join(h.split()) for h in history or [] if h.strip()]
        # A spelling slip ("inspcetion") is read as the word the reports use.
        standalone = self.retriever.speller.correct(resolve(text, earlier))
        if standalone != text:
            standalone = self.validate(standalone)
        route = self.route(standalone, scope)
        if route.council is None and not scope.explicit() and earlier:
            # A follow-up that names no council stays with the previous question's council.
            route = self.route(" ".join([*earlier[-1:], standalone]), scope)
        parsed, retrieval = self._retrieve(standalone, k, route)
        t = time.perf_counter()
        answer = self.answerer.answer(parsed, retrieval)
        if route.missing:
            answer = replace(answer, answer=route.missing)
        elif route.council and not route.docs and answer.abstained and answer.limit is None:
            # The council has no report here; other reports only mention it.
            answer = replace(
                answer,
                answer=f"There is no report for {route.council} in the corpus, and the reports "
                "that mention it do not answer this.",
            )
        timings = dict(retrieval.timings)
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        took = (time.perf_counter() - started) * 1000
        return Answer(
            **{
                **answer.__dict__,
                "question": text,
                "interpreted_as": standalone if standalone != text else None,
                "route": route.shown(),
                "took_ms": round(took, 3),
                "timings": {k: round(v, 3) for k, v in timings.items()},
            }
        )
