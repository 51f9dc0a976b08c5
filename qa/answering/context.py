"""Retrieved paragraphs packed into a token budget, for tools that feed a language model.

:func:`pack` walks the ranked passages best first and keeps each whole paragraph that
still fits the budget (counted with the configured tiktoken encoding, the citation label
included); a paragraph longer than the whole budget is cut at a sentence boundary rather
than dropped, so the best evidence is never lost for being long.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from qa.index.searchindex import SearchIndex
from qa.models import unit_label
from qa.retrieval.retriever import Passage
from qa.text.tokens import LoadedEncoding


@dataclass(frozen=True)
class PackedPassage:
    doc: str
    paragraph: int | None
    unit: str
    part: str | None
    section: str | None
    grade: str | None
    page: int | None
    score: float
    text: str
    tokens: int
    truncated: bool


@dataclass(frozen=True)
class Context:
    question: str
    max_tokens: int
    tokens: int
    encoding: str  # the encoding that counted the tokens (the offline one if it had to)
    passages: list[PackedPassage]
    text: str  # the passages as one block, each headed by its citation label
    # Addition: where that encoding's ranks came from ("package", "file", "cache"), or
    # "offline-fallback" when the requested one was not available (qa/text/tokens.py).
    encoding_source: str = ""

    def to_json(self) -> dict:
        return asdict(self)


def label(doc: str, paragraph: int | None, unit: str) -> str:
    return f"[{doc} {unit_label(paragraph, unit)}]"


def pack(
    question: str,
    passages: list[Passage],
    index: SearchIndex,
    encoding: LoadedEncoding,
    max_tokens: int,
) -> Context:
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be >= 1, got {max_tokens}")
    kept: list[PackedPassage] = []
    blocks: list[str] = []
    used = 0
    for passage in passages:
        unit = passage.unit
        head = label(unit.doc, unit.paragraph, unit.unit)
        text, truncated = unit.text, False
        cost = encoding.count(f"{head}\n{text}\n\n")
        if used + cost > max_tokens:
            if kept:
                continue  # a later, shorter paragraph may still fit
            budget = max_tokens - encoding.count(f"{head}\n\n\n")
            ends = [int(index.sentence_spans[r][1]) for r in index.sentences_of(passage.unit_row)]
            text = _leading_sentences(text, ends, budget, encoding)
            if not text:
                break
            truncated = True
            cost = encoding.count(f"{head}\n{text}\n\n")
        used += cost
        blocks.append(f"{head}\n{text}")
        kept.append(
            PackedPassage(
                doc=unit.doc,
                paragraph=unit.paragraph,
                unit=unit.unit,
                part=unit.part,
                section=unit.section,
                grade=unit.grade.label if unit.grade else None,
                page=unit.page,
                score=round(passage.score, 6),
                text=text,
                tokens=cost,
                truncated=truncated,
            )
        )
    blocks_text = "\n\n".join(blocks)
    return Context(question, max_tokens, used, encoding.used, kept, blocks_text, encoding.source)


def _leading_sentences(text: str, ends: list[int], budget: int, encoding: LoadedEncoding) -> str:
    """The longest run of whole leading sentences within ``budget`` tokens ("" if none).

    ``ends`` are the sentence end offsets computed at build time (the index's sentence
    table), so nothing is re-split at question time.
    """
    best = ""
    for end in ends:
        candidate = text[:end].rstrip()
        if encoding.count(candidate) > budget:
            break
        best = candidate
    return best
