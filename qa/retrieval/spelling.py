"""Spelling slips in questions, corrected against the corpus's own vocabulary.

Staff type in a hurry ("how many kids in care r there in wigan", "inspcetion"). A word
of the question that the reports never use, but that is one edit (a letter deleted,
inserted, replaced, or two neighbours swapped: Damerau's four) away from a word they do
use, is read as that word; among several, the one the reports use most. Nothing else is
touched: words the corpus knows, real words it does not use (the embedding model's
tokenizer holds them whole: "midday" is no slip for "midway", nor "lawyer" for "layer"),
contractions typed without their apostrophe (given it back: "whove" is who've, not
"whole"), short words
(under :data:`MIN_LETTERS`, where one edit reaches too many other words), numbers, and
words typed with a capital in a question that has capitals (a name the corpus never
mentions, "Cumbria", must stay unknown so that the answerer can see it is unknown).

The edit generation is Norvig's ("How to Write a Spelling Corrector", 2007); the
vocabulary and its counts come from the indexed units, so it follows the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

MIN_LETTERS = 5  # one edit from a 4-letter word reaches too many other words
# English contractions typed without their apostrophe ("whove", "doesnt"): words, not
# slips ("whove" is not "whole"), given their apostrophe back ("who've"), so that the
# question reads as its plainly typed form does (the embedding model splits "whove"
# into other pieces than "who've"). A closed class of the language; words the corpus
# itself prints ("cant" in a report) are left as they are.
CONTRACTIONS = {
    word.replace("'", ""): word
    for word in (
        "who've what's where's that's there's they've they're they'll you've you're "
        "doesn't didn't aren't wasn't weren't haven't hasn't hadn't couldn't wouldn't "
        "shouldn't mustn't needn't mightn't don't isn't can't won't"
    ).split()
}
# Common text-speak for the words a question is built of ("wat was traffords grade", "how
# many kids r there"): read as the words they stand for, unless the corpus prints them. A
# closed class of the language, like the contractions (not taken from any report).
TEXT_SPEAK = {
    "wat": "what",
    "wot": "what",
    "wht": "what",
    "wen": "when",
    "whn": "when",
    "wher": "where",
    "whr": "where",
    "hw": "how",
    "r": "are",
    "u": "you",
    "ur": "your",
    "cos": "because",
    "coz": "because",
}
# Text-speak is read as the word it stands for unless the reports print it ("The WAT
# team"); a single letter ("r", "u") unless they print it at least this often: lone
# letters occur as extraction artefacts ("fo r looked after children", twice in 99
# reports), which must not stop "r" reading as "are".
TEXT_SPEAK_PRINTED = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[A-Za-z]+")


class SpellingCorrector:
    def __init__(
        self,
        counts: Counter[str],
        words: frozenset[str] = frozenset(),
        names: frozenset[str] = frozenset(),
    ):
        self.counts = counts
        # Words of names (councils and their short forms, "lincs"): never corrected.
        self.names = names
        # Real words the corpus never uses ("midday"): left alone, and a correction only
        # when no word of the reports is one edit away and just one of them is.
        self.words = words

    @classmethod
    def from_texts(
        cls,
        texts: Iterable[str],
        known: Iterable[str] = (),
        words: Iterable[str] = (),
        names: Iterable[str] = (),
    ) -> SpellingCorrector:
        """Vocabulary (lower case) and counts of the words in ``texts``; the words of
        ``known`` count as known too (once each), so they are never "corrected"; the
        words of ``words`` (a language's words, such as the embedding model's whole-word
        vocabulary) are never corrected, and a correction only where no word of
        ``texts`` is one edit away; the words of ``names`` are never corrected."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(word.lower() for word in _WORD.findall(text))
        for word in known:
            counts[word.lower()] = counts[word.lower()] or 1
        return cls(
            counts,
            frozenset(w.lower() for w in words),
            frozenset(w.lower() for name in names for w in _WORD.findall(name)),
        )

    def correct(self, question: str) -> str:
        """``question`` with each unknown word that is one edit from a known one replaced."""
        has_capitals = question != question.lower()

        def fix(match: re.Match[str]) -> str:
            word = match[0]
            lowered = word.lower()
            if lowered in CONTRACTIONS and lowered not in self.counts:
                restored = CONTRACTIONS[lowered]
                return word[0] + restored[1:] if word[0].isupper() else restored
            printed = self.counts[lowered]
            if lowered in TEXT_SPEAK and (
                not printed or (len(lowered) == 1 and printed < TEXT_SPEAK_PRINTED)
            ):
                meant = TEXT_SPEAK[lowered]
                return meant.capitalize() if word[0].isupper() else meant
            if (
                len(word) < MIN_LETTERS
                or lowered in self.counts
                or lowered in self.words
                or lowered in CONTRACTIONS
                or lowered in self.names
                or (has_capitals and word[0].isupper())
            ):
                return word
            edits = _edits(lowered)
            known = [c for c in edits if c in self.counts]
            if known:
                return max(known, key=lambda c: (self.counts[c], c))
            # A slip of a real word the reports never print ("pubilshed", "telpehone"):
            # read as that word when it is the only one, so the question's kind and
            # form are still understood.
            real = [c for c in edits if c in self.words]
            if len(real) == 1:
                return real[0]
            if lowered.endswith("s") and len(lowered) > MIN_LETTERS:
                # A slip in a possessive typed without its apostrophe ("warwikcshires"):
                # two edits from the word, but one from it once the "s" is read as "'s".
                stem = [c for c in _edits(lowered[:-1]) if c in self.counts]
                if stem:
                    return max(stem, key=lambda c: (self.counts[c], c)) + "'s"
            return word

        return _WORD.sub(fix, question)


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)
