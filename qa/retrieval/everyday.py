"""Everyday words in questions read in the reports' own register.

Staff ask "are the kids going missing less?" of reports that write "the number of
children who go missing has reduced". Neither BM25 nor a small sentence embedding model
bridges that reliably, so a question that uses an everyday phrase of the list
(``qa/retrieval/everyday.tsv``, replaceable with ``QA_EVERYDAY_FILE``) gets the report's
wording added after it, the way acronyms are expanded. The list is general British
usage ("kids", "mums and dads", "councillors", "going down"), written without looking at
any report or gold question; phrases are matched as whole words, longest first, so "mums
and dads" adds "parents" once rather than "mothers" and "fathers" too.
"""

from __future__ import annotations

import re
from pathlib import Path

from qa.errors import QAError
from qa.retrieval.expansion import tab_lines

DEFAULT_EVERYDAY = Path(__file__).with_name("everyday.tsv")


class EverydayFileError(QAError):
    """The everyday-words file cannot be read or has a malformed line."""


def load_everyday(path: Path | None) -> dict[str, list[str]]:
    """{everyday phrase (lower case): [report wordings]}; ``None`` means no list."""
    if path is None:
        return {}
    out: dict[str, list[str]] = {}
    for number, phrase, wordings, line in tab_lines(path, EverydayFileError, "everyday words"):
        forms = [w.strip() for w in wordings.split(";") if w.strip()]
        if not phrase or not forms:
            raise EverydayFileError(
                f"{path}:{number}: expected everyday words<TAB>report wording, got {line!r}"
            )
        out[" ".join(phrase.lower().split())] = forms
    return out


class EverydayWords:
    """Finds the list's phrases in a question and names the report wordings to add."""

    def __init__(self, entries: dict[str, list[str]]):
        self.entries = entries
        phrases = sorted(entries, key=lambda p: (-len(p), p))
        # Whole words only, and not part of a hyphenated word ("relatives" is not in
        # "non-relatives"); spaces in a phrase match any run of white space.
        alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
        self._pattern = (
            re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I) if phrases else None
        )

    def words(self) -> set[str]:
        """Every word of the list's phrases (the spelling corrector leaves them alone)."""
        return {word for phrase in self.entries for word in phrase.split()}

    def report_word(self, word: str) -> str | None:
        """The report's first wording for one everyday word ("kids" -> "children"), so
        "how many kids" counts what the reports count; None for a word not in the list."""
        forms = self.entries.get(word.lower())
        return forms[0] if forms else None

    def additions(self, question: str) -> list[str]:
        """Report wordings for the everyday phrases of ``question`` that it does not
        already use, in the order the phrases occur."""
        if self._pattern is None:
            return []
        lowered = question.lower()
        out: list[str] = []
        for match in self._pattern.finditer(question):
            for form in self.entries[" ".join(match[0].lower().split())]:
                if not re.search(rf"\b{re.escape(form.lower())}\b", lowered):
                    out.append(form)
        return list(dict.fromkeys(out))
