"""Acronyms defined in the corpus itself (mined at build time, stored with the index).

Definitions are mined with the Schwartz & Hearst algorithm ("A Simple Algorithm for
Identifying Abbreviation Definitions in Biomedical Text", PSB 2003): for "long form
(SHORT)", walk the short form's characters from the end and find each, right to left, in
the words before the parenthesis, the first one at the start of a word.

Query expansion with them lives in :mod:`qa.retrieval.expansion`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from qa.models import Unit

_PAREN = re.compile(r"\(([A-Za-z][A-Za-z&\-]{0,9})\)")
# A word keeps its apostrophe, straight or curly: "director of children’s services (DCS)"
# had been mined as "director of children s services", which no question matches.
_WORD = re.compile(r"[A-Za-z0-9'\u2019&\-]+")


@dataclass(frozen=True)
class Acronym:
    short: str  # "LADO"
    long: str  # "local authority designated officer"
    doc: str
    unit: str  # where it is defined
    paragraph: int | None

    def to_record(self) -> dict:
        return asdict(self)


def find_definitions(text: str) -> list[tuple[str, str]]:
    """[(short, long)] for each "long form (SHORT)" in ``text``."""
    found = []
    for match in _PAREN.finditer(text):
        short = match.group(1)
        core = short[:-1] if short.endswith("s") and sum(c.isupper() for c in short) > 1 else short
        if sum(c.isupper() for c in core) < 2 or len(core) < 2:
            continue
        before = text[: match.start()].rstrip()
        words = _WORD.findall(before)
        # Schwartz & Hearst: look at most min(|A| + 5, 2|A|) words back.
        window = words[-min(len(core) + 5, len(core) * 2) :]
        long_form = _best_long_form(core, window)
        if long_form:
            found.append((short, long_form))
    return found


def _best_long_form(short: str, words: list[str]) -> str | None:
    candidate = " ".join(words)
    letters = [c.lower() for c in short if c.isalnum()]
    s_index = len(letters) - 1
    l_index = len(candidate) - 1
    while s_index >= 0:
        char = letters[s_index]
        while l_index >= 0 and (
            candidate[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    # A closing quote mark is not part of the name: "‘front door for families’ (FDFF)".
    long_form = candidate[start:].strip().rstrip("'\u2019")
    if len(long_form.split()) < 2 or long_form.lower() == short.lower():
        return None
    return long_form


def mine_acronyms(units: Iterable[Unit]) -> dict[str, Acronym]:
    """The most frequent definition of each short form across the corpus, first place cited."""
    seen: dict[str, Counter] = {}
    first: dict[tuple[str, str], Unit] = {}
    for unit in units:
        for short, long_form in find_definitions(unit.text):
            key = long_form.lower()
            seen.setdefault(short, Counter())[key] += 1
            first.setdefault((short, key), unit)
    out: dict[str, Acronym] = {}
    for short, counts in sorted(seen.items()):
        key, _ = counts.most_common(1)[0]
        unit = first[(short, key)]
        original = next(
            lf for s, lf in find_definitions(unit.text) if s == short and lf.lower() == key
        )
        out[short] = Acronym(short, original, unit.doc, unit.unit, unit.paragraph)
    return out
