"""Query expansion with acronyms, both ways ("LADO" <-> "local authority designated officer").

The corpus's own definitions (:mod:`qa.ingest.acronyms`) expand both ways. Staff also write
abbreviations a report never spells out ("how many lac"): a list of the sector's common
ones (``qa/retrieval/abbreviations.tsv``, replaceable with ``QA_ABBREVIATIONS_FILE``)
expands those too, short to long only, after the report's own definitions.
"""

from __future__ import annotations

import re
from pathlib import Path

from qa.errors import QAError
from qa.ingest.acronyms import Acronym

DEFAULT_ABBREVIATIONS = Path(__file__).with_name("abbreviations.tsv")


def fold(text: str) -> str:
    """Lower case with curly apostrophes straight, for matching a long form in a question:
    the reports print "children’s", staff type "children's"."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


class AbbreviationFileError(QAError):
    """The abbreviations file cannot be read or has a malformed line."""


def tab_lines(path: Path, error: type[QAError], what: str) -> list[tuple[int, str, str, str]]:
    """(line number, left, right, line) for each ``left<TAB>right`` line of a list file,
    blank lines and ``#`` comments skipped; an unreadable file is ``error`` naming it.
    Shared by the lists that expand questions (abbreviations, everyday words)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read {what} ({exc})") from exc
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        left, _, right = (part.strip() for part in line.partition("\t"))
        out.append((number, left, right, line))
    return out


def load_abbreviations(path: Path | None) -> dict[str, str]:
    """{SHORT: long form} from a ``SHORT<TAB>long form`` file (``#`` starts a comment).

    ``None`` means no list. A missing file or a malformed line is an error that names the
    line: a silently empty list would quietly make retrieval worse.
    """
    if path is None:
        return {}
    out: dict[str, str] = {}
    for number, short, long_form, line in tab_lines(path, AbbreviationFileError, "abbreviations"):
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

    def sector_shorts(self) -> set[str]:
        """The sector abbreviations (lower case) expanded from the list, not the corpus."""
        return set(self._sector)

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
        lowered = fold(query)
        for token in re.findall(r"[A-Za-z&\-]+", query):
            long_form = self.long_form(token)
            if long_form and fold(long_form) not in lowered:
                additions.append(long_form)
        for acronym in self._long:
            if fold(acronym.long) in lowered and not re.search(
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
