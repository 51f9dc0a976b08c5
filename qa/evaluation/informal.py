"""The informal variant of a gold question: how staff type in a hurry.

`qa eval --informal` scores every gold question a second time in this form, so that the
figures show what informal wording costs. The transformation is deterministic and knows
nothing of the gold answers or the reports:

1. all lower case;
2. no question mark or full stop at the end, no apostrophes ("what's" -> "whats",
   "council's" -> "councils");
3. common text-speak, whole words only: "are" -> "r", "you" -> "u", "your" -> "ur",
   "children" -> "kids", "child" -> "kid", "please" -> "pls", "people" -> "ppl";
4. one spelling slip: in the longest word of at least 8 letters that was not written
   with a capital (names of councils and bodies are left alone: a misspelt name is a
   routing question, not a wording one), the two letters either side of its middle are
   swapped ("inspection" -> "inspcetion"); the first such word wins a tie.
"""

from __future__ import annotations

import re

TEXT_SPEAK = {
    "are": "r",
    "you": "u",
    "your": "ur",
    "children": "kids",
    "child": "kid",
    "please": "pls",
    "people": "ppl",
}
SLIP_MIN_LETTERS = 8
_WORD = re.compile(r"[A-Za-z]+")


def informal(question: str) -> str:
    """The informal variant of ``question`` (see the module docstring)."""
    text = " ".join(question.split())
    slipped = _slip_target(text)
    text = re.sub(r"['\u2019]", "", text.lower())
    text = re.sub(r"[?.!\s]+$", "", text)
    text = _WORD.sub(lambda m: TEXT_SPEAK.get(m[0], m[0]), text)
    if slipped is not None:
        start, end = slipped
        word = text[start:end]
        middle = len(word) // 2
        swapped = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
        text = text[:start] + swapped + text[end:]
    return text


def _slip_target(text: str) -> tuple[int, int] | None:
    """Where the slip goes, as offsets into the text after lower-casing and removing
    apostrophes and text-speak (so computed on that text, from the original's capitals)."""
    lowered = re.sub(r"['\u2019]", "", text)
    lowered = re.sub(r"[?.!\s]+$", "", lowered)
    best: tuple[int, int, str] | None = None
    offset_shift = 0
    spans = []
    for m in _WORD.finditer(lowered):
        word = m[0]
        replaced = TEXT_SPEAK.get(word.lower(), word.lower())
        start = m.start() + offset_shift
        spans.append((start, start + len(replaced), word, replaced))
        offset_shift += len(replaced) - len(word)
    for start, end, original, replaced in spans:
        if original[0].isupper() or len(replaced) < SLIP_MIN_LETTERS or replaced != original:
            continue
        if best is None or len(replaced) > len(best[2]):
            best = (start, end, replaced)
    return None if best is None else (best[0], best[1])
