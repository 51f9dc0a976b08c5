"""Text normalisation shared by every stage (one place, so matching rules never drift).

- :func:`heading_key` makes headings comparable across the contents table, the body and
  the findings table ("Economic well being" == "Economic well-being").
- :class:`Vocabulary` holds the words a report uses, to repair words that PDF extraction
  broke ("re-" / "invested", "young per" / "ople").
- :func:`join_piece` glues text that extraction split across lines or pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_SPACES = re.compile(r"[ \t\u00a0]+")
BULLET = re.compile(r"^\s*(?:[-\u2013\u2022\u25aa\u25cf*])\s+")


def heading_key(text: str) -> str:
    """Lower-case, dashes to spaces, punctuation dropped (but '?'), spaces collapsed."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"[-\u2010-\u2015_/]", " ", text)
    text = re.sub(r"[^a-z0-9?' ]", "", text)
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip()


def clean_spaces(text: str) -> str:
    """Collapse runs of spaces/tabs inside each line and strip the line ends."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class Vocabulary:
    """The words of one report, for deciding how to repair a broken word."""

    def __init__(self, texts: Iterable[str]):
        self.words: set[str] = set()
        for text in texts:
            for word in words(text):
                self.words.add(word)
                if "-" in word:
                    self.words.update(word.split("-"))
        self._sorted = sorted(self.words)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.words

    def has_prefix(self, prefix: str) -> bool:
        import bisect

        prefix = prefix.lower()
        i = bisect.bisect_left(self._sorted, prefix)
        return i < len(self._sorted) and self._sorted[i].startswith(prefix)

    def dehyphenate(self, fragment: str, rest: str) -> bool:
        """Should "frag-" + "rest" become one word without the hyphen?

        Evidence from the report wins: the joined word (or a word sharing its stem, such
        as "reinvestment" for "reinvested") means yes; the hyphenated form means no.
        Without evidence the hyphen is taken as a soft line-end hyphen and dropped.
        """
        joined = (fragment + rest).lower()
        hyphenated = f"{fragment}-{rest}".lower()
        if joined in self.words:
            return True
        if hyphenated in self.words:
            return False
        stem = joined[: max(len(fragment) + 3, 5)]
        if self.has_prefix(stem):
            return True
        return not self.has_prefix(f"{fragment}-{rest[:3]}".lower())

    def repair_split(self, left: str, right: str) -> str | None:
        """Repair a word that a table cell boundary split ("per" | "ople" -> "people").

        Returns the repaired word, or None when no candidate is a known word.
        """
        candidates = [left + right, left[:-1] + right, left + right[1:], left[:-1] + right[1:]]
        if right.lower().startswith(left.lower()):
            candidates.insert(0, right)
        for candidate in candidates:
            if candidate and candidate.lower() in self.words:
                return candidate
        return None


def join_piece(current: str, piece: str, vocab: Vocabulary | None, structured: bool) -> str:
    """Append ``piece`` to ``current`` the way a reader would join them.

    A word hyphenated across a line or page break is rejoined; structured pieces
    (bullets, table rows, list headings) start a new line; running prose joins with a space.
    """
    piece = piece.strip()
    if not current:
        return piece
    if not piece:
        return current
    tail = re.search(r"([A-Za-z]+)-$", current)
    head = re.match(r"([a-z]+)", piece)
    if tail and head:
        if vocab is None or vocab.dehyphenate(tail.group(1), head.group(1)):
            return current[:-1] + piece
        return current + piece
    if structured or current.endswith(":") or piece.endswith(":") or BULLET.match(piece):
        return current + "\n" + piece
    return current + " " + piece
