"""List questions ("what needs to improve?"): the items of the best-matching list(s) in the
top passages, each cited with its own offsets."""

from __future__ import annotations

import re
from functools import lru_cache

from qa.answer import Citation
from qa.answering.citing import citation, first_sentence_citation
from qa.answering.question import SPAN_PATTERNS, limit_of
from qa.answering.strategies import Draft, Evidence
from qa.answering.strategies.features import sentence_features, sentence_row_at
from qa.answering.terms import TermWeights
from qa.index.searchindex import SearchIndex
from qa.models import Unit
from qa.text.terms import QUESTION_WORDS, stems

LIST_PASSAGES = 5  # passages searched for lists
MAX_LISTS = 2  # lists quoted when several match the question equally well
_ITEM = re.compile(r"^\s*(?:[-\u2022\u2013*]\s+)?")
_WORDS = re.compile(r"[a-z]+")

Item = tuple[str, tuple[int, int]]  # text, (start, end) in the unit's text


class ListStrategy:
    kind = "list"

    def draft(self, evidence: Evidence) -> Draft | None:
        """Items of the best-matching list(s), each with its paragraph. The abstention
        decision was already taken on the best sentence (the dispatcher's)."""
        q_words = set(_WORDS.findall(evidence.question.text.lower()))
        groups = []  # (overlap, -rank, unit, heading, items)
        for rank, passage in enumerate(evidence.retrieval.passages[:LIST_PASSAGES]):
            for heading, items in lists_in(passage.unit.text):
                words = set(_WORDS.findall(heading.lower()))
                overlap = len(words & q_words) / len(words) if words else 0.0
                groups.append((overlap, -rank, passage.unit, heading, items))
        if not groups:
            return None
        groups.sort(key=lambda g: (g[0], g[1]), reverse=True)
        best_overlap = groups[0][0]
        chosen = [g for g in groups if g[0] == best_overlap and best_overlap > 0] or groups[:1]
        lines: list[str] = []
        citations: list[Citation] = []
        for _, _, unit, heading, items in chosen[:MAX_LISTS]:
            lines.append(f"{heading} ({unit.label})" if heading else unit.label)
            lines.extend(text for text, _ in items)
            citations.extend(citation(unit, start, end) for _, (start, end) in items)
        return Draft(
            kind="list", answer="\n".join(lines), span=None, citations=citations, features={}
        )


def lists_in(text: str) -> list[tuple[str, list[Item]]]:
    """[(heading, items)] for each list in a unit's text; a heading is a line ending in ':'
    (or the short sentence that ends a line with ':', where the PDF's lines ran a heading
    into the sentence or item before it: "... recorded. Within three months:").
    Each item is its text without the bullet, with its offsets in ``text``."""
    out: list[tuple[str, list[Item]]] = []
    heading, items = "", []  # type: tuple[str, list[Item]]
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        glued = _GLUED_HEADING.search(line) if line.rstrip().endswith(":") else None
        if glued is not None:
            if heading:
                # The item the heading was run into ends at its sentence's full stop.
                _add_item(items, text, start, line[: glued.start(1)])
            out.append((heading, items))
            heading, items = glued.group(1).rstrip(":"), []
        elif line.endswith(":") and len(line) < 80:
            out.append((heading, items))
            heading, items = line.rstrip(":"), []
        elif heading:
            _add_item(items, text, start, line)
    out.append((heading, items))
    # A heading with no item under it (or text before the first heading) is no list.
    return [(h, i) for h, i in out if i]


# "... have been recorded. Within three months:": a short sentence after a full stop that
# ends a line with a colon.
# (Not after an abbreviation: "the service, e.g. Early Help:", "Mr. Smith said:".)
_GLUED_HEADING = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)"
    r"[.;]\s+([A-Z][^.:;]{0,60}:)\s*$"
)


def _add_item(items: list[Item], text: str, start: int, line: str) -> None:
    """``line`` (starting at ``start`` in ``text``) as an item without its bullet."""
    bullet = _ITEM.match(line)
    body_start = start + (bullet.end() if bullet else 0)
    body = text[body_start : start + len(line)]
    stripped = body.strip()
    if not stripped:
        items.append(("", (body_start, body_start)))
        return
    lead = body.index(stripped)
    items.append((stripped, (body_start + lead, body_start + lead + len(stripped))))


# "What does Barnet need to improve?": the report's own list of what to improve.
_ASKS_IMPROVEMENTS = re.compile(
    r"\b(improve|improvements?|improvement areas?|areas? for (?:development|improvement)|"
    r"recommendations?|recommend\w*|weakness(?:es)?|should (?:do|change)|"
    r"(?:needs?|has|have)(?: got)? to (?:do|change|fix|sort out|address|tackle)|"
    # "What has Cornwall been told to fix?"
    r"(?:told|asked) to (?:change|fix|sort out|address|tackle)|"
    r"must (?:do|change|fix|sort out|address|tackle)|(?:priority|immediate) actions?|"
    r"(?:should|must|needs?|got to|has to|have to)\b[^?.]{0,30}?\bwork on|"
    # "What did Ofsted tell Sandwell to do for care leavers?", "What does Ofsted want
    # Cheshire East to work on?": Ofsted or its inspectors ask it (not "What do young
    # people want to do after school?").
    r"(?:ofsted|inspectors?)\b[^?.]{0,15}?\b(?:tell|told|tells|ask|asked|asks|want|wants|"
    r"wanted)\b[^?.]{0,30}?\b(?:to do|work on)\b|"
    r"(?:do|be|get) better)\b",
    re.I,
)


# "Which practice model ... to take them to the next level of improvement?", "Which
# organisation did the school commission to improve attendance?": one thing is asked
# for, and improving is only its purpose; the report's list of improvements is no answer.
_ASKS_ONE_THING = re.compile(
    r"^(?:which|what) (?:[\w'-]+ ){0,3}?(?:models?|organi[sz]ations?|charit(?:y|ies)|"
    r"compan(?:y|ies)|agency|providers?|schemes?|programmes?|approach|frameworks?|tools?|"
    r"systems?|person|officers?|roles?|teams?|body|partners?)\b(?! (?:needs?|must|should)\b)",
    re.I,
)


# "Who chairs the improvement board?", "How many improvement actions ...?": a question
# that asks for one value (a person, a body, a number, a date) does not ask for the list.
_ONE_VALUE = frozenset(SPAN_PATTERNS) - {"grade"}


# "Did Kent improve since the last inspection?" asks whether it has improved, which its
# list of what still needs improving does not say; "Does Kent need to improve anything?"
# asks for that list.
_ASKS_WHETHER_IMPROVED = re.compile(
    r"^(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b"
    r"(?!.*\b(?:needs?|must|should|has to|have to|ought to)\b)",
    re.I,
)


# "What did Ofsted tell Sandwell to do for care leavers?": what a list question narrows
# to, after its last "for", "about" or "regarding" (generic English).
_TOPIC = re.compile(
    r"\b(?:for|about|regarding)\s+((?:(?!\b(?:for|about|regarding)\b)[^?.])+)", re.I
)
_LOOKED_AFTER = re.compile(r"\blooked[ -]after\b", re.I)
# Words of a list question's "for ..." that narrow nothing: what is asked for ("the
# recommendations for improvement") and whom every item is for ("for children", "for the
# local authority"). Generic English.
_NOT_A_TOPIC = (
    "improve improvement improvements recommendation recommendations area areas development "
    "action actions priority priorities next children child young people families family "
    "local authority council councils service services"
)


@lru_cache(maxsize=1)
def _not_topic_stems() -> frozenset[str]:
    """The stems of the question words and of :data:`_NOT_A_TOPIC`, read once."""
    return frozenset(stems([" ".join(QUESTION_WORDS) + " " + _NOT_A_TOPIC])[0])


def on_topic(question: str, texts: list[str]) -> list[int]:
    """The indices of ``texts`` that hold every word of the topic the question narrows to
    ("... for care leavers"; "looked after" read as "in care"); all of them when it names
    none, or when no text holds it (the council's name, "What needs to improve for
    Bury?", is no topic)."""
    everything = list(range(len(texts)))
    found = _TOPIC.findall(question)
    if not found:
        return everything
    skipped = _not_topic_stems()
    # "... for care leavers in Kent": a place after the topic is no part of it
    phrase = re.split(r"\b(?:in|at|across|within)\b", found[-1], maxsplit=1)[0]
    topic = set(stems([_LOOKED_AFTER.sub("in care", phrase)])[0]) - skipped
    if not topic:
        return everything
    held = [set(t) for t in stems([_LOOKED_AFTER.sub("in care", t) for t in texts])]
    kept = [i for i in everything if topic <= held[i]]
    return kept or everything


# The safeguarding board a SIF report also reviews, in its own part with its own
# recommendations ("The Local Safeguarding Children Board (LSCB)"). Generic: the
# statutory names and their short forms.
_NAMES_BOARD = re.compile(
    r"\b(?:[a-z]?scbs?|safeguarding (?:children )?(?:board|partnership)s?)\b", re.I
)


def _of_whom_asked(question: str, units: list[Unit]) -> list[Unit]:
    """``units`` of the part the question asks about: the safeguarding board's when it
    names the board ("What did Ofsted recommend for the Stockport Safeguarding Children
    Board?"), else the council's own (the board's recommendations left out); all of them
    where the report has no such part."""
    board = [u for u in units if u.part and _NAMES_BOARD.search(u.part)]
    if not board:
        return units
    if _NAMES_BOARD.search(question):
        return board
    return [u for u in units if not (u.part and _NAMES_BOARD.search(u.part))]


class ReportListStrategy:
    """The items of the report's own unnumbered list ("What needs to improve?", kind
    ``list`` units from ingestion), each cited, for questions that ask what a council must
    improve. Reports without such a unit (the seed's text) are left to :class:`ListStrategy`."""

    kind = "list"

    def __init__(self, index: SearchIndex, weights: TermWeights):
        self.index = index
        self.weights = weights

    def draft(self, evidence: Evidence) -> Draft | None:
        text = evidence.question.text
        if (
            evidence.question.kind in _ONE_VALUE
            or not _ASKS_IMPROVEMENTS.search(text)
            or _ASKS_ONE_THING.search(text)
            or _ASKS_WHETHER_IMPROVED.search(text)
        ):
            return None
        doc = _doc_of(evidence)
        units = _of_whom_asked(text, self.index.units_of(doc) if doc else [])
        recommended = [
            u
            for u in units
            if u.kind == "paragraph"
            and u.section
            and _RECOMMENDATIONS_HEADING.search(u.section.split(" > ")[-1])
            and not _NONE_UNDER.match(u.text)
        ]
        if recommended and not any(_BULLET.search(u.text) for u in recommended):
            # SIF reports number their recommendations as paragraphs ("Recommendations",
            # "Priority and immediate action"): each one's first sentence, cited. (A 2013
            # report's one paragraph that lists them, "Within three months:", is the list
            # strategy's.) Those on the topic asked about, where it names one.
            kept = on_topic(text, [u.text for u in recommended])
            return self._first_sentences(evidence, [recommended[i] for i in kept])
        if (
            recommended
            and evidence.question.kind not in ("list", "grade")
            and limit_of(text) is None
        ):
            # A 2013 report's one paragraph that lists them under "Immediately:",
            # "Within three months:": its lists, for a question worded as no list ("What
            # did Ofsted tell Norfolk it had to do?"); a list question reads the passages'
            # lists (ListStrategy), a grade question ("How was its capacity to improve
            # graded?") the judgement table; "What are the main weaknesses?" asks a
            # summary, which no quote is.
            listed = self._paragraph_lists(evidence, recommended)
            if listed is not None:
                return listed
        unit = next((u for u in units if u.kind == "list"), None)
        if unit is None:
            return None
        items = _bullet_items(unit.text)
        items = [items[i] for i in on_topic(text, [item for item, _ in items])]
        if not items:
            return None
        # An unnumbered list's unit id ("improve") names nothing to a reader: the heading alone.
        lines = [unit.section or "What needs to improve"]
        lines.extend(text for text, _ in items)
        cited = [citation(unit, start, end) for _, (start, end) in items]
        return self._listed(evidence, lines, cited, unit, items[0][1][0])

    def _paragraph_lists(self, evidence: Evidence, units: list[Unit]) -> Draft | None:
        """Every list of ``units`` under its heading and paragraph number, each item cited."""
        lines: list[str] = []
        citations: list[Citation] = []
        for unit in units:
            for heading, items in lists_in(unit.text):
                items = [item for item in items if item[0]]
                # Those on the topic asked about, where it names one ("What did Ofsted
                # tell Norfolk to do about care leavers?").
                items = [items[i] for i in on_topic(evidence.question.text, [t for t, _ in items])]
                if not items:
                    continue
                lines.append(f"{heading} ({unit.label})")
                lines.extend(item for item, _ in items)
                citations.extend(citation(unit, start, end) for _, (start, end) in items)
        if not citations:
            return None
        first = next(u for u in units if u.unit == citations[0].unit)
        return self._listed(evidence, lines, citations, first, citations[0].char_start or 0)

    def strengths(self, evidence: Evidence) -> Draft | None:
        """The first sentence of each numbered paragraph the report heads as its strengths
        ("The local authority's strengths", "... has the following strengths", "This
        local authority is good because"), each cited, for "What are X's strengths?".
        None where the report has no such heading (ILACS reports) or the question asks
        something else."""
        if not _ASKS_STRENGTHS.search(evidence.question.text):
            return None
        doc = _doc_of(evidence)
        units = [
            u
            for u in (self.index.units_of(doc) if doc else [])
            if u.kind == "paragraph" and u.section and _STRENGTHS_HEADING.search(u.section)
        ]
        if not units:
            return None
        return self._first_sentences(evidence, units)

    def _first_sentences(self, evidence: Evidence, units: list[Unit]) -> Draft:
        """The first sentence of each of ``units`` (paragraphs of one heading, in the
        report's order), each cited, under the heading and the paragraphs' numbers; at
        most :data:`MAX_STRENGTHS`, the rest counted."""
        cited = [first_sentence_citation(self.index, u) for u in units[:MAX_STRENGTHS]]
        headings = dict.fromkeys(u.section.split(" > ")[-1] for u in units if u.section)
        lines = [f"{'; '.join(headings)} ({units[0].label} to {units[-1].label})"]
        lines.extend(c.quote for c in cited)
        if len(units) > MAX_STRENGTHS:
            lines.append(f"... and {len(units) - MAX_STRENGTHS} more")
        return self._listed(evidence, lines, cited, units[0], cited[0].char_start or 0)

    def _listed(
        self,
        evidence: Evidence,
        lines: list[str],
        citations: list[Citation],
        unit: Unit,
        start: int,
    ) -> Draft:
        """A list answer of ``lines``, judged on the sentence of ``unit`` at ``start``
        (its first item's)."""
        row = sentence_row_at(self.index, unit, start)
        return Draft(
            kind="list",
            answer="\n".join(lines),
            span=None,
            citations=citations,
            features=(
                sentence_features(self.index, self.weights, evidence, row)
                if row is not None
                else {}
            ),
            match=1.0,
        )


# "What are Oxfordshire's strengths?", "What is Essex doing well?" (not "strengths-based",
# "strengthen", nor the "Strengths and Difficulties Questionnaire"; "Is X any good at
# adoption?" asks Ofsted's judgement, a grade).
_ASKS_STRENGTHS = re.compile(
    r"\bstrengths?\b(?!-|\s+and\s+difficult)|\bdoing well\b|\bdoes well\b|(?<!\bany )\bgood at\b",
    re.I,
)
# The headings SIF reports give their list of strengths (not the LSCB's "Key strengths and
# weaknesses", nor "... not yet good because").
_STRENGTHS_HEADING = re.compile(
    r"authority\W?s strengths$|has the following strengths|"
    r"\b(?:is|are) (?:good|outstanding) because\b",
    re.I,
)
MAX_STRENGTHS = 12  # first sentences listed; the rest are counted
# The headings SIF reports number their recommendations under.
_RECOMMENDATIONS_HEADING = re.compile(
    r"^(?:recommendations|priority and immediate action|priority actions|"
    r"areas for improvement:?)$",
    re.I,
)
_BULLET = re.compile(r"^\s*[-\u2022\u2013*]\s", re.M)  # a line that is a list item
# "There are no areas for priority or immediate action.": a heading kept, with nothing under it.
_NONE_UNDER = re.compile(r"^there (?:are|were|is) no\b", re.I)


# A paragraph that opens with a bare verb telling the council what to do ("Ensure that
# ...", "Improve the use of data ...", "Review and strengthen ..."): a recommendation,
# whatever heading the parser put it under (SIF reports group theirs under sub-headings
# such as "Corporate parenting"). Generic English imperatives; "Review" only where it
# cannot be a noun ("Review meetings are held ...").
_IMPERATIVE = re.compile(
    r"^(?:(?:Ensure|Make sure|Improve|Strengthen|Develop|Establish|Increase|Reduce|"
    r"Implement|Undertake|Provide|Embed|Raise)\s+[a-z]|Review\s+(?:and|the|all|how)\b)"
)


def is_recommendation(unit: Unit) -> bool:
    """Whether ``unit`` is a report's list of what needs to improve, or one of the
    recommendations a SIF report numbers as paragraphs."""
    if unit.kind == "list":
        return True  # the parser makes lists of improvement headings only
    heading = unit.section.split(" > ")[-1] if unit.section else ""
    return unit.kind == "paragraph" and bool(
        _RECOMMENDATIONS_HEADING.search(heading) or _IMPERATIVE.match(unit.text)
    )


def _doc_of(evidence: Evidence) -> str | None:
    route = evidence.retrieval.route
    if route is not None and route.docs:
        return route.docs[0]
    passages = evidence.retrieval.passages
    return passages[0].unit.doc if passages else None


def _bullet_items(text: str) -> list[Item]:
    """Each line of a list unit without its bullet, with its offsets."""
    items: list[Item] = []
    offset = 0
    for line in text.split("\n"):
        bullet = _ITEM.match(line)
        start = offset + (bullet.end() if bullet else 0)
        body = line[bullet.end() if bullet else 0 :].strip()
        if body:
            lead = text.index(body, start)
            items.append((body, (lead, lead + len(body))))
        offset += len(line) + 1
    return items
