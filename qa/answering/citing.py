"""Citations and passages as the answer object carries them, built from provenance.

A citation's quote is always a slice of its unit's text, ``text[char_start:char_end]``,
taken from offsets the strategies already hold (sentence spans from the index, line
offsets of list items), so a reader highlights by offset and never searches for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from qa.answer import Answer, Citation, PassageOut
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.retriever import Passage
from qa.retrieval.routing import ReportRef


def passage_out(p: Passage) -> PassageOut:
    u = p.unit
    return PassageOut(u.doc, u.paragraph, u.unit, round(p.score, 6), u.section, u.text, u.label)


def cited_first(
    citations: list[Citation], passages: list[PassageOut], index: SearchIndex
) -> list[PassageOut]:
    """The passages with every cited unit first, in citation order.

    A reader sees what was quoted at the top of the passages, and a quote is never from a
    paragraph the passages leave out: a cited unit the retrieval did not return (a list
    item's paragraph, a judgement table row) is added with score 0. The list keeps its
    length unless there are more cited units than passages.
    """
    retrieved = {(p.doc, p.unit): p for p in passages}
    first: dict[tuple[str, str], PassageOut] = {}
    for c in citations:
        key = (c.doc, c.unit)
        if key in first:
            continue
        passage = retrieved.get(key)
        if passage is None:
            row = index.unit_rows.get(key)
            if row is None:
                continue  # not a unit of the index (never expected); nothing to show
            u = index.units[row]
            passage = PassageOut(u.doc, u.paragraph, u.unit, 0.0, u.section, u.text, u.label)
        first[key] = passage
    rest = [p for p in passages if (p.doc, p.unit) not in first]
    return (list(first.values()) + rest)[: max(len(passages), len(first))]


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


def written(citation: Citation, report: ReportRef | None) -> str:
    """A citation as people write it in prose: "[Lancashire 2012, para 48, p. 16]".

    The report is named by its council and year where routing knows them (the document
    id otherwise); a unit without a printed number is named by its id ("frontmatter").
    Used where an answer leaves as plain text: chat completions and MCP tools.
    """
    if report is not None:
        source = f"{report.council} {report.year}" if report.year else report.council
    else:
        source = citation.doc
    place = f"para {citation.paragraph}" if citation.paragraph is not None else citation.unit
    page = f", p. {citation.page}" if citation.page else ""
    return f"[{source}, {place}{page}]"


def prose(answer: Answer, reports: Iterable[ReportRef]) -> str:
    """The answer as one plain-text message: the answer, then each citation written out
    with its quote. An abstention names the closest paragraphs instead, so a reader of a
    chat window can still look them up."""
    by_doc = {r.doc: r for r in reports}
    if answer.abstained:
        closest = [
            written(
                Citation(p.doc, p.paragraph, p.unit, None, None, None, None, ""), by_doc.get(p.doc)
            )
            for p in answer.passages[:3]
        ]
        tail = f"\n\nClosest paragraphs: {' '.join(closest)}" if closest else ""
        return answer.answer + tail
    refs = [written(c, by_doc.get(c.doc)) for c in answer.citations]
    lines = [f"{answer.answer} {' '.join(dict.fromkeys(refs))}".rstrip()]
    quotes = [f"- {ref} “{c.quote}”" for ref, c in zip(refs, answer.citations, strict=True)]
    if quotes:
        lines += ["", "Sources:", *quotes]
    return "\n".join(lines)
