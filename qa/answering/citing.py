"""Citations and passages as the answer object carries them, built from provenance.

A citation's quote is always a slice of its unit's text, ``text[char_start:char_end]``,
taken from offsets the strategies already hold (sentence spans from the index, line
offsets of list items), so a reader highlights by offset and never searches for it.
"""

from __future__ import annotations

from qa.answer import Citation, PassageOut
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.retriever import Passage


def passage_out(p: Passage) -> PassageOut:
    u = p.unit
    return PassageOut(u.doc, u.paragraph, u.unit, round(p.score, 6), u.section, u.text, u.label)


def citation(unit: Unit, start: int, end: int) -> Citation:
    """Cite ``unit.text[start:end]``."""
    return Citation(
        doc=unit.doc,
        paragraph=unit.paragraph,
        unit=unit.unit,
        part=unit.part,
        section=unit.section,
        grade=unit.grade.label if unit.grade else None,
        page=unit.page,
        quote=unit.text[start:end],
        char_start=start,
        char_end=end,
        label=unit.label,
    )


def sentence_citation(index: SearchIndex, row: int) -> Citation:
    """Cite sentence ``row`` of the index (its unit and span come from the index)."""
    unit = index.units[int(index.sentence_unit[row])]
    start, end = (int(x) for x in index.sentence_spans[row])
    return citation(unit, start, end)


def first_sentence_citation(index: SearchIndex, unit: Unit) -> Citation:
    rows = index.sentences_of(index.unit_rows[(unit.doc, unit.unit)])
    if rows:
        return sentence_citation(index, rows[0])
    return citation(unit, 0, len(unit.text.split("\n")[0]))
