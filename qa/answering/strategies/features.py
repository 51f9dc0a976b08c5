"""The calibrated model's inputs, measured on one answer sentence (any strategy's)."""

from __future__ import annotations

from qa.answering.names import question_names, unmet_names
from qa.answering.question import unmet_constraints
from qa.answering.strategies import Evidence
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.routing import file_year


def sentence_features(
    index: SearchIndex,
    weights: TermWeights,
    evidence: Evidence,
    row: int,
    type_match: bool = True,
    cosine: float | None = None,
    coverage: float | None = None,
) -> dict[str, float]:
    """:data:`qa.answering.calibration.FEATURES` for sentence ``row`` of the index."""
    retrieval = evidence.retrieval
    text = index.sentence_text(row)
    unit = index.units[int(index.sentence_unit[row])]
    if cosine is None:
        cosine = float(index.sentence_vectors[row] @ retrieval.query_vector)
    if coverage is None:
        coverage = weights.coverage(evidence.terms, text)
    top = retrieval.passages[0]
    return {
        "dense_top": top.dense,
        "sentence_cos": cosine,
        "sentence_coverage": coverage,
        "passage_coverage": weights.coverage(evidence.terms, top.unit.text),
        "type_match": 1.0 if type_match else 0.0,
        **weights.evidence(evidence.terms, text),
        # A year or amount the question names must stand before or in the sentence, or
        # be the report's own (its inspection or publication year, from the front page).
        "unmet_constraint": max(
            unmet_year_or_amount(index, retrieval.query, row),
            # A place, body or person the question names must be in the answer's
            # paragraph or its report's front page (qa.answering.names).
            1.0
            if unmet_names(
                question_names(retrieval.query, index.lowercase_words),
                evidence.given_names,
                unit.text,
                _front_page(index, unit.doc),
            )
            else 0.0,
        ),
    }


def _front_page(index: SearchIndex, doc: str) -> str:
    """The report's front page and its parsed council and title."""
    front = next((u.text for u in index.units_of(doc) if u.kind == "frontmatter"), "")
    info = index.documents.get(doc)
    summary = info.summary if info is not None else {}
    return " ".join([front, str(summary.get("council") or ""), str(summary.get("title") or "")])


def sentence_row_at(index: SearchIndex, unit: Unit, offset: int) -> int | None:
    """The index's sentence of ``unit`` that holds character ``offset`` (else its first)."""
    rows = index.sentences_of(index.unit_rows[(unit.doc, unit.unit)])
    for row in rows:
        start, end = index.sentence_spans[row]
        if start <= offset < end:
            return row
    return rows[0] if rows else None


def unmet_year_or_amount(index: SearchIndex, query: str, row: int) -> float:
    """1.0 when ``query`` names a year that neither sentence ``row`` and the paragraph
    before it nor the report's dates hold, or asks an amount the sentence does not give
    (:func:`qa.answering.question.unmet_constraints`); else 0.0."""
    unit = index.units[int(index.sentence_unit[row])]
    before = unit.text[: int(index.sentence_spans[row][1])]
    context = _report_dates(index, unit.doc) + " " + before
    return unmet_constraints(query, index.sentence_text(row), context)


def _report_dates(index: SearchIndex, doc: str) -> str:
    """The report's inspection dates, publication date and year (the file name's, when
    the front page prints none), as one string."""
    info = index.documents.get(doc)
    if info is None:
        return ""
    summary = info.summary
    return " ".join(
        [str(summary.get(key) or "") for key in ("inspection_dates", "published", "year")]
        + [str(file_year(doc) or "")]
    )
