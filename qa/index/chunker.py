"""Units -> token-budgeted chunks (the stage between ingestion and embedding).

A paragraph within the budget is one chunk. A longer one becomes overlapping windows of
whole sentences, each within the budget (counted with tiktoken), overlapping by a number
of sentences so that a fact on a window edge is whole in at least one window. Each chunk
is embedded with its section metadata in front (:attr:`Chunk.embed_text`); a separate
check with the embedding model's own tokenizer guarantees that text never exceeds the
model's maximum sequence length, so nothing is silently truncated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qa.models import Unit
from qa.text.sentences import sentence_spans


@dataclass(frozen=True)
class ChunkingConfig:
    max_tokens: int = 200  # tiktoken tokens of chunk text, metadata header excluded
    overlap_sentences: int = 1

    def __post_init__(self):
        if self.max_tokens < 16:
            raise ValueError(f"max_tokens must be >= 16, got {self.max_tokens}")
        if self.overlap_sentences < 0:
            raise ValueError(f"overlap_sentences must be >= 0, got {self.overlap_sentences}")


@dataclass(frozen=True)
class Chunk:
    doc: str
    unit: str
    index: int  # 0.. within the unit
    char_start: int  # the chunk is unit.text[char_start:char_end]
    char_end: int
    text: str
    embed_text: str  # metadata header + text, what the model sees
    tokens: int  # tiktoken count of ``text``

    def position(self) -> dict:
        """Where the chunk lies, as every store records it (its text is the unit's slice)."""
        return {
            "doc": self.doc,
            "unit": self.unit,
            "index": self.index,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "tokens": self.tokens,
        }


def metadata_header(unit: Unit) -> str:
    """ "Services for looked after children > Being healthy (Adequate)" style header."""
    bits = [b for b in (unit.part, unit.section) if b]
    header = " > ".join(bits)
    if unit.grade:
        header += f" ({unit.grade.label})"
    return header


def embed_text_for(unit: Unit, text: str) -> str:
    header = metadata_header(unit)
    return f"{header}: {text}" if header else text


def chunk_unit(
    unit: Unit,
    count: Callable[[str], int],
    config: ChunkingConfig = ChunkingConfig(),
) -> list[Chunk]:
    """Cut one unit into chunks of whole sentences within ``config.max_tokens``."""
    text = unit.text
    if count(text) <= config.max_tokens:
        return [_make(unit, 0, 0, len(text), count)]
    spans = _fit_spans(text, sentence_spans(text), count, config.max_tokens)
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        j = i
        while (
            j + 1 < len(spans) and count(text[spans[i][0] : spans[j + 1][1]]) <= config.max_tokens
        ):
            j += 1
        windows.append((spans[i][0], spans[j][1]))
        if j + 1 >= len(spans):
            break
        i = max(i + 1, j + 1 - config.overlap_sentences)
    return [_make(unit, k, s, e, count) for k, (s, e) in enumerate(windows)]


def enforce_model_limit(
    chunks: list[Chunk],
    units: dict[str, Unit],
    model_tokens: Callable[[list[str]], list[int]],
    model_max: int,
    count: Callable[[str], int],
) -> list[Chunk]:
    """Split any chunk whose embed text is longer than the model accepts, until none is."""
    out: list[Chunk] = []
    pending = list(chunks)
    while pending:
        lengths = model_tokens([c.embed_text for c in pending])
        retry: list[Chunk] = []
        for chunk, length in zip(pending, lengths, strict=True):
            if length <= model_max or chunk.char_end - chunk.char_start < 20:
                out.append(chunk)
            else:
                retry.extend(_halve(chunk, units[chunk.unit], count))
        pending = retry
    # Renumber per unit in text order.
    out.sort(key=lambda c: (c.doc, c.unit, c.char_start, c.char_end))
    renumbered: list[Chunk] = []
    last_unit, index = None, 0
    for chunk in out:
        index = index + 1 if chunk.unit == last_unit else 0
        last_unit = chunk.unit
        renumbered.append(_make(units[chunk.unit], index, chunk.char_start, chunk.char_end, count))
    return renumbered


def _fit_spans(
    text: str, spans: list[tuple[int, int]], count: Callable[[str], int], budget: int
) -> list[tuple[int, int]]:
    """Cut any single sentence over the budget at word boundaries."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if count(text[start:end]) <= budget:
            out.append((start, end))
            continue
        piece_start = start
        position = start
        for word_end in _word_ends(text, start, end):
            if count(text[piece_start:word_end]) > budget and position > piece_start:
                out.append((piece_start, position))
                piece_start = position + 1 if text[position : position + 1] == " " else position
            position = word_end
        out.append((piece_start, end))
    return out


def _word_ends(text: str, start: int, end: int) -> list[int]:
    ends = [i for i in range(start, end) if text[i] == " "]
    return [*ends, end]


def _halve(chunk: Chunk, unit: Unit, count: Callable[[str], int]) -> list[Chunk]:
    text = unit.text
    middle = text.rfind(" ", chunk.char_start, (chunk.char_start + chunk.char_end) // 2 + 1)
    if middle <= chunk.char_start:
        middle = (chunk.char_start + chunk.char_end) // 2
    return [
        _make(unit, chunk.index, chunk.char_start, middle, count),
        _make(
            unit, chunk.index, middle + 1 if text[middle] == " " else middle, chunk.char_end, count
        ),
    ]


def _make(unit: Unit, index: int, start: int, end: int, count: Callable[[str], int]) -> Chunk:
    text = unit.text[start:end]
    return Chunk(
        doc=unit.doc,
        unit=unit.unit,
        index=index,
        char_start=start,
        char_end=end,
        text=text,
        embed_text=embed_text_for(unit, text),
        tokens=count(text),
    )
