"""Questions across reports, answered from the judgement tables.

"Which councils were judged outstanding for care leavers?", "How many councils got
inadequate overall in 2024?", "What grade did Dorset get each time?": the answer is a
list with one line and one citation per report (council, year, the judgement as
printed), from the findings table each report's front page carries. Judgement areas
are matched by theme (``qa/answering/judgement_areas.tsv``), since the three frameworks
name the same area differently; at most :data:`MAX_REPORTS` lines are listed. When no
report has the grade asked for, the answer says so and lists what they were judged;
"What grades did Derby get?" gets the routed report's whole table (:meth:`table`).
(Questions naming a lead inspector are the front page's business:
:meth:`qa.answering.strategies.frontmatter.FrontMatterStrategy.inspected_by`.)
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from qa.answering.citing import citation, first_sentence_citation
from qa.answering.question import ASKS_FOR_GRADE
from qa.answering.strategies import Draft, Evidence
from qa.answering.strategies.features import sentence_features, sentence_row_at
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import GRADE_NUMBERS, Finding, Unit
from qa.retrieval.routing import ReportRef

AREAS_FILE = Path(__file__).resolve().parents[1] / "judgement_areas.tsv"
OVERALL = "overall effectiveness"
MAX_REPORTS = 25  # lines in one answer; the rest are counted, not listed
_ACROSS = re.compile(
    r"\b(which|what|how many|list|name)\s+(?:(?:all|of)\s+)?(?:the\s+)?(?:other\s+)?"
    r"(councils?|local authorities|authorities|las|reports)\b",
    re.I,
)
# "were told their services require improvement to be good": the verb's plural too.
_GRADES = r"(outstanding|good|requires? improvement(?: to be good)?|adequate|inadequate)"
_GRADE_WORDS = re.compile(rf"\b{_GRADES}\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# "What grades did Derby get?", "What were Leicester's judgements?", "How did Wigan do?":
# the grades in the plural, or how the council (a few words at most: its name) was judged.
_WHOLE_TABLE = re.compile(
    r"\b(?:grades|judgements|judgments|ratings)\b|\bhow\s+(?:was|were|did)\s+(?:\S+\s+){1,5}?"
    r"(?:judged|rated|graded|do|get on)\s*(?:overall|(?:at|in) (?:the|its|their) "
    r"(?:last |latest |most recent |recent )?(?:ofsted )?inspection)?"
    r"\s*\??$",
    re.I,
)
# "Which councils improved from inadequate?", "Which LAs went down?": a change between a
# council's reports, not one grade; read from pairs of reports of one council.
_BETTER = re.compile(r"\b(?:improved|got better|gone up|went up|moved up|upgraded)\b", re.I)
_WORSE = re.compile(
    r"\b(?:declined|deteriorated|got worse|gone down|went down|dropped|fell|slipped|"
    r"downgraded)\b",
    re.I,
)
_FROM = re.compile(rf"\bfrom\s+(?:an?\s+|being\s+)?{_GRADES}\b", re.I)
_PUBLISHED = re.compile(r"\b(?:published|publication|released)\b", re.I)
_INSPECTED = re.compile(r"\b(?:inspected|visited)\b|\binspections?\s+(?:in|during)\b", re.I)


@dataclass(frozen=True)
class Theme:
    name: str
    area: re.Pattern[str]
    question: re.Pattern[str]


def load_themes(path: Path = AREAS_FILE) -> list[Theme]:
    themes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, area, question = line.split("\t")
        themes.append(Theme(name, re.compile(area, re.I), re.compile(question, re.I)))
    return themes


# "Which areas were judged good?", "What was rated inadequate in Barnet?": the rows of
# the judgement tables with that grade, within the reports the question is routed to.
_AREAS = re.compile(
    r"\b(?:which|what)\s+(?:(?:judgement|inspection)\s+)?(?:areas?|aspects?|judgements?|"
    r"services?|parts?|things?)?\s*(?:was|were|is|are|got|received)\s+"
    r"(?:(?:judged|graded|rated|found|assessed)\s+(?:as\s+|to be\s+)?)?"
    r"(?:outstanding|good|requires improvement|adequate|inadequate)\b",
    re.I,
)


def themes_named(themes: list[Theme], text: str) -> list[Theme]:
    """The judgement themes a question names, each part of it matched once ("care
    leavers" is not also "in care")."""
    found, rest = [], text
    for theme in themes:
        if theme.question.search(rest):
            found.append(theme)
            rest = theme.question.sub(" ", rest)
    return found


# A list's heading ("Areas for improvement", "Recommendations") grades nothing.
_LIST_HEADING = re.compile(r"improve|recommendation|priority|immediate action", re.I)


def graded_headings(index: SearchIndex, doc: str) -> list[tuple[Finding, Unit]]:
    """Each graded section heading of ``doc``'s numbered paragraphs, once, as a judgement
    area with its first paragraph (to cite): the judgements a report gives only in its
    body (23 of the 32 reports of ``../shared/reports`` that review a safeguarding board
    print the board's judgement there, not in their table)."""
    seen: dict[tuple, tuple[Finding, Unit]] = {}
    for unit in index.units_of(doc):
        if unit.kind != "paragraph" or unit.grade is None or not unit.section:
            continue
        area = unit.section.split(" > ")[-1]
        if _LIST_HEADING.search(area):
            continue
        seen.setdefault((unit.part, area), (Finding(unit.part, None, area, unit.grade), unit))
    return list(seen.values())


def is_cross_report(question: str, over_time: bool) -> bool:
    return over_time or bool(_ACROSS.search(question))


def asks_areas_by_grade(question: str) -> bool:
    return bool(_AREAS.search(question))


# One line of an answer across reports: the report, its judgement, and the paragraph that
# cites a judgement read from a graded heading (None: cited from the judgement table).
Row = tuple[ReportRef, Finding, Unit | None]


class CrossReportStrategy:
    kind = "cross-report"

    def __init__(self, index: SearchIndex, weights: TermWeights, reports: list[ReportRef]):
        self.index = index
        self.weights = weights
        self.reports = {r.doc: r for r in reports}
        self.themes = load_themes()

    def draft(self, evidence: Evidence) -> Draft | None:
        text = evidence.question.text
        route = evidence.retrieval.route
        named = self._themes_in(text)
        themes = named or [t for t in self.themes if t.name == "overall effectiveness"]
        grade = _grade_number(text)
        years = {int(y) for y in _YEAR.findall(text)}
        over_time = route is not None and route.reason == "over time"
        if not over_time and (_BETTER.search(text) or _WORSE.search(text)):
            docs = list(route.docs) if route is not None and route.docs else list(self.reports)
            return self._changes(evidence, docs, themes)
        asks_judgement = grade is not None or bool(ASKS_FOR_GRADE.search(text))
        asks_grade = bool(named) or asks_judgement
        if over_time and not asks_judgement and route is not None and len(route.docs) == 1:
            # "Has the way Luton handles new concerns improved since the 2020 inspection?":
            # with one report of the council there is no history of judgements to read,
            # and no judgement was asked for; the report's own text says what changed
            # since its last inspection. Naming a judgement area's words is no asking for
            # its judgement ("Were families taken off child protection plans before things
            # had changed?").
            return None
        if not (asks_grade or years or over_time):
            # "Which reports mention unregistered homes?" asks nothing of a judgement table.
            return None
        docs = list(route.docs) if route is not None and route.docs else list(self.reports)
        rows, others = [], []
        when = _year_meant(text)
        for doc in docs:
            ref = self.reports.get(doc)
            if ref is None or (
                years and not over_time and not any(ref.of_year(y, when) for y in years)
            ):
                continue
            for finding, heading in self._findings(doc, themes):
                if grade is None or finding.grade.number == grade:
                    rows.append((ref, finding, heading))
                else:
                    others.append((ref, finding, heading))
        if not rows and not others:
            # A grade asked of a year no report here is of: nothing in the corpus answers,
            # and a sentence that mentions the year would only mislead.
            return _nothing(grade is not None and bool(years))
        ask_count = text.lower().startswith("how many")
        order = (
            (lambda r: (r[0].council, -(r[0].year or 0)))
            if not over_time
            else (lambda r: (-(r[0].year or 0),))
        )
        if not rows:
            # Nothing has the grade asked for: say so, with what the reports asked about
            # were judged instead, each cited.
            asked = _GRADE_WORDS.search(text)
            label = _label(asked.group(1)) if asked else ""
            draft = self._draft(evidence, sorted(others, key=order), ask_count, none_of=label)
        else:
            draft = self._draft(
                evidence,
                sorted(rows, key=order),
                ask_count,
                years=years if when is None and not over_time else (),
            )
        # A judgement area the question names matched a table row: its other words
        # ("LAs", "got") are how staff ask, not what the corpus must hold.
        return replace(draft, checks_terms=not named)

    def table(self, evidence: Evidence) -> Draft | None:
        """Every line of the judgement table of each report the question is routed to
        ("What grades did Derby get?", "What were Leicester's judgements?"): a question
        that asks for the grades, in the plural, and names no judgement area or grade."""
        text = evidence.question.text
        route = evidence.retrieval.route
        if route is None or not route.docs or not _WHOLE_TABLE.search(text):
            return None
        if self._themes_in(text) or _grade_number(text) is not None:
            return None
        rows: list[Row] = []
        for doc in route.docs:
            ref, info = self.reports.get(doc), self.index.documents.get(doc)
            if ref is not None and info is not None:
                rows.extend((ref, finding, None) for finding in info.findings)
        return self._draft(evidence, rows, ask_count=False) if rows else None

    def areas(self, evidence: Evidence) -> Draft | None:
        """The judgement table rows with the grade the question names ("Which areas were
        judged adequate?"), in the routed reports (every report when not routed)."""
        grade = _grade_number(evidence.question.text)
        route = evidence.retrieval.route
        docs = list(route.docs) if route is not None and route.docs else list(self.reports)
        lines, citations = [], []
        for doc in docs:
            info = self.index.documents.get(doc)
            table = self._findings_unit(doc)
            if info is None or table is None:
                continue
            ref = self.reports.get(doc)
            name = f"{ref.label()}: " if ref and len(docs) > 1 else ""
            for finding in info.findings:
                if grade is not None and finding.grade.number == grade:
                    part = f"{finding.part}: " if finding.part else ""
                    lines.append(f"{name}{part}{finding.area}: {finding.grade.label}")
                    start, end = _line_offsets(table.text, finding.area)
                    citations.append(citation(table, start, end))
        if not lines:
            return None
        lines = _capped(lines)
        return Draft(
            kind="cross-report",
            answer="\n".join(lines),
            span=None,
            citations=citations[:MAX_REPORTS],
            features=self._features(evidence, citations),
            match=1.0,
        )

    def _changes(self, evidence: Evidence, docs: list[str], themes: list[Theme]) -> Draft | None:
        """Councils whose judgement changed the way the question asks ("improved from
        inadequate", "got worse") between two of their reports, one line per change,
        citing both. A single report shows no change: with no council reported twice in
        that way, nothing here answers, and a list of one grade would mislead."""
        text = evidence.question.text
        better = bool(_BETTER.search(text))
        source = _FROM.search(text)
        was = _grade_number(source.group(1)) if source else None
        by_council: dict[str, list[ReportRef]] = {}
        for doc in docs:
            ref = self.reports.get(doc)
            if ref is not None and ref.year is not None:
                by_council.setdefault(ref.council, []).append(ref)
        lines: list[str] = []
        citations = []
        for council in sorted(by_council):
            refs = sorted(by_council[council], key=lambda r: r.year or 0)
            for before, after in zip(refs, refs[1:], strict=False):
                for theme in themes:
                    old = self._findings(before.doc, [theme])
                    new = self._findings(after.doc, [theme])
                    if not old or not new:
                        continue
                    (f0, h0), (f1, h1) = old[0], new[0]
                    step = f0.grade.number - f1.grade.number  # > 0: better (1 is outstanding)
                    if (step > 0) != better or step == 0 or (was and f0.grade.number != was):
                        continue
                    lines.append(
                        f"{council}: {f1.area}: {f0.grade.label} ({before.year}) -> "
                        f"{f1.grade.label} ({after.year})"
                    )
                    citations += [self._cite(before.doc, f0, h0), self._cite(after.doc, f1, h1)]
        citations = [c for c in citations if c is not None]
        if not lines or not citations:
            return _nothing(True)
        lines = _capped(lines)
        return Draft(
            kind="cross-report",
            answer="\n".join(lines),
            span=None,
            citations=citations[: 2 * MAX_REPORTS],
            features=self._features(evidence, citations),
            match=1.0,
            checks_terms=False,
        )

    def _cite(self, doc: str, finding: Finding, heading: Unit | None):
        """The citation of one judgement: its table line, or its graded heading's paragraph."""
        if heading is not None:
            return first_sentence_citation(self.index, heading)
        table = self._findings_unit(doc)
        if table is None:
            return None
        start, end = _line_offsets(table.text, finding.area)
        return citation(table, start, end)

    def _features(self, evidence: Evidence, citations: list) -> dict[str, float]:
        """The answer model's features of the first cited sentence (none when uncited)."""
        if not citations:
            return {}
        first = citations[0]
        cited = self.index.unit_rows.get((first.doc, first.unit))
        unit = self.index.units[cited] if cited is not None else None
        row = sentence_row_at(self.index, unit, first.char_start or 0) if unit else None
        return sentence_features(self.index, self.weights, evidence, row) if row is not None else {}

    def _themes_in(self, text: str) -> list[Theme]:
        return themes_named(self.themes, text)

    def _findings(self, doc: str, themes: list[Theme]) -> list[tuple[Finding, Unit | None]]:
        """The judgement of each theme in ``doc``: its table row (with None), or where the
        table lacks it, the graded heading's judgement with the paragraph that cites it."""
        info = self.index.documents.get(doc)
        if info is None:
            return []
        out = []
        for theme in themes:
            match = next((f for f in info.findings if theme.area.search(f.area)), None)
            cited_by: Unit | None = None
            if match is None and theme.name != "overall effectiveness":
                # Not in the table: the body's graded heading of the theme, if any (never
                # the overall judgement, which some reports do not give).
                heading = next(
                    (
                        (f, unit)
                        for f, unit in graded_headings(self.index, doc)
                        if theme.area.search(f"{f.part or ''} {f.area}")
                    ),
                    None,
                )
                if heading is not None:
                    match, cited_by = heading
            if match is not None:
                out.append((match, cited_by))
        return out

    def _draft(
        self,
        evidence: Evidence,
        rows: list[Row],
        ask_count: bool,
        none_of: str | None = None,
        years: Collection[int] = (),
    ) -> Draft:
        lines, citations = [], []
        reports = {ref.doc: ref for ref, _, _ in rows}
        # "in 2015" is the year of publication to some staff and of the inspection to
        # others; when the two readings count differently, the count says both (a report
        # whose inspection dates are unknown counts as inspected when published).
        published = sum(1 for ref in reports.values() if ref.year in years)
        inspected = sum(1 for ref in reports.values() if (ref.inspected or ref.year) in years)
        split = bool(years) and published != inspected
        if none_of is not None:
            lines.append(
                ("0 report(s) in the corpus were" if ask_count else "None was")
                + f" judged {none_of}. The {len(reports)} report(s) asked about were judged:"
            )
        elif ask_count and split:
            year = " and ".join(str(y) for y in sorted(years))
            lines.append(
                f"{len(reports)} report(s) in the corpus: {published} published in {year}, "
                f"{inspected} inspected in {year}:"
            )
        elif ask_count:
            lines.append(f"{len(reports)} report(s) in the corpus:")
        for ref, finding, heading in rows[:MAX_REPORTS]:
            lines.append(f"{ref.label()}: {finding.area}: {finding.grade.label}")
            cited = self._cite(ref.doc, finding, heading)
            if cited is not None:
                citations.append(cited)
        if len(rows) > MAX_REPORTS:
            lines.append(f"... and {len(rows) - MAX_REPORTS} more")
        features = self._features(evidence, citations)
        return Draft(
            kind="cross-report",
            answer="\n".join(lines),
            span=None,
            citations=citations,
            features=features,
            match=1.0,
        )

    def _findings_unit(self, doc: str) -> Unit | None:
        return next((u for u in self.index.units_of(doc) if u.kind == "findings"), None)


def _nothing(say_so: bool) -> Draft | None:
    """No report fits: a draft that abstains when ``say_so``, else None (for the
    sentence strategy to try)."""
    if not say_so:
        return None
    return Draft("cross-report", "", None, [], {}, forced_abstain=True)


def _capped(lines: list[str]) -> list[str]:
    """At most :data:`MAX_REPORTS` lines, the rest counted."""
    if len(lines) <= MAX_REPORTS:
        return lines
    return [*lines[:MAX_REPORTS], f"... and {len(lines) - MAX_REPORTS} more"]


def _year_meant(text: str) -> str | None:
    """Which year of a report a question's year is: "published in 2024", "inspected in
    2023", or either."""
    if _PUBLISHED.search(text):
        return "published"
    if _INSPECTED.search(text):
        return "inspected"
    return None


def _grade_number(text: str) -> int | None:
    match = _GRADE_WORDS.search(text)
    if match is None:
        return None
    label = _label(match.group(1))
    return next(n for name, n in GRADE_NUMBERS.items() if name == label)


def _label(words: str) -> str:
    """A grade asked, as the tables print it ("require improvement" -> "Requires
    improvement")."""
    return re.sub(r"^require\b", "requires", words.lower()).capitalize()


def _line_offsets(text: str, area: str) -> tuple[int, int]:
    """Offsets of the findings table's line for ``area`` (the first line when none)."""
    offset = 0
    for line in text.split("\n"):
        if line.lower().startswith(area.lower()):
            return offset, offset + len(line)
        offset += len(line) + 1
    first = text.split("\n")[0]
    return 0, len(first)
