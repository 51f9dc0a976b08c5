"""Follow-up questions that lean on the previous turn ("and for looked after children?").

:func:`resolve` rewrites such a question into a standalone one using the previous
question of the conversation, so retrieval and answering see the full request. Only
questions that *look* elliptical are rewritten: a leading connective ("and", "what
about", "how about", "same for") or a short phrase that starts with a preposition ("for
looked after children?"). Anything else is taken as a new question.
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
    if not previous or not is_follow_up(question):
        return question
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
    return f"{stem}, {rest}?"


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
