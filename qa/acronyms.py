"""Acronyms defined in the corpus itself, and query expansion with them both ways.

Definitions are mined with the Schwartz & Hearst algorithm ("A Simple Algorithm for
Identifying Abbreviation Definitions in Biomedical Text", PSB 2003): for "long form
(SHORT)", walk the short form's characters from the end and find each, right to left, in
the words before the parenthesis, the first one at the start of a word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from qa.models import Unit

_PAREN = re.compile(r"\(([A-Za-z][A-Za-z&\-]{0,9})\)")
_WORD = re.compile(r"[A-Za-z0-9'&\-]+")


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
    long_form = candidate[start:].strip()
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


class AcronymExpander:
    """Adds the long form after a short form in a query, and the short form after a long one."""

    def __init__(self, acronyms: dict[str, Acronym]):
        self.acronyms = acronyms
        self._short = {a.short.lower(): a for a in acronyms.values()}
        self._long = sorted(acronyms.values(), key=lambda a: -len(a.long))

    def expand(self, query: str) -> str:
        additions: list[str] = []
        lowered = query.lower()
        for token in re.findall(r"[A-Za-z&\-]+", query):
            acronym = self._short.get(token.lower())
            # Lower-case tokens count only when they cannot be an ordinary word ("lado" yes,
            # "cart" no): they must be written in capitals unless 4+ letters and not English.
            if acronym and (token.isupper() or token == acronym.short or len(token) >= 4):
                if acronym.long.lower() not in lowered:
                    additions.append(acronym.long)
        for acronym in self._long:
            if acronym.long.lower() in lowered and not re.search(
                rf"\b{re.escape(acronym.short)}\b", query, re.I
            ):
                additions.append(acronym.short)
        if not additions:
            return query
        return f"{query} ({'; '.join(dict.fromkeys(additions))})"
