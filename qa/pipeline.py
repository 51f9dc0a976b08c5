"""The one place that wires the stages together (the composition root).

question -> validation -> :class:`~qa.retriever.HybridRetriever` ->
:class:`~qa.answerer.ExtractiveAnswerer` -> :class:`~qa.answer.Answer`.

The model, index and answerer are built once here and shared: the CLI's batch mode, the
evaluation and the server all call :meth:`QAService.ask`, the same code path.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from qa.answer import Answer
from qa.answerer import ExtractiveAnswerer
from qa.calibration import Calibration
from qa.embedder import Embedder
from qa.errors import QAError
from qa.question import classify
from qa.retriever import Filters, HybridRetriever, RetrievalConfig
from qa.searchindex import SearchIndex, load_index
from qa.settings import Settings
from qa.tokens import LoadedEncoding, load_encoding


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
        embedder = embedder or Embedder(settings.model, settings.device).warm_up()
        retriever = HybridRetriever(index, embedder, retrieval or RetrievalConfig())
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

    def ask(self, question: str, k: int | None = None, doc: str | None = None) -> Answer:
        started = time.perf_counter()
        text = self.validate(question)
        if doc is not None and doc not in self.index.documents:
            from qa.errors import UnknownDocument

            raise UnknownDocument(
                f"unknown document {doc!r} (known: {', '.join(sorted(self.index.documents))})"
            )
        k = k or self.settings.k
        if not 1 <= k <= 100:
            raise BadQuestion(f"k must be between 1 and 100, got {k}")
        retrieval = self.retriever.search(text, k=k, filters=Filters(doc=doc))
        t = time.perf_counter()
        answer = self.answerer.answer(classify(text), retrieval)
        timings = dict(retrieval.timings)
        timings["answer_ms"] = (time.perf_counter() - t) * 1000
        took = (time.perf_counter() - started) * 1000
        return Answer(
            **{
                **answer.__dict__,
                "took_ms": round(took, 3),
                "timings": {k: round(v, 3) for k, v in timings.items()},
            }
        )
