"""Chunk budgets, windows and the model-length guarantee (fast: a word-count tokenizer)."""

from __future__ import annotations

import pytest

from qa.index.chunker import ChunkingConfig, chunk_unit, enforce_model_limit
from qa.models import Grade, Unit


def words(text: str) -> int:
    return len(text.split())


def unit(text: str) -> Unit:
    return Unit(
        doc="d",
        unit="p1",
        kind="paragraph",
        paragraph=1,
        text=text,
        part="Part",
        section="Section",
        grade=Grade("Good", 2),
    )


SENTENCES = [f"Sentence number {i} has exactly seven words." for i in range(10)]


def test_short_paragraph_is_one_chunk_with_metadata():
    [chunk] = chunk_unit(unit("One short paragraph."), words, ChunkingConfig(max_tokens=20))
    assert chunk.text == "One short paragraph."
    assert chunk.embed_text == "Part > Section (Good): One short paragraph."


def test_long_paragraph_becomes_overlapping_sentence_windows():
    text = " ".join(SENTENCES)
    chunks = chunk_unit(unit(text), words, ChunkingConfig(max_tokens=21, overlap_sentences=1))
    assert all(c.tokens <= 21 for c in chunks)
    assert all(text[c.char_start : c.char_end] == c.text for c in chunks)
    assert chunks[0].text.startswith(SENTENCES[0]) and chunks[-1].text.endswith(SENTENCES[-1])
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.char_start < a.char_end  # one sentence shared
        assert a.text.split(". ")[-1].rstrip(".") in b.text
    covered = set()
    for c in chunks:
        covered.update(s for s in SENTENCES if s in c.text)
    assert covered == set(SENTENCES)


def test_sentence_longer_than_budget_is_cut_at_words():
    text = " ".join(f"w{i}" for i in range(50)) + "."
    chunks = chunk_unit(unit(text), words, ChunkingConfig(max_tokens=16, overlap_sentences=0))
    assert all(c.tokens <= 16 for c in chunks)
    assert " ".join(c.text for c in chunks) == text


def test_model_limit_splits_until_everything_fits():
    text = " ".join(SENTENCES[:3])
    u = unit(text)
    chunks = chunk_unit(u, words, ChunkingConfig(max_tokens=100))
    # a model whose tokenizer makes two tokens per word, with room for 20
    fitted = enforce_model_limit(
        chunks, {"p1": u}, lambda ts: [2 * words(t) for t in ts], 20, words
    )
    assert len(fitted) > 1
    assert all(2 * words(c.embed_text) <= 20 for c in fitted)
    assert [c.index for c in fitted] == list(range(len(fitted)))
    assert " ".join(c.text for c in fitted) == text


def test_config_validation_names_the_bad_value():
    with pytest.raises(ValueError, match="max_tokens must be >= 16, got 3"):
        ChunkingConfig(max_tokens=3)
