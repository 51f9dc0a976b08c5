"""Front-page questions ("Who led the inspection?", "When were the inspectors there?",
"When was the report published?", "What type of inspection was it?"), answered from the
report's parsed front page and cited to its front-matter unit: one line per report when
the route holds several (several councils named, or one council over time). A question
that names a lead inspector lists the reports whose front page names them."""

from __future__ import annotations

import re

from qa.answer import Citation
from qa.answering.citing import citation
from qa.answering.strategies import Draft, Evidence, which_report
from qa.answering.strategies.features import sentence_features, sentence_row_at
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.retrieval.routing import ReportRef, file_date

# Which front-page field a question asks for, tried in order (general English wording).
FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("published", re.compile(r"\b(publish(?:ed|es)?|publication|released?)\b", re.I)),
    (
        "reporting_inspector",
        re.compile(
            # "Who did the inspection?", "Who did Barnet's inspection?" (not "Who did
            # care leavers compare X to?", "Who did children report abuse to?")
            r"\b(who\s+(?:led|inspected|carried out|conducted|was in charge|"
            r"did\s+(?:the|this|that|its|their|[\w-]+'s)\s+(?:[\w-]+\s+){0,3}"
            r"inspection\b)|lead inspector|"
            r"reporting inspector|led the inspection|inspector|HMI)\b",
            re.I,
        ),
    ),
    (
        "inspection_dates",
        re.compile(
            # "dates of the 2026 inspection", "... of the latest inspection of X"
            # "What was the inspection period?" (not "referred during the inspection period")
            r"\b(inspection dates?|(?<!during the )(?<!in the )(?<!over the )(?<!within the )"
            r"inspection period|(?:dates?|period) of (?:the |its |their |"
            r"(?:[\w-]+ ){0,5}[\w-]+(?:'s|\u2019s) )?(?:(?:19|20)\d\d |last |latest |recent "
            r"|most recent )?inspection|"
            # "What was the date of the Sheffield inspection?"
            r"dates? of (?:the |its |their )(?:[\w-]+ ){1,3}?inspection|"
            # "What dates was Barnet inspected?", "Which days were inspectors there?", "In
            # which month was Doncaster inspected?"
            r"(?:what|which) (?:dates?|days?)\b.*\b(?:inspect\w*|visit\w*|there|on site)|"
            r"(?:what|which) (?:weeks?|months?)\b.*\binspected\b|"
            # "How long did the inspection last?": from its first day to its last.
            r"how long did (?:the |its |[\w'\u2019-]+(?:'s|\u2019s) )?(?:[\w-]+ ){0,6}?"
            r"(?:inspection|visit) (?:last|take)|"
            r"when\b.*\b(?:inspect\w*|visit\w*|carried out|take place|took place|held|there|"
            r"on site))\b",
            re.I,
        ),
    ),
    (
        "inspection_type",
        re.compile(
            # "What type of Ofsted inspection did Plymouth have?"
            r"\b((?:type|kind|sort) of (?:ofsted )?inspection|which inspection|what inspection|"
            # "What was the inspection framework used for Middlesbrough?", "Which framework
            # was Bury inspected under?" (not "the practice framework")
            r"inspection framework|framework (?:was|were) (?:[\w'-]+ ){0,3}inspected)\b",
            re.I,
        ),
    ),
    (
        # "What was the title of the Kent report?", "What is the Kent report called?"
        "title",
        re.compile(
            r"\b(title of (?:the |its |this |[\w'\u2019&-]+(?:'s|\u2019s) )?(?:[\w-]+ ){0,2}"
            r"(?:report|inspection)|report(?:'s|\u2019s)? title|"
            r"what (?:is|was) (?:the |its |[\w'\u2019&-]+(?:'s|\u2019s) )?(?:[\w-]+ ){0,2}"
            r"report (?:called|named|titled))\b",
            re.I,
        ),
    ),
)
# Letters after a name ("Gary Lamb HMI", "Jo Smith OBE"): printed, but not the name.
_POST_NOMINALS = re.compile(r"(?:\s+[A-Z]{2,4})+$")
# Roles other than the lead: the front page does not name them (the body may). "Social
# care" is a role's field ("Who leads social care?") unless the inspection of it is what
# is asked about ("Who led the inspection of Plymouth's children's social care?").
_OTHER_ROLE = re.compile(r"\b(deputy|team|assistant|director|dcs)\b", re.I)
_SOCIAL_CARE = re.compile(r"\bsocial care\b", re.I)
_INSPECTION_WORD = re.compile(r"\binspect", re.I)
_NAMES_THE_INSPECTION = re.compile(r"\binspect|\bofsted\b|\bhmis?\b|\bvisited\b", re.I)


# A question word before "when": then "when" joins a clause ("How many children were
# waiting when inspectors visited?", "What happens when ...") and asks for no date.
_ASKED_BEFORE_WHEN = re.compile(
    r"\b(?:how|what|which|who|whom|whose|where|why|do|does|did|is|are|can|could|should|"
    r"will|would|has|have)\b[^?]*\bwhen\b",
    re.I,
)


# "When is the next inspection?", "When will inspectors return?": not this inspection.
_ANOTHER_INSPECTION = re.compile(
    r"\b(?:next|future|upcoming|coming)\s+(?:\w+\s+)?(?:inspection|visit)|\bwill\b|"
    r"\b(?:return|come back)\b|"
    # "When was the previous inspection?", "the last inspection before 2020": an earlier one.
    r"\b(?:previous|prior|earlier|preceding)\s+(?:\w+\s+)?(?:inspection|visit)|"
    r"\b(?:inspection|visit)(?:\s+\w+){0,3}\s+before\b|"
    # "When is the next review due to take place?": a time to come, not this inspection.
    r"\bnext\b|\b(?:due|planned|scheduled|going) to\b",
    re.I,
)


# "Who were the inspectors?": the team, which SIF reports list in their body ("Team
# inspectors: ..."); a report that lists none names its lead inspector on its front page.
_INSPECTORS = re.compile(r"\b(?:who|which|name)\b.*\binspectors\b|\binspectors\b.*\bwho\b", re.I)
_TEAM_LIST = re.compile(r"^(?:team|deputy lead|lead) inspectors?\b", re.I | re.M)


# "What did inspectors think of how Hackney helps ... who have nowhere to live?": what the
# inspectors thought, said or found is asked, not who they were ("Which inspectors found
# ...?" still asks who). Generic English.
_INSPECTORS_VIEW = re.compile(
    r"^(?:and |so )?(?:what|how)\s+(?:did|do|does|have|has)\s+(?:the\s+)?"
    r"(?:inspectors?|ofsted|hmis?)\s+(?:think|make|say|find|see|note|feel|report|conclude|"
    r"praise|criticise|highlight)\b|"
    # "Which police force did inspectors say was slow to refer ...?", "Who did Ofsted say
    # chairs the board?": what the inspectors said is asked, whatever the question word
    # but "when" ("When did inspectors find Kent inadequate?" asks the dates), and unless
    # a front-page field is named ("Which framework did Ofsted find ... under?").
    r"^(?!\s*when\b)(?!.*\b(?:lead inspector|framework)\b).*\b(?:did|do|does|have|has|had)"
    r"\s+(?:the\s+)?(?:inspectors?|ofsted|hmis?)\s+(?:think|say|said|find|found|note|noted|"
    r"conclude|concluded|consider|considered|describe|described|highlight|highlighted|"
    r"criticise|criticised|praise|praised)\b",
    re.I,
)


# "... the Middlesbrough inspection that was published in Feb 2016?": a clause that says
# which report by its publication, not a question about it. Generic English.
_WHICH_PUBLISHED = re.compile(
    r"\b(?:that|which) (?:was|were|got|had been) (?:published|released)\b[^?]*", re.I
)


# "Who led Ofsted's team in Portsmouth?": the lead inspector, though "team" names a role
# other than the lead's elsewhere ("Who was on the team?", "Who leads the team that
# supports care leavers?").
_LED_THE_TEAM = re.compile(
    r"\bwho (?:led|leads|headed|was in charge of) (?:the )?(?:ofsted(?:'s|\u2019s)?|"
    r"inspection|inspectors?(?:'|\u2019)?) team\b",
    re.I,
)


# "... for the inspection published in January 2015?": a clause that says which report,
# without "that was"; tried removed first, so "When was the report published?" still asks.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"  # "Jan", "January"
_NAMED_BY_PUBLICATION = re.compile(
    r"\b(inspection|report|one)\s+(?:published|released)\s+(?:in|on)\s+(?:the\s+)?"
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}(?:\s+(?:19|20)\d\d)?|"
    r"(?:19|20)\d\d)\b",
    re.I,
)


def field_asked(question: str) -> str | None:
    if _INSPECTORS_VIEW.search(question):
        return None
    question = _WHICH_PUBLISHED.sub(" ", question)
    if _NAMED_BY_PUBLICATION.search(question):
        other = _field_asked(_NAMED_BY_PUBLICATION.sub(r"\1", question))  # the noun kept
        if other is not None:
            return other
    return _field_asked(question)


def _field_asked(question: str) -> str | None:
    if _LED_THE_TEAM.search(question):
        return "reporting_inspector"
    if _INSPECTORS.search(question) and not re.search(r"\b(?:deputy|team)\b", question, re.I):
        return "inspectors"
    if _OTHER_ROLE.search(question) or (
        _SOCIAL_CARE.search(question) and not _INSPECTION_WORD.search(question)
    ):
        return None
    for name, pattern in FIELDS:
        match = pattern.search(question)
        if match is None:
            continue
        if match.group(1).lower().startswith("when") and (
            _ASKED_BEFORE_WHEN.search(question) or not _NAMES_THE_INSPECTION.search(question)
        ):
            # "By when does Solihull expect to clear its backlog of home education
            # visits?" asks when something else happens: only a "when" about Ofsted, its
            # inspectors or the inspection asks the front page's dates.
            continue
        if name == "inspection_dates" and _ANOTHER_INSPECTION.search(question):
            return None  # the front page dates this inspection, not the next or a past one
        return name
    return None


class FrontMatterStrategy:
    kind = "frontmatter"

    def __init__(self, index: SearchIndex, weights: TermWeights, reports: list[ReportRef]):
        self.index = index
        self.weights = weights
        self.reports = {r.doc: r for r in reports}  # council and year of each report
        # Each lead inspector's name as the front pages print it (post-nominals dropped,
        # first and last name at least), with the reports that name them: read once here,
        # not on every question.
        self.inspectors: dict[str, list[str]] = {}
        for doc, info in index.documents.items():
            name = _POST_NOMINALS.sub("", str(info.summary.get("reporting_inspector") or ""))
            name = " ".join(name.lower().split())
            if len(name.split()) >= 2:
                self.inspectors.setdefault(name, []).append(doc)

    def draft(self, evidence: Evidence) -> Draft | None:
        field = field_asked(evidence.question.text)
        if field is None:
            return None
        # "When did Ofsted inspect?" names no report, and each report has its own front page.
        unnamed = which_report("frontmatter", evidence, len(self.index.documents))
        if unnamed is not None:
            return unnamed
        docs = self._docs(evidence)
        if not docs:
            return None
        if field == "inspectors":
            team = self._team(evidence, docs)
            if team is not None:
                return team
            field = "reporting_inspector"
        found = [q for q in (self._quote(doc, field) for doc in docs) if q is not None]
        if (
            not found
            and len(docs) == 1
            and (
                field == "published"
                or (field == "reporting_inspector" and not self._lists_team(docs[0]))
            )
        ):
            # Only the front page dates the report's publication (ILACS reports print no
            # date), and only it or the body's team list names the lead inspector (one
            # 2025 report prints neither): without them the report does not say, and a
            # sentence's date ("Since the previous inspection in March 2017") or words
            # would be a wrong answer. The file name's date is said beside "not printed",
            # never quoted as the report's.
            note = None
            dated = file_date(docs[0]) if field == "published" else None
            if dated:
                note = (
                    f"The report does not print its publication date. Its file name "
                    f"({docs[0]}) carries the date {dated}."
                )
            return Draft.abstaining("frontmatter", note)
        if not found:
            return None
        unit, start, value, cited = found[0]
        row = sentence_row_at(self.index, unit, start)
        features = (
            sentence_features(self.index, self.weights, evidence, row) if row is not None else {}
        )
        spans = [_POST_NOMINALS.sub("", v) if field == "reporting_inspector" else v
                 for _, _, v, _ in found]  # fmt: skip
        if len(docs) == 1:
            answer = cited.quote
        else:
            # Several reports (several councils named, or one council over time): one line
            # per report, named, each cited.
            answer = "\n".join(f"{self._name(c.doc)}: {c.quote}" for _, _, _, c in found)
        return Draft(
            kind="frontmatter",
            answer=answer,
            span=spans[0] if len(set(spans)) == 1 else None,
            citations=[c for _, _, _, c in found],
            features=features,
            match=1.0,
            checks_terms=False,
        )

    def inspected_by(self, evidence: Evidence) -> Draft | None:
        """The reports whose lead inspector the question names ("Which councils did Sheena
        Doyle inspect?"), one line each, cited to its front page: a name is matched whole
        (first and last name), as printed on the front pages."""
        asked = " ".join(evidence.question.text.lower().split())
        found = []
        for name, docs in self.inspectors.items():
            if name not in asked or not re.search(rf"\b{re.escape(name)}\b", asked):
                continue
            for doc in docs:
                quote = self._quote(doc, "reporting_inspector")
                ref = self.reports.get(doc)
                if quote is not None:
                    found.append(((ref.year or 0) if ref else 0, doc, quote))
        if not found:
            return None
        found.sort(key=lambda f: (-f[0], f[1]))
        quotes = [q for _, _, q in found]
        unit, start, value, _ = quotes[0]
        row = sentence_row_at(self.index, unit, start)
        return Draft(
            kind="cross-report",
            answer="\n".join(f"{self._name(c.doc)}: {c.quote}" for _, _, _, c in quotes),
            span=None,
            citations=[c for _, _, _, c in quotes],
            features=(
                sentence_features(self.index, self.weights, evidence, row)
                if row is not None
                else {}
            ),
            match=1.0,
            checks_terms=False,
        )

    def _quote(self, doc: str, field: str) -> tuple[Unit, int, str, Citation] | None:
        """The front page's line that prints ``field`` for ``doc``, cited."""
        info = self.index.documents.get(doc)
        value = str(info.summary.get(field) or "").strip() if info else ""
        unit = next((u for u in self.index.units_of(doc) if u.kind == "frontmatter"), None)
        if not value or unit is None:
            return None
        start = unit.text.find(value)
        if start < 0:
            return None  # the value is not printed as such on the front page: not quotable
        return unit, start, value, citation(unit, *_line_around(unit, start, start + len(value)))

    def _lists_team(self, doc: str) -> bool:
        """Whether a paragraph of ``doc`` other than its front page lists its inspectors."""
        return self._team_unit(doc) is not None

    def _team_unit(self, doc: str) -> Unit | None:
        return next(
            (
                u
                for u in self.index.units_of(doc)
                if u.kind != "frontmatter" and _TEAM_LIST.search(u.text)
            ),
            None,
        )

    def _team(self, evidence: Evidence, docs: list[str]) -> Draft | None:
        """The inspection team as the report's body lists it (SIF reports: "Lead
        inspector: ...", "Team inspectors: ..."), its lines that name inspectors quoted
        and cited, one block per report; None when a report lists no team."""
        found = []
        for doc in docs:
            unit = self._team_unit(doc)
            if unit is None:
                return None
            spans, offset = [], 0
            for line in unit.text.split("\n"):
                label = line.split(":", 1)[0] if ":" in line else ""
                if "inspector" in label.lower():
                    spans.append((offset, offset + len(line)))
                offset += len(line) + 1
            if not spans:
                return None
            found.append((unit, citation(unit, spans[0][0], spans[-1][1])))
        unit, cited = found[0]
        row = sentence_row_at(self.index, unit, cited.char_start or 0)
        features = (
            sentence_features(self.index, self.weights, evidence, row) if row is not None else {}
        )
        if len(found) == 1:
            answer = cited.quote
        else:
            answer = "\n".join(f"{self._name(c.doc)}:\n{c.quote}" for _, c in found)
        return Draft(
            kind="frontmatter",
            answer=answer,
            span=None,
            citations=[c for _, c in found],
            features=features,
            match=1.0,
            checks_terms=False,
        )

    def _name(self, doc: str) -> str:
        ref = self.reports.get(doc)
        return ref.label() if ref is not None else doc

    def _docs(self, evidence: Evidence) -> list[str]:
        route = evidence.retrieval.route
        if route is not None and route.docs:
            return list(route.docs)
        passages = evidence.retrieval.passages
        return [passages[0].unit.doc] if passages else []


def _line_around(unit: Unit, start: int, end: int) -> tuple[int, int]:
    """The whole line of the front page that holds the value (label included)."""
    line_start = unit.text.rfind("\n", 0, start) + 1
    line_end = unit.text.find("\n", end)
    return line_start, len(unit.text) if line_end < 0 else line_end
