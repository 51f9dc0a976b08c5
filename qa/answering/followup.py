"""Follow-up questions that lean on the previous turn ("and for looked after children?").

:func:`resolve` rewrites such a question into a standalone one using the previous
question of the conversation, so retrieval and answering see the full request. Only
questions that *look* elliptical are rewritten: a leading connective ("and", "what
about", "how about", "same for") or a short phrase that starts with a preposition ("for
looked after children?"). A new subject takes the place of the previous question's
subject ("What grade was given for being healthy?" + "and staying safe?" -> "What grade
was given for staying safe?"), and a pronoun ("what should be done about it?") is
replaced by that subject. Anything else is taken as a new question.

The rewrite is shown to people ("Answered as: ..."), so it must read as English: the
subject is replaced rather than appended, and where no subject can be found the new
words are joined as "..., and what about X?".
"""

from __future__ import annotations

import re

_CONNECTIVE = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\s+|^\s*(?:and\s+)?(?:the\s+)?same\s+for\s+|"
    r"^\s*and\s+(?:what\s+of\s+)?|^\s*what\s+of\s+",
    re.I,
)
_QUESTION_WORD = re.compile(
    r"\b(what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|"
    r"can|could|should|must|has|have|had)\b",
    re.I,
)
_PREPOSITIONS = ("for", "in", "of", "on", "about", "at", "by", "with", "to", "within")


def is_follow_up(question: str) -> bool:
    text = question.strip()
    if _CONNECTIVE.match(text):
        return True
    # "for looked after children?", "in 2011?": a bare prepositional phrase. A bare
    # noun ("LADO") is not taken as a follow-up: staff often start a new topic that way.
    words = re.findall(r"[\w'-]+", text)
    return (
        1 < len(words) <= 6
        and words[0].lower() in _PREPOSITIONS
        and not _QUESTION_WORD.search(text)
    )


def resolve(question: str, history: list[str]) -> str:
    """A standalone question: ``question`` itself, or it completed from ``history[-1]``.

    ``history`` holds the previous questions, oldest first, as the user asked them; they
    are resolved in turn so that a chain of follow-ups keeps its first subject.
    """
    previous = None
    for earlier in history[-5:]:
        previous = earlier if previous is None else resolve(earlier, [previous])
    if not previous:
        return question
    if not is_follow_up(question):
        return _resolve_pronouns(question, previous)
    rest = _CONNECTIVE.sub("", question.strip(), count=1).strip().rstrip("?.! ").strip()
    if not rest:
        return previous
    stem = previous.strip().rstrip("?.! ")
    words = rest.split()
    first = words[0].lower()
    if first in _PREPOSITIONS and len(words) > 1:
        replaced = _replace_phrase(stem, first, " ".join(words[1:]))
        if replaced is not None:
            return f"{replaced}?"
        return f"{stem} {rest}?"  # "How many children were adopted" + "in 2011"
    elif first not in _PREPOSITIONS:
        span = subject_span(stem, counted=False)
        if span is not None:
            return f"{stem[: span[0]]}{rest}{stem[span[1] :]}?"
    return f"{stem}, and what about {rest}?"


def _resolve_pronouns(question: str, previous: str) -> str:
    """``question`` with "it", "they", "them" (and "this" or "that" standing alone)
    replaced by the subject of ``previous`` (already standalone); unchanged when there is
    no such pronoun or no subject to put in its place."""
    if not _PRONOUN.search(question):
        return question
    stem = previous.strip().rstrip("?.! ")
    span = subject_span(stem)
    if span is None:
        return question
    subject = stem[span[0] : span[1]]
    return _PRONOUN.sub(lambda _: subject, question)


# Pronouns that stand for a subject. "this"/"that" only where they stand alone (before
# punctuation or the end), since "this area" or "that year" name their own noun.
_PRONOUN = re.compile(r"\b(?:it|they|them)\b|\b(?:this|that)(?=\s*[?.!,]|\s*$)", re.I)
# Where a question names its subject, in order of preference: the object of "for",
# "about", "on" ("the grade given for <being healthy>"), else the noun of "how many"
# ("how many <children> were adopted"), else what a question word asks about
# ("who was <the lead inspector>").
_SUBJECT_PREPOSITION = re.compile(r"\b(?:for|about|on)\s+(?=\S)", re.I)
_VERBS = (
    r"is|was|are|were|has|have|had|do|does|did|been|be|got|get|gets|given|received|"
    r"judged|rated|graded|made|done|adopted|looked|placed|seen|visited"
)
_COUNTED = re.compile(
    rf"^\s*how\s+(?:many|much)\s+([\w'-]+(?:\s+(?!(?:{_VERBS})\b)[\w'-]+)?)", re.I
)
_COPULA = re.compile(r"^\s*(?:what|who|which|where)\s+(?:is|was|are|were)\s+(?=\S)", re.I)


def subject_span(stem: str, counted: bool = True) -> tuple[int, int] | None:
    """(start, end) of what ``stem`` (a question without its "?") asks about, or None.
    ``counted=False`` leaves out the noun of "how many": a new subject after "how many
    children were adopted" ("and fostering?") is not a counted noun."""
    match = _SUBJECT_PREPOSITION.search(stem)
    if match:
        return match.end(), len(stem)
    match = _COUNTED.match(stem) if counted else None
    if match:
        return match.start(1), match.end(1)
    match = _COPULA.match(stem)
    if match:
        return match.end(), len(stem)
    return None


def _replace_phrase(stem: str, preposition: str, subject: str) -> str | None:
    """Put ``subject`` where the previous question had its counterpart.

    "... given for the health of children in need of protection" + ("for", "looked after
    children") -> "... given for the health of looked after children": after the last
    ``preposition``, a head noun with "of" keeps its head ("the health of") and the
    object is replaced; otherwise the whole phrase after the preposition is. Without the
    preposition, the object of the first "of" is replaced ("the health of children in
    need" + "for looked after children" -> "the health for looked after children").
    """
    cut = _last_word(stem, preposition)
    if cut is not None:
        tail_start = cut + len(preposition)
        tail = stem[tail_start:]
        of = _first_word(tail, "of")
        if of is not None and of > 0:
            return f"{stem[:tail_start]}{tail[: of + 2]} {subject}"
        return f"{stem[:tail_start]} {subject}"
    of = _first_word(stem, "of")
    if of is not None:
        return f"{stem[:of].rstrip()} {preposition} {subject}"
    return None


def _first_word(text: str, word: str) -> int | None:
    match = re.search(rf"\b{re.escape(word)}\b", text, re.I)
    return match.start() if match else None


def _last_word(text: str, word: str) -> int | None:
    matches = list(re.finditer(rf"\b{re.escape(word)}\b", text, re.I))
    return matches[-1].start() if matches else None
