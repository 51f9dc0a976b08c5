"""The one place that wires the stages together (the composition root).

question -> validation -> :class:`~qa.retrieval.retriever.HybridRetriever` ->
:class:`~qa.answering.answerer.ExtractiveAnswerer` -> :class:`~qa.answer.Answer`.

The model, index and answerer are built once here and shared: the CLI's batch mode, the
evaluation and the server all call :meth:`QAService.ask`, the same code path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from qa.answer import Answer
from qa.answering.answerer import ExtractiveAnswerer
from qa.answering.calibration import Calibration
from qa.answering.context import Context, pack
from qa.answering.counts import rerank_counts
from qa.answering.followup import resolve
from qa.answering.question import Question, classify
from qa.errors import QAError, UnknownDocument
from qa.index.embedder import Embedder
from qa.index.searchindex import SearchIndex, load_index
from qa.retrieval.retriever import Filters, HybridRetriever, Retrieval, RetrievalConfig
from qa.settings import Settings
from qa.text.tokens import LoadedEncoding, load_encoding


class BadQuestion(QAError):
    """An empty or over-long question."""


@dataclass
class QAService:
    settings: Settings
    embedder: Embedder
    index: SearchIndex
    retriever: HybridRetriever
    answerer: ExtractiveAnswerer
    encoding: LoadedEncoding

    @classmethod
    def load(
        cls,
        settings: Settings,
        retrieval: RetrievalConfig | None = None,
        embedder: Embedder | None = None,
        calibration: Calibration | None = None,
    ) -> QAService:
        index = load_index(settings)
        embedder = (
            embedder
            or Embedder(
                settings.model,
                settings.device,
                query_backend=settings.query_backend,
                onnx_cache=settings.data_dir / "onnx",
            ).warm_up()
        )
        config = retrieval or RetrievalConfig()
        if settings.abbreviations_file is not None:
            config = replace(config, abbreviations=settings.abbreviations_file)
        retriever = HybridRetriever(index, embedder, config)
        answerer = ExtractiveAnswerer(index, calibration or Calibration.load())
        encoding = load_encoding(settings.encoding, settings.encoding_file)
        return cls(settings, embedder, index, retriever, answerer, encoding)

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
        """The question's kind, with abbreviations in what it counts spelled out when the
        retriever expands them."""
        expander = self.retriever.expander
        return classify(text, expander.long_form if self.retriever.config.expand_acronyms else None)

    def _retrieve(self, text: str, k: int, doc: str | None) -> tuple[Question, Retrieval]:
        """The question's kind and its top ``k`` paragraphs, the same for every entry point."""
        question = self.classify(text)
        # Count questions re-rank every fused candidate (the retriever's own depth) by
        # which paragraph counts the thing asked about, then cut to k.
        depth = max(k, self.retriever.config.depth) if question.counted else k
        retrieval = self.retriever.search(text, k=depth, filters=Filters(doc=doc))
        return question, rerank_counts(question, retrieval, k)

    def search(self, question: str, k: int | None = None, doc: str | None = None) -> Retrieval:
        """Ranked paragraphs for ``question`` without answering it."""
        text = self.validate(question)
        return self._retrieve(text, self._check(k, doc), doc)[1]

    def context(self, question: str, max_tokens: int, doc: str | None = None) -> Context:
        """The best paragraphs packed into ``max_tokens`` tiktoken tokens."""
        if not 1 <= max_tokens <= 32_000:
            raise BadQuestion(f"max_tokens must be between 1 and 32000, got {max_tokens}")
        text = self.validate(question)
        self._check(None, doc)
        _, retrieval = self._retrieve(text, 50, doc)
        return pack(text, retrieval.passages, self.index, self.encoding, max_tokens)

    def ask(
        self,
        question: str,
        k: int | None = None,
        doc: str | None = None,
        history: list[str] | None = None,
    ) -> Answer:
        """Answer ``question``; ``history`` (earlier questions, oldest first) lets a
        follow-up such as "and for looked after children?" borrow the previous subject."""
        started = time.perf_counter()
        text = self.validate(question)
        k = self._check(k, doc)
        standalone = resolve(text, [" ".join(h.split()) for h in history or [] if h.strip()])
        if standalone != text:
            standalone = self.validate(standalone)
        parsed, retrieval = self._retrieve(standalone, k, doc)
        t = time.perf_counter()
        answer = self.answerer.answer(parsed, retrieval)
        timings = dict(retrieval.timings)
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        took = (time.perf_counter() - started) * 1000
        return Answer(
            **{
                **answer.__dict__,
                "question": text,
                "interpreted_as": standalone if standalone != text else None,
                "took_ms": round(took, 3),
                "timings": {k: round(v, 3) for k, v in timings.items()},
            }
        )
