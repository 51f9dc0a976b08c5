"""Front-page questions ("Who led the inspection?", "When were the inspectors there?",
"When was the report published?", "What type of inspection was it?"), answered from the
report's parsed front page and cited to its front-matter unit."""

from __future__ import annotations

import re

from qa.answering.citing import citation
from qa.answering.strategies import Draft, Evidence
from qa.answering.strategies.features import sentence_features, sentence_row_at
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import Unit

# Which front-page field a question asks for, tried in order (general English wording).
FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("published", re.compile(r"\b(published|publication|released?)\b", re.I)),
    (
        "reporting_inspector",
        re.compile(
            r"\b(who\s+(?:led|inspected|carried out|conducted|did|was in charge)|lead inspector|"
            r"reporting inspector|led the inspection|inspector)\b",
            re.I,
        ),
    ),
    (
        "inspection_dates",
        re.compile(
            r"\b(inspection dates?|dates? of the inspection|when\b.*\b(?:inspect\w*|visit\w*|"
            r"carried out|take place|took place|held|there|on site))\b",
            re.I,
        ),
    ),
    (
        "inspection_type",
        re.compile(
            r"\b((?:type|kind|sort) of inspection|which inspection|what inspection)\b", re.I
        ),
    ),
)
# Letters after a name ("Gary Lamb HMI", "Jo Smith OBE"): printed, but not the name.
_POST_NOMINALS = re.compile(r"(?:\s+[A-Z]{2,4})+$")
# Roles other than the lead: the front page does not name them (the body may).
_OTHER_ROLE = re.compile(r"\b(deputy|team|assistant|social care|director|dcs)\b", re.I)


def field_asked(question: str) -> str | None:
    if _OTHER_ROLE.search(question):
        return None
    return next((name for name, pattern in FIELDS if pattern.search(question)), None)


class FrontMatterStrategy:
    kind = "frontmatter"

    def __init__(self, index: SearchIndex, weights: TermWeights):
        self.index = index
        self.weights = weights

    def draft(self, evidence: Evidence) -> Draft | None:
        field = field_asked(evidence.question.text)
        doc = self._doc(evidence)
        if field is None or doc is None:
            return None
        value = str(self.index.documents[doc].summary.get(field) or "").strip()
        unit = next((u for u in self.index.units_of(doc) if u.kind == "frontmatter"), None)
        if not value or unit is None:
            return None
        start = unit.text.find(value)
        if start < 0:
            return None  # the value is not printed as such on the front page: not quotable
        cited = citation(unit, *_line_around(unit, start, start + len(value)))
        row = sentence_row_at(self.index, unit, start)
        features = (
            sentence_features(self.index, self.weights, evidence, row) if row is not None else {}
        )
        span = _POST_NOMINALS.sub("", value) if field == "reporting_inspector" else value
        return Draft(
            kind="frontmatter",
            answer=cited.quote,
            span=span,
            citations=[cited],
            features=features,
            match=1.0,
            checks_terms=False,
        )

    def _doc(self, evidence: Evidence) -> str | None:
        route = evidence.retrieval.route
        if route is not None and route.docs:
            return route.docs[0]
        passages = evidence.retrieval.passages
        return passages[0].unit.doc if passages else None


def _line_around(unit: Unit, start: int, end: int) -> tuple[int, int]:
    """The whole line of the front page that holds the value (label included)."""
    line_start = unit.text.rfind("\n", 0, start) + 1
    line_end = unit.text.find("\n", end)
    return line_start, len(unit.text) if line_end < 0 else line_end
