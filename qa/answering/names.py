"""Names in a question that an answer must be about.

"What did the Care Quality Commission say about Morecambe Bay?" is not answered by a
paragraph that names neither: an answer's paragraph, or its report's front page, must
hold every name the question gives (issue: blind answers borrowed from another body or
place). A name here is a capitalised word that is not the question's first word, not an
acronym (those are expanded and matched as terms) and not a word the corpus also writes
in lower case (so "Children's Services" is no name, "Cumbria" is). Names the whole
genre takes as given (used by at least half of the reports, such as "Ofsted") and the
council the question was routed to are never asked of the paragraph.
"""

from __future__ import annotations

import re
from collections import Counter

from qa.models import Unit

GENRE_SHARE = 0.5  # a word in at least this share of the reports is the genre's own
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z][A-Za-z'\u2019-]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
# Months and days, and their short forms: a date's words, not names ("published in Feb
# 2016" asks nothing of a paragraph that says "February").
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri "
    "sat sun".split()
)


# "County Hall", "the Town Hall", "the Civic Centre": the council itself, by its building
# (British usage), which the council's report speaks of as "the council" or "the local
# authority". Generic English.
_COUNCIL_SEAT = re.compile(r"\b(?:County|Town|City|Guild)\s+Hall\b|\bCivic\s+Cent(?:re|er)\b", re.I)


def question_names(question: str, lowercase_words: frozenset[str]) -> list[str]:
    """The names in ``question`` (lower case, possessive "'s" dropped)."""
    out = []
    question = _COUNCIL_SEAT.sub(lambda m: m[0].lower(), question)
    for match in _NAME.finditer(question.strip()):
        word = re.sub(r"['\u2019]s?$", "", match[0])
        # "Prevent-related", "Luton-based": the name is the capitalised part.
        word = re.split(r"-(?=[a-z])", word)[0]
        if word.lower() in lowercase_words or len(word) < 3 or word.lower() in CALENDAR_WORDS:
            continue
        out.append(word.lower())
    return list(dict.fromkeys(out))


def genre_names(units: list[Unit]) -> frozenset[str]:
    """Words (lower case) used by at least :data:`GENRE_SHARE` of the reports."""
    by_doc: dict[str, set[str]] = {}
    for unit in units:
        by_doc.setdefault(unit.doc, set()).update(w.lower() for w in _WORD.findall(unit.text))
    counts: Counter[str] = Counter()
    for words in by_doc.values():
        counts.update(words)
    least = GENRE_SHARE * len(by_doc)
    return frozenset(word for word, n in counts.items() if n >= least)


def unmet_names(names: list[str], given: frozenset[str], *texts: str) -> bool:
    """Whether a name of the question is in none of ``texts`` and not given."""
    if not names:
        return False
    present = {w.lower() for text in texts for w in _WORD.findall(text)}
    present |= {re.sub(r"['\u2019]s?$", "", w) for w in present}
    present |= {part for w in present if "-" in w for part in w.split("-")}
    return any(name not in present and name not in given for name in names)
