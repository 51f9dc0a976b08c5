"""Gold questions turned into the query adapter's training examples (qa.retrieval.adapter).

Each answerable gold question that cites paragraphs of one report becomes an
:class:`~qa.retrieval.adapter.AdapterExample`: its vector as the service searches it
(expanded, routed, and not adapted), every chunk and sentence vector of the report(s) it
is routed to, which of those chunks belong to its gold paragraphs and which sentences hold
a gold answer. Questions routed away from their gold report, or whose answers no sentence
holds, teach the fit nothing about ranking inside a report and are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from qa.errors import QAError
from qa.evaluation.gold import GoldItem
from qa.evaluation.metrics import normalize_answer
from qa.pipeline import QAService
from qa.retrieval.adapter import AdapterExample


def adapter_examples(
    service: QAService,
    items: Sequence[GoldItem],
    tick: Callable[[], None] = lambda: None,
) -> list[AdapterExample]:
    """The examples of ``items`` over ``service``'s index (its adapter switched off)."""
    index = service.index
    if index.folder is None or not (index.folder / "chunks.npy").exists():
        raise QAError(
            f"the query adapter is fitted over an embedded index with its chunk vectors "
            f"(chunks.npy); {index.location} has none"
        )
    plain = service.with_retrieval(replace(service.retriever.config, adapter=None))
    chunk_vectors = np.load(index.folder / "chunks.npy", mmap_mode="r")
    by_docs: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = {}
    examples = []
    for item in items:
        tick()
        if not item.answerable or not item.paragraphs or item.doc is None or item.unit:
            continue
        retrieval = plain.search(item.question)
        route = retrieval.route
        docs = tuple(sorted(route.docs)) if route is not None and route.docs else (item.doc,)
        if item.doc not in docs:
            continue
        if docs not in by_docs:
            rows = [row for doc in docs for row in index.doc_rows.get(doc, [])]
            chunks = np.nonzero(np.isin(index.chunk_unit, rows))[0]
            sentences = np.nonzero(np.isin(index.sentence_unit, rows))[0]
            by_docs[docs] = (
                np.ascontiguousarray(chunk_vectors[chunks], dtype=np.float32),
                index.chunk_unit[chunks],
                np.ascontiguousarray(index.sentence_vectors[sentences], dtype=np.float32),
                sentences,
            )
        chunks, chunk_units, sentence_vectors, sentence_rows = by_docs[docs]
        gold_units = frozenset(
            row
            for row in index.doc_rows.get(item.doc, [])
            if index.units[row].kind == "paragraph"
            and index.units[row].paragraph in item.paragraphs
        )
        answers = [a for a in (normalize_answer(a) for a in item.answers) if a]
        gold_sentences = np.array(
            [
                index.sentence_unit[row] in gold_units
                and _holds(_sentence_text(index, row), answers)
                for row in sentence_rows.tolist()
            ],
            dtype=bool,
        )
        if not gold_units or not gold_sentences.any():
            continue
        examples.append(
            AdapterExample(
                group=item.doc,
                query=np.asarray(retrieval.query_vector, dtype=np.float32),
                chunks=chunks,
                chunk_units=chunk_units,
                gold_units=gold_units,
                sentences=sentence_vectors,
                gold_sentences=gold_sentences,
            )
        )
    return examples


def _sentence_text(index, row: int) -> str:
    start, end = index.sentence_spans[row]
    return normalize_answer(index.units[index.sentence_unit[row]].text[start:end])


def _holds(sentence: str, answers: list[str]) -> bool:
    """The sentence holds a gold answer, or is part of one that runs over two sentences."""
    return any(a in sentence or (len(sentence) > 20 and sentence in a) for a in answers)
