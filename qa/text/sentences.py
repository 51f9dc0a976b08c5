"""Sentence boundaries as character spans, so every quote is a verbatim slice of its unit.

pysbd (rule-based, handles abbreviations such as "e.g." and "Dr.") splits prose; lines
of a list or table (a unit's text keeps them on their own lines) are never merged.
"""

from __future__ import annotations

import re
import threading

_LINE = re.compile(r"[^\n]+")
# pysbd's Segmenter keeps the text being split on the instance, so one instance must not
# be shared between threads (the server answers several questions at once).
_local = threading.local()


def _segmenter():
    segmenter = getattr(_local, "segmenter", None)
    if segmenter is None:
        import pysbd

        segmenter = _local.segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)
    return segmenter


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``text``, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        base = line.start()
        for piece in _segmenter().segment(line.group()):
            start, end = base + piece.start, base + piece.end
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                spans.append((start, end))
    return spans
