"""Fallback for documents without numbered paragraphs (any text or Markdown file).

Blank-line blocks become units numbered in reading order; ``numbering="generated"`` marks
those numbers as ours, not the document's. Markdown headings ("# Title") and short
title-like lines followed by text become the section of the blocks under them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from qa.models import Document, IngestWarning, Unit
from qa.text.normalise import Vocabulary, clean_spaces, join_piece

if TYPE_CHECKING:
    from qa.ingest.parser import Line
    from qa.ingest.sources import SourceText

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def parse_blocks(
    source: SourceText, doc_id: str, lines: list[Line], warnings: list[IngestWarning]
) -> Document:
    from qa.ingest.parser import _blocks, _looks_like_heading

    vocab = Vocabulary(line.text for line in lines)
    blocks = _blocks(lines)
    units: list[Unit] = []
    section: str | None = None
    title: str | None = None
    for index, block in enumerate(blocks):
        first = block[0].text.strip()
        heading = _MD_HEADING.match(first)
        if heading and len(block) == 1:
            section = heading.group(2).strip() or section
            title = title or section
            continue
        followed = index + 1 < len(blocks)
        if len(block) == 1 and followed and _looks_like_heading(first) and len(first) < 80:
            section = first
            title = title or section
            continue
        text = ""
        for i, line in enumerate(block):
            md = _MD_HEADING.match(line.text)
            piece = md.group(2) if md else line.text
            text = join_piece(text, piece, vocab, structured=i > 0 and _structured(line.text))
        text = clean_spaces(text)
        if not text:
            continue
        number = len(units) + 1
        units.append(
            Unit(
                doc=doc_id,
                unit=f"b{number}",
                kind="block",
                paragraph=number,
                text=text,
                section=section,
                page=block[0].page if source.page_source else None,
                page_source=source.page_source,
                numbering="generated",
                line_start=block[0].number,
                line_end=block[-1].number,
            )
        )
    if not units:
        warnings.append(IngestWarning(source.path, None, "no text blocks found"))
    first_text = next((u.text.split("\n")[0] for u in units), None)
    return Document(
        id=doc_id,
        path=source.path,
        format=source.format,  # type: ignore[arg-type]
        sha256=source.sha256,
        title=title or (first_text[:120] if first_text else None),
        inspection_dates=None,
        reporting_inspector=None,
        published=None,
        layout="generic",
        units=tuple(units),
        warnings=tuple(warnings),
    )


def _structured(text: str) -> bool:
    from qa.text.normalise import BULLET

    return bool(BULLET.match(text)) or "\t" in text or bool(_MD_HEADING.match(text))
