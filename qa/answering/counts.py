"""Count questions: which numbers in a text count the X of "how many X".

What X is comes from :func:`qa.answering.question.counted_noun` (``Question.counted``).

"How many looked after children ...": the answer is a number written right before those
words ("1356 looked after children"), not any number near them ("601 children who were
subject to ..."). The same fit ranks answer sentences (:mod:`qa.answering.answerer`) and, before
that, the retrieved paragraphs (:func:`rerank_counts`): in a report where nearly every
paragraph of a part mentions looked after children, the one that counts them is the one
to read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice

from qa.answering.question import COUNT_SKIPPED, Question, find_spans, in_care, singular_stem
from qa.text.terms import prefix_stem, stems, words

# Added to a paragraph's fused score (0 to 1 after convex fusion) times its best count
# fit, for count questions only. The median gap between the fused scores at ranks 1 and 5
# of the dev split's count questions (0.49, printed by `qa calibrate`): a paragraph that
# literally counts the thing asked about climbs from below the top five into it.
COUNT_BOOST = 0.49


def scored_counts(head: tuple[str, ...], text: str, spans) -> list[tuple[float, tuple[int, int]]]:
    """[(fit, span)] best first; fit = share of the counted noun's words that follow the
    number (within its length + 2 words), divided by 1 + the words before the first one.

    "How many looked after children": "1356 looked after children" fits 1.0, "601
    children who were ..." fits 1/3, so the count of the right thing wins.
    """
    if not head or not _says_status(head, text):
        return []
    scored = []
    for start, end in spans:
        if _NO_COUNT_BEFORE.search(text[:start]) or _NO_COUNT_AFTER.match(text[end:]):
            continue  # a rate's base, an age or a quote's speaker: no count
        bracketed = _bracketed_count(head, text, start, end)
        if bracketed:
            # "A significant number of children (144) are missing ...": the number in
            # brackets counts the words right before it.
            scored.append((bracketed, (start, end)))
            continue
        # One word more than the window, to see what a possessive qualifies.
        # "an eight-day check-in": the word joined to the number follows it, and is
        # singular ("day" counts the days asked about).
        following = [
            w
            for w in words(text[end:].replace("\u2019", "'"))
            if w.lower() not in COUNT_SKIPPED and w.strip("-")
        ][: len(head) + 3]
        joined = bool(following) and following[0].startswith("-")
        following = [w.lstrip("-") for w in following]
        stems = list(in_care(tuple(prefix_stem(w) for w in following)))
        if joined and stems and stems[0] not in head:
            singular = {singular_stem(h): h for h in head}
            stems[0] = singular.get(singular_stem(following[0]), stems[0])
        possessive = [w.lower().endswith("'s") for w in following]
        if len(possessive) != len(stems):  # "looked after" read as one word: realign
            possessive = [False] * len(stems)
        hits = [
            i
            for i, stem in enumerate(stems[: len(head) + 2])
            # "80 children's centres" counts centres, not children: a possessive counts
            # only when the question counts what it qualifies too ("children's homes").
            if stem in head
            and not (possessive[i] and i + 1 < len(stems) and stems[i + 1] not in head)
        ]
        # A year is no count ("in 2016, when York children's services ..."), unless the
        # counted words follow it at once.
        if (
            hits
            and YEAR.fullmatch(text[start:end])
            and (hits[0] > 0 or not re.match(r"\s+[A-Za-z]", text[end:]))
        ):
            continue
        counted = {stems[i] for i in hits}
        if not hits and set(head) & _STAFF_KINDS and _names_rest(head, text):
            # "How many early help workers ...?": "appointed 2 additional practitioners
            # ... waiting for targeted early help" counts such staff in other words, when
            # the sentence names the rest of what is asked.
            hits = [i for i, stem in enumerate(stems[:2]) if stem in _STAFF_KINDS]
            counted = set(head) & _STAFF_KINDS if hits else counted
        if hits:
            share = len(counted) / len(set(head))
            scored.append((share / (1 + hits[0]), (start, end)))
        elif _counts_as_role(head, text[end:]):
            # "Twenty-one young people ... act as care ambassadors": the number counts
            # people who hold the role asked about.
            scored.append((PEOPLE_FIT / 2, (start, end)))
        elif set(head) & _YOUNG_KINDS:
            plain = [w.lower() for w in following[:3]]
            at = next((i for i, word in enumerate(plain) if word in _PEOPLE), None)
            if at is None and _generic_people(head):
                # And the other way: "How many young people ...?" counted as children.
                at = next((i for i, w in enumerate(plain) if prefix_stem(w) in _YOUNG_KINDS), None)
            if at is not None and not YEAR.fullmatch(text[start:end]):
                at -= 1 if at > 0 and plain[at - 1] == "young" else 0
                scored.append((PEOPLE_FIT / (1 + at), (start, end)))
    return sorted(scored, key=lambda item: -item[0])


def counts_another(head: tuple[str, ...], asked: set[str], text: str) -> bool:
    """Whether every number of ``text`` counts a thing the question names but does not
    count ("two universities" for "How many care leavers are at university?"): the word
    right after it is one of the question's stems ``asked``, not of the counted ``head``."""
    spans = find_spans("number", text)
    if not head or not spans:
        return False
    for _, end in spans:
        following = [w for w in words(text[end:]) if w.lower() not in COUNT_SKIPPED][:2]
        # "20 looked after children": read as "care", as the counted noun is
        if not following or set(in_care(tuple(prefix_stem(w) for w in following))) & set(head):
            return False
        if not set(stems(following[:1])[0]) & asked:  # the question's terms, as TermWeights
            return False
    return True


def _bracketed_count(head: tuple[str, ...], text: str, start: int, end: int) -> float:
    """The fit of a number in brackets to the counted noun ``head`` written right before
    it ("children (144)"), as :func:`scored_counts` measures it; 0 when it is not so."""
    before, after = text[:start].rstrip(), text[end:]
    if not before.endswith("(") or not after.startswith(")") or YEAR.fullmatch(text[start:end]):
        return 0.0  # no brackets, or a year in them ("children (2015)")
    preceding = words(before[:-1].replace("\u2019", "'"))[-(len(head) + 1) :]
    said = in_care(tuple(prefix_stem(w) for w in preceding))
    if not said or said[-1] not in head:
        return 0.0
    # A status may follow ("children (144) are currently missing").
    following = words(after[1:].replace("\u2019", "'"))[: len(head) + 2]
    said += in_care(tuple(prefix_stem(w) for w in following))
    return len(set(said) & set(head)) / len(set(head))


# A child's status ("in care", "looked after", "in need", "missing") is part of what "how
# many children in care" counts: a text that never states it counts other children ("74
# children from 43 families ..."). "Care leavers" are a kind, not a status.
_STATUS = frozenset({"care", prefix_stem("need"), prefix_stem("missing")})
_LEAVERS = prefix_stem("leavers")


def _says_status(head: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` states every status the counted noun ``head`` names (none named:
    True)."""
    status = set(_STATUS & set(head))
    if _LEAVERS in head:
        status.discard("care")
    if not status:
        return True
    held = in_care(tuple(prefix_stem(w) for w in words(text.replace("\u2019", "'"))))
    return status <= set(held)


# Reports count care leavers, children in care or pupils as "young people" or "people"
# ("At the time of this inspection, there were over 200 young people in this category"):
# a number before one of these words counts any kind of child or young person, at this
# share of the fit of the kind's own name (which it never outranks). Generic English.
# Plural words only: "One young person said ..." introduces a quote and counts nothing.
_PEOPLE = {"people", "persons", "individuals"}
_YOUNG_KINDS = {
    prefix_stem(w)
    for w in "children child young youngsters kids teenagers adolescents leavers pupils "
    "babies infants boys girls".split()
}
PEOPLE_FIT = 0.5
# A counted noun that names no kind ("young people", "youngsters", "people"): any kind of
# child or young person is what the reports count it as ("no children were living ...").
_GENERIC_PEOPLE = {prefix_stem(w) for w in "young people persons individuals".split()}


def _generic_people(head: tuple[str, ...]) -> bool:
    return bool(head) and set(head) <= _GENERIC_PEOPLE and prefix_stem("people") in head


# Words for staff: a count of any of them counts the staff a question asks about ("How
# many social workers ...?" is not answered by it alone: the other words of the noun must
# fit too). Generic English.
_STAFF_KINDS = {
    prefix_stem(w) for w in "workers practitioners staff professionals employees".split()
}
# "N young people who have experience of care act as / to act as / serve as / trained as
# <role>": people counted by the role they take. The role's words must follow "as"
# within the number's clause (no sentence or clause break before it).
_AS_ROLE = re.compile(
    r"^[^.;:]{0,120}?\b(?:act|acts|acting|serve|serves|serving|work|works|working|"
    r"trained|appointed|recruited|employed)\s+as\s+(?:an?\s+|the\s+)?([\w' -]{3,60})",
    re.I,
)


def _names_rest(head: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` holds every word of the counted noun ``head`` that is not a word
    for staff ("early", "help" of "early help workers")."""
    held = {prefix_stem(w) for w in words(text)}
    return set(head) - _STAFF_KINDS <= held


def _counts_as_role(head: tuple[str, ...], after: str) -> bool:
    """Whether the words after a number name people ("young people", "children", "staff")
    who act as the role ``head`` names (all its words)."""
    first = [prefix_stem(w) for w in words(after)[:3]]
    if not (set(first) & (_YOUNG_KINDS | _STAFF_KINDS | {prefix_stem(w) for w in _PEOPLE})):
        return False
    match = _AS_ROLE.match(after)
    if match is None:
        return False
    role = {prefix_stem(w) for w in words(match.group(1))[: len(head) + 1]}
    return set(head) <= role


YEAR = re.compile(r"(?:19|20)\d\d")  # a year, which counts nothing
# Numbers that count nothing, read from the words around them (generic English): the base
# of a rate ("34.2 per 10,000 children"), an age ("aged 16", "under the age of one",
# "post-16", "16 to 18-year-old care leavers", "16+"), a quote's speaker ("One care leaver
# said ...").
_NO_COUNT_BEFORE = re.compile(
    r"(?:\bper|\baged?|\bages|\bage of|\bpost-|\bpre-|\bunder-|\bover-|"
    # "at key stage 4", "level 2", "Year 11", "tier 3": a label's number counts nothing
    # (a year's number only as a school year, capitalised: "in the last year 68 children")
    r"\bkey stage|\blevel|(?-i:\bYear)|\btier|\bsection|\bparagraph)\s*"
    r"(?:\d+\s*(?:and|or|to|-|\u2013)\s*)?$",  # "aged 16 and 17", "aged 19\u201321"
    re.I,
)
_NO_COUNT_AFTER = re.compile(
    # "16-year-old", "16 to 18-year-old", "16- and 17-year-old": an age
    r"(?:[\s-]*(?:-|\u2013|to|and|or)\s*\d+)?[\s-]*(?:years?[\s-]*olds?\b|yrs?\b|\+)|"
    r"\s+(?:[\w'\u2019-]+\s+){0,3}(?:said|says|told|commented|described|explained|"
    r"reflected|added)\b",
    re.I,
)


# How near a number must stand to the averaged noun ("caseloads average 18",
# "an average of 18 children per social worker's caseload"), in words either side.
AVERAGE_WINDOW = 6


_MONEY_AFTER = re.compile(r"\s*(?:million|billion|m\b|k\b|pounds)", re.I)


def averages(head: str, text: str) -> bool:
    """Whether a number in ``text`` stands within :data:`AVERAGE_WINDOW` words of a word
    whose stem is ``head`` (the averaged noun of "What is the average caseload?")."""
    found = [m.start() for m in re.finditer(r"[A-Za-z'-]+", text) if prefix_stem(m[0]) == head]
    if not found:
        return False
    for start, end in find_spans("number", text):
        if text[max(0, start - 1) : start] == "£" or _MONEY_AFTER.match(text, end):
            continue  # "£1.4 million to reduce social worker caseloads" is no caseload
        for at in found:
            between = text[min(start, at) : max(end, at)]
            if len(words(between)) <= AVERAGE_WINDOW + 1:
                return True
    return False


def rank_gap(retrieval, rank: int = 5) -> float | None:
    """Fused score at rank 1 minus the score at ``rank`` (None with fewer passages): the
    statistic :data:`COUNT_BOOST` is set from."""
    scores = [p.score for p in retrieval.passages]
    return scores[0] - scores[rank - 1] if len(scores) >= rank else None


# "At the point of this inspection, no children were living in unregistered homes": a
# count of none. "No" (or "none of the") is read as a count only where the counted noun's
# words follow it at once (at least half of them) and end the noun phrase: the next word
# is a verb or a function word, or punctuation. So "no evidence" counts nothing asked, and
# "no teenage pregnancy midwife" counts midwives, not pregnancies. Generic English.
_NONE = re.compile(r"\b(?:no|none of the)\b", re.I)
_NOUN_PHRASE_ENDS = set(
    "are is was were be been being have has had will would could can may might do does did "
    "in at on with from for to of by as than under over into within across who that which "
    "and or but yet so currently here there now".split()
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def zero_counts(head: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """Spans of "no" / "none of the" in ``text`` that count the counted noun ``head`` as
    none (see :data:`_NONE`); [] without a counted noun."""
    if not head:
        return []
    out = []
    for match in _NONE.finditer(text):
        after = list(islice(_WORD.finditer(text, match.end()), len(head) + 3))
        # "looked after" is read as "care", as in what a question counts (in_care).
        stems = [
            "care" if m[0].lower() in ("looked", "after") else prefix_stem(m[0]) for m in after
        ]
        if _generic_people(head):
            # "no children" counts the young people asked about as none.
            people = prefix_stem("people")
            stems = [people if stem in _YOUNG_KINDS else stem for stem in stems]
        run, seen = 0, set[str]()
        while run < len(after) and (stems[run] in head or (after[run][0] == "in" and seen)):
            seen.update({stems[run]} & set(head))
            run += 1
        if not stems or stems[0] not in head or len(seen) < len(set(head)) / 2:
            continue
        if run < len(after):
            gap = text[after[run - 1].end() : after[run].start()]
            word = after[run][0].lower()
            if not gap.strip() and not (word in _NOUN_PHRASE_ENDS or word.endswith(("ed", "ing"))):
                continue
        out.append(match.span())
    return out


def zero_phrase(head: tuple[str, ...], text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A zero count's span widened over the counted words after it ("no children", not
    "no"); other spans as they are."""
    start, end = span
    if not _NONE.fullmatch(text[start:end]):
        return span
    last = end
    kinds = _YOUNG_KINDS if _generic_people(head) else set()
    for m in islice(re.finditer(r"[A-Za-z'\u2019-]+", text[end:]), len(head) + 1):
        stem = prefix_stem(m[0])
        if stem in head or stem in kinds or m[0].lower() in _PEOPLE | {"young", "looked", "after"}:
            last = end + m.end()
    return (start, last)


def count_fit(head: tuple[str, ...], text: str, spans=None) -> float:
    """The best fit to the counted noun of the number ``spans`` (default: every number in
    ``text``, and every "no" that counts it as none); 0 when none fits."""
    if spans is None:
        spans = [*find_spans("number", text), *zero_counts(head, text)]
    scored = scored_counts(head, text, spans)
    return scored[0][0] if scored else 0.0


def rerank_counts(question: Question, retrieval, k: int, boost: float = COUNT_BOOST):
    """The retrieval with its passages re-scored by count fit, cut to ``k``.

    Only count questions with a counted noun are touched; others are just cut to ``k``.
    """
    passages = retrieval.passages
    if question.counted and boost > 0:
        rescored = [
            replace(p, score=p.score + boost * count_fit(question.counted, p.unit.text))
            for p in passages
        ]
        # Stable: equal scores keep the fused order.
        passages = sorted(rescored, key=lambda p: -p.score)
    return replace(retrieval, passages=passages[:k])
