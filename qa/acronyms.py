"""Acronyms defined in the corpus itself, and query expansion with them both ways.

Definitions are mined with the Schwartz & Hearst algorithm ("A Simple Algorithm for
Identifying Abbreviation Definitions in Biomedical Text", PSB 2003): for "long form
(SHORT)", walk the short form's characters from the end and find each, right to left, in
the words before the parenthesis, the first one at the start of a word.

Staff also write abbreviations a report never spells out ("how many lac"): a list of the
sector's common ones (``qa/abbreviations.tsv``, replaceable) expands those too, after the
report's own definitions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.errors import QAError
from qa.models import Unit

DEFAULT_ABBREVIATIONS = Path(__file__).with_name("abbreviations.tsv")

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


class AbbreviationFileError(QAError):
    """The abbreviations file cannot be read or has a malformed line."""


def load_abbreviations(path: Path | None) -> dict[str, str]:
    """{SHORT: long form} from a ``SHORT<TAB>long form`` file (``#`` starts a comment).

    ``None`` means no list. A missing file or a malformed line is an error that names the
    line: a silently empty list would quietly make retrieval worse.
    """
    if path is None:
        return {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AbbreviationFileError(f"{path}: cannot read abbreviations ({exc})") from exc
    out: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        short, _, long_form = (part.strip() for part in line.partition("\t"))
        if not short or not long_form or " " in short:
            raise AbbreviationFileError(
                f"{path}:{number}: expected SHORT<TAB>long form, got {line!r}"
            )
        out[short] = long_form
    return out


class AcronymExpander:
    """Adds the long form after a short form in a query, and the short form after a long one.

    ``acronyms`` are the corpus's own definitions. ``abbreviations`` (sector list) only
    expand short forms the corpus does not define, and only one way (short to long): the
    corpus may never use their short form. ``lowercase_words`` are the words the corpus
    writes in lower case: a lower-case query word among them is an ordinary word ("care"),
    not an abbreviation.
    """

    def __init__(
        self,
        acronyms: dict[str, Acronym],
        abbreviations: dict[str, str] | None = None,
        lowercase_words: frozenset[str] = frozenset(),
    ):
        self.acronyms = acronyms
        self._short = {a.short.lower(): a for a in acronyms.values()}
        self._long = sorted(acronyms.values(), key=lambda a: -len(a.long))
        self._sector = {
            short.lower(): (short, long_form)
            for short, long_form in (abbreviations or {}).items()
            if short.lower() not in self._short
        }
        self._lowercase_words = lowercase_words

    def long_form(self, token: str) -> str | None:
        """The long form ``token`` abbreviates, if it is written as an abbreviation."""
        acronym = self._short.get(token.lower())
        if acronym is not None:
            short, long_form = acronym.short, acronym.long
        elif token.lower() in self._sector:
            short, long_form = self._sector[token.lower()]
        else:
            return None
        return long_form if self._is_abbreviation(token, short) else None

    def expand(self, query: str) -> str:
        additions: list[str] = []
        lowered = query.lower()
        for token in re.findall(r"[A-Za-z&\-]+", query):
            long_form = self.long_form(token)
            if long_form and long_form.lower() not in lowered:
                additions.append(long_form)
        for acronym in self._long:
            if acronym.long.lower() in lowered and not re.search(
                rf"\b{re.escape(acronym.short)}\b", query, re.I
            ):
                additions.append(acronym.short)
        if not additions:
            return query
        return f"{query} ({'; '.join(dict.fromkeys(additions))})"

    def _is_abbreviation(self, token: str, short: str) -> bool:
        """Written as defined ("CiCC") or in capitals ("LADO"); or in lower case ("lado",
        "lac") when it has 3+ letters and the corpus never writes it as an ordinary word
        ("care" and "plan" are words, whatever some report abbreviates)."""
        if token == short or (token.isupper() and len(token) >= 2):
            return True
        return token.islower() and len(token) >= 3 and token not in self._lowercase_words
