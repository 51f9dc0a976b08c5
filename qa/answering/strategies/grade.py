"""Grade questions, answered from the parsed structure (heading grades and the findings
table), citing the judgement area's first paragraph, or the findings table's row."""

from __future__ import annotations

import re

from qa.answering.citing import citation, first_sentence_citation
from qa.answering.question import (
    ASKS_FOR_GRADE,
    ASKS_HOW_RATED,
    ASKS_IF_GOT_GRADE,
    ASKS_IF_GRADED,
    ASKS_IF_GRADED_FOR,
    ASKS_OFSTED_VIEW,
    OFSTED_GAVE,
    OFSTED_THOUGHT,
)
from qa.answering.strategies import Draft, Evidence, which_report
from qa.answering.strategies.crossreport import (
    OVERALL,
    Theme,
    graded_headings,
    load_themes,
    themes_named,
)
from qa.answering.strategies.features import sentence_features, sentence_row_at
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import Finding, Unit
from qa.text.normalise import heading_key
from qa.text.terms import stems

# Judgement-area match score = AREA * share of the area's terms in the question + PART *
# share of the part's own terms + SUPPORT when a top-3 passage sits under that heading.
# An area is a candidate only with half its terms in the question, or that support.
# Hand-set when grade answers were first written (area words dominate, the part only
# breaks ties between parts); `qa eval`'s "grade" row measures them on both gold splits.
AREA_WEIGHT, PART_WEIGHT, SUPPORT_BONUS, MIN_AREA_SHARE = 2.0, 0.6, 0.5, 0.5

# "What did Luton get for the impact of leaders?": got, of a theme, is a grade. ("How did
# Bath's children in care do in their GCSEs?" is not.)
_WHAT_GOT = re.compile(rf"^what did .+ (?:get|receive|achieve)\b|{OFSTED_GAVE}", re.I)
# "What did inspectors think of X?": X is what they judged; "Is X any good?" too.
_THINK_OF = re.compile(rf"{OFSTED_THOUGHT}\s+(.+)|^(?:is|are|was|were)\s+(.+?)\s+any good\b", re.I)
# Words that link the thing judged to what it is of or for ("the plans *for* looked
# after children", "the help X gives *to* adoptive families"). Generic English.
_LINKING = re.compile(
    r"\b(?:for|of|to|in|on|with|about|by|from|at|that|which|who|how|when|where)\b", re.I
)
# Words for a service as a whole, which is what a judgement area grades ("... services
# for care leavers", "... work with children in care"). Generic English.
_WHOLE_SERVICE = re.compile(
    r"(?:overall\s+)?(?:services?|work|performance|provision|practice)\b", re.I
)
# "How did Kent get on for care leavers?", "How did Salford do on adoption?": how a
# council fared *for* a theme is its grade ("How did Bath's children in care do in their
# GCSEs?" is not); so is how a theme fared, said last ("How did Knowsley's leadership do
# in 2017?").
_HOW_FARED = re.compile(
    r"\bhow did .+? (?:do|fare|get on|come out)\b(?: (?:at|in) (?:the |its )?(?:\d{4} )?"
    r"(?:ofsted |inspection |report )*)?\s*(?:for|on|with|in terms of)\b|"
    r"^how did (?:[\w'\u2019&-]+ ){1,8}?(?:do|fare|get on|come out)(?: (?:in (?:19|20)\d{2}|"
    r"overall|at (?:the|its|their) (?:[\w-]+ ){0,2}inspection))*\s*\??$",
    re.I,
)
# A question that asks a council's grade and nothing else ("What grade did Knowsley get?",
# "Barnet Ofsted rating", "What did Ofsted rate Bury?", "Was Luton judged inadequate?",
# "Overall effectiveness of Derby"): past the council's name, only words of asking for a
# grade (one at least) and of these (generic English and Ofsted's grade words).
_GRADE_ASKED = frozenset(
    "grade graded rating rated rate judged judgement judgment ofsted overall effectiveness "
    "get got receive received achieve achieved score scored".split()
)
_GRADE_ONLY = _GRADE_ASKED | frozenset(
    "what which how did does do was were is are its their the in at for of by last latest "
    "most recent inspection inspected given gave give outstanding good adequate inadequate "
    "requires improvement to be council city borough county metropolitan district s".split()
)


# The council's children's services as a whole, which its overall judgement grades ("Is
# Hull children's services inadequate?", "Is Oxfordshire's social care good?", "... still
# inadequate after the 2017 re-inspection?").
_WHOLE_COUNCIL = _GRADE_ONLY | frozenset(
    "children childrens service services social care still now after since following re "
    "reinspection visit this that or bad not poor".split()
)


class GradeStrategy:
    kind = "grade"

    def __init__(self, index: SearchIndex, weights: TermWeights):
        self.index = index
        self.weights = weights
        # The judgement areas' themes and the words staff use for each
        # (qa/answering/judgement_areas.tsv): "care leavers" names "The experiences and
        # progress of children care leavers", as one 2025 table prints it, though that
        # area's words are only two fifths the question's.
        self.themes = load_themes()

    def draft(self, evidence: Evidence) -> Draft | None:
        named, councils_own = self._themes_asked(evidence)
        if named:
            # "What grade did we get for adoption?" over many reports: no council, so no
            # judgement table, is named.
            unnamed = which_report("grade", evidence, len(self.index.documents))
            if unnamed is not None:
                return unnamed
        best = self._best_finding(evidence, named)
        if best is None:
            return self._no_overall(evidence, named)
        area_share, doc_id, finding = best
        grade_text = f"Grade {finding.grade.number} ({finding.grade.label})"
        unit = self._section_unit(doc_id, finding.part, finding.area)
        if unit is not None:
            cited = first_sentence_citation(self.index, unit)
        else:
            table = next((u for u in self.index.units_of(doc_id) if u.kind == "findings"), None)
            if table is None:
                return None
            start, end = _findings_line(table.text, finding.part, finding.area)
            cited, unit = citation(table, start, end), table
        row = sentence_row_at(self.index, unit, cited.char_start or 0)
        features = (
            sentence_features(self.index, self.weights, evidence, row) if row is not None else {}
        )
        return Draft(
            kind="grade",
            answer=f"{grade_text}: {cited.quote}",
            span=grade_text,
            citations=[cited],
            features=features,
            match=area_share,
            # "is barnet good or bad": past the council's name, only words of asking for a
            # grade, which the corpus need not print ("bad").
            checks_terms=not councils_own,
        )

    def _themes_asked(self, evidence: Evidence) -> tuple[list[Theme], bool]:
        """The judgement themes whose grade the question asks for, and whether it asks the
        council's own grade in so many words (its name and words of asking alone)."""
        # Only a question that asks for a grade in so many words ("How did Bath's children
        # in care do in their GCSEs?" names the theme but asks no grade), or in the words
        # that make it a grade question ("What did Luton get for the impact of leaders?").
        text = evidence.question.text
        asks = (
            ASKS_FOR_GRADE.search(text)
            or _WHAT_GOT.match(text.strip())
            or _HOW_FARED.search(text)
            or ASKS_IF_GOT_GRADE.search(text.strip())
            or ASKS_IF_GRADED_FOR.search(text.strip())
            or ASKS_HOW_RATED.search(text)
        )
        named = themes_named(self.themes, text) if asks else []
        council = _council_words(evidence)
        if not named and council and ASKS_IF_GRADED.search(text.strip()):
            # "Is Hull children's services inadequate?": the council's services as a whole
            # are what its overall judgement grades.
            if _names_only_the_council(text, council, _WHOLE_COUNCIL):
                return [t for t in self.themes if t.name == OVERALL], True
        if not named and council and _asks_councils_grade(text, council):
            # "What grade did Knowsley get?": the grade of the council itself, which is
            # its overall judgement (never read from a heading).
            return [t for t in self.themes if t.name == OVERALL], True
        return named, False

    def judged_in_other_words(self, evidence: Evidence) -> Draft | None:
        """The grade of a judgement area asked in evaluative words by a question of
        another kind ("How good is Stockport at adoption according to Ofsted?", "Was East
        Riding's leadership any good?"); None when the question names no area ("LADO any
        good?")."""
        question = evidence.question
        if question.kind != "fact":
            # "How many children in care according to Ofsted?" asks a count, "Who leads
            # adoption according to Ofsted?" a body: "according to Ofsted" only says
            # where to read the answer.
            return None
        if not ASKS_OFSTED_VIEW.search(question.text) or not themes_named(
            self.themes, question.text
        ):
            return None
        if not self._view_of_an_area(question.text):
            return None
        return self.draft(evidence)

    def _view_of_an_area(self, text: str) -> bool:
        """Whether "What did inspectors think of / make of X?" or "Is X any good?" asks
        about a judgement area itself ("Bolton's leadership and management", "the
        adoption service"), not one thing done within it ("the school plans for
        Middlesbrough's looked after children", "the help Essex gives to adoptive
        families", "the package of support Kent promises its care leavers"): X, past its
        determiner and owner ("Bolton's"), is the area's words or a word for the service
        as a whole. Other wordings ("How good is X at adoption?", "Is X any good at
        adoption?") pass."""
        asked = _THINK_OF.search(text.strip())
        if asked is None:
            return True
        thing = asked[1] or asked[2]
        named = False
        for words in (_WHOLE_SERVICE, *(t.question for t in self.themes)):
            found = words.search(thing)
            if found is not None and not _LINKING.search(thing[: found.start()]):
                return True
            named = named or found is not None
        # "Is Waltham Forest any good at looking after children in care?": the thing is
        # the council, and the area is named after "any good".
        return asked[2] is not None and not named

    def councils_grade(self, evidence: Evidence) -> Draft | None:
        """The routed council's grade, for a question of another kind that asks only that
        ("What did Ofsted rate Bury?", "Was Luton judged inadequate?": the judgement
        answers, yes or no)."""
        council = _council_words(evidence)
        if not council or not _asks_councils_grade(evidence.question.text, council):
            return None
        return self.draft(evidence)

    def _no_overall(self, evidence: Evidence, named: list[Theme]) -> Draft | None:
        """The overall judgement asked of one report whose table gives none (the 2026
        reports judge the areas alone): an abstention that says so and shows the table's
        lines, instead of a sentence that happens to say "good"."""
        route = evidence.retrieval.route
        if len(named) != 1 or named[0].name != OVERALL or route is None or len(route.docs) != 1:
            return None
        doc = route.docs[0]
        info = self.index.documents.get(doc)
        table = next((u for u in self.index.units_of(doc) if u.kind == "findings"), None)
        if info is None or table is None or not info.findings:
            return None
        if any(named[0].area.search(f.area) for f in info.findings):
            return None
        lines = [
            table.text[slice(*_findings_line(table.text, f.part, f.area))] for f in info.findings
        ]
        # The report does not answer: an abstention, whose words say why and what the
        # table does grade (as printed; "What grades did ... get?" quotes them, cited).
        note = "The report gives no overall judgement. Its judgement table:\n" + "\n".join(lines)
        return Draft.abstaining("grade", note)

    def _best_finding(
        self, evidence: Evidence, named: list[Theme]
    ) -> tuple[float, str, Finding] | None:
        """Match the question to a judgement area of the structure, disambiguated by part."""
        q_stems = set(evidence.terms)
        top = evidence.retrieval.passages[:3]
        docs = {p.unit.doc for p in top}
        top_sections = {(p.unit.doc, p.unit.part, p.unit.section) for p in top}
        best = self._best_of(q_stems, docs, top_sections, named, lambda doc, info: info.findings)
        if best is None and named and named[0].name != OVERALL:
            # No table row is of the area named ("What was the LSCB judged in Walsall?": its
            # table lists the services alone): the graded headings of the report's body
            # ("Inspection findings - the Local Safeguarding Children Board", Grade 3).
            # Only a heading of the theme named: no heading is the overall judgement,
            # which some reports do not give (ILACS 2026).
            def of_theme(doc: str, info) -> list[Finding]:
                return [
                    f
                    for f, _ in graded_headings(self.index, doc)
                    if any(t.area.search(f"{f.part or ''} {f.area}") for t in named)
                ]

            best = self._best_of(q_stems, docs, top_sections, named, of_theme)
        return best

    def _best_of(self, q_stems, docs, top_sections, named, areas_of) -> tuple | None:
        best = None
        for doc_id, info in self.index.documents.items():
            if docs and doc_id not in docs:
                continue
            findings = list(areas_of(doc_id, info))
            area_terms = [set(stems([f.area])[0]) for f in findings]
            for i, finding in enumerate(findings):
                area = area_terms[i]
                if not area:
                    continue
                # Share of the area's terms in the question, or of its own terms (those no
                # other area of the report has): "help and protection" names "The
                # experiences and progress of children who need help and protection".
                own = area - set().union(*(a for j, a in enumerate(area_terms) if j != i))
                area_cov = max(
                    len(area & q_stems) / len(area),
                    len(own & q_stems) / len(own) if len(own) >= 2 else 0.0,
                )
                of_named = len(named) == 1 and bool(named[0].area.search(finding.area))
                if of_named:
                    area_cov = max(area_cov, MIN_AREA_SHARE)
                part = set(stems([finding.part or ""])[0]) - area
                part_cov = len(part & q_stems) / len(part) if part else 0.0
                support = any(
                    d == doc_id
                    and pt == finding.part
                    and s
                    and heading_key(s).endswith(heading_key(finding.area))
                    for d, pt, s in top_sections
                )
                score = (
                    AREA_WEIGHT * area_cov
                    + PART_WEIGHT * part_cov
                    + (SUPPORT_BONUS if support else 0.0)
                )
                if area_cov >= MIN_AREA_SHARE or support:
                    # On a tie, the area of the theme named ("Is Medway's children's
                    # social care inadequate overall?": overall effectiveness, not the
                    # row on children in care that shares as many of its words).
                    key = (score, of_named, area_cov)
                    if best is None or key > best[0]:
                        best = (key, doc_id, finding)
        if best is None:
            return None
        return best[0][2], best[1], best[2]

    def _section_unit(self, doc: str, part: str | None, area: str) -> Unit | None:
        key = heading_key(area)
        for unit in self.index.units_of(doc):
            if (
                unit.part == part
                and unit.kind == "paragraph"
                and unit.section
                and heading_key(unit.section.split(" > ")[-1]) == key
            ):
                return unit
        return None


def _council_words(evidence: Evidence) -> frozenset[str]:
    """The words of the routed council's names, official and as written (none when the
    question is routed to no council's report)."""
    route = evidence.retrieval.route
    if route is None or not route.council or not route.docs:
        return frozenset()
    return route.name_words()


def _asks_councils_grade(text: str, council_words: frozenset[str]) -> bool:
    """Whether ``text`` asks the grade of the routed council alone ("What grade did
    Kingston upon Hull City Council get?"), not of one of its services ("What grade did
    Knowsley's fostering service get?")."""
    rest = _past_council(text, council_words)
    return (
        rest is not None
        and any(w in _GRADE_ASKED for w in rest)
        and all(w in _GRADE_ONLY for w in rest)
    )


def _names_only_the_council(
    text: str, council_words: frozenset[str], allowed: frozenset[str]
) -> bool:
    """Whether every word of ``text`` past the routed council's name is one of ``allowed``."""
    rest = _past_council(text, council_words)
    return rest is not None and all(w in allowed for w in rest)


def _past_council(text: str, council_words: frozenset[str]) -> list[str] | None:
    """The words of ``text`` that are not the council's name; None when it names none."""
    words = re.findall(r"[a-z&]+", text.lower().replace("\u2019s", " ").replace("'s", " "))
    rest = [w for w in words if w not in council_words]
    return rest if len(rest) < len(words) else None


def _findings_line(text: str, part: str | None, area: str) -> tuple[int, int]:
    """Offsets of the rendered findings table's line for ``area`` inside ``part``'s block
    (the first line when there is none)."""
    in_part = part is None
    offset = 0
    first = (0, len(text.split("\n")[0]))
    for line in text.split("\n"):
        span = (offset, offset + len(line))
        offset += len(line) + 1
        if part is not None and line == f"{part}:":
            in_part = True
            continue
        if in_part and heading_key(line).startswith(heading_key(area)):
            return span
    return first
