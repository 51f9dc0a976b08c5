"""Words and terms: the one place that tokenises, stems and knows the function words.

- :func:`stems` is the tokenisation BM25 indexes with and every query-term comparison uses
  (bm25s: English stop words removed, Snowball stems from PyStemmer), so "children" in a
  question and in a paragraph always meet as the same term.
- :func:`prefix_stem` is a cruder, dependency-free stem (the first five letters) for
  matching the words right after a number ("1356 looked after children") against the
  counted noun of a "how many" question: both sides must use this same function.
- :data:`QUESTION_WORDS` are the words that shape a question without naming its topic.
"""

from __future__ import annotations

import re
import threading

# Interrogatives and auxiliaries: in every question of a kind and in no answer sentence
# ("how many" is in every count question), so they never count as the question's topic.
QUESTION_WORDS = (
    "how many much what which who whom whose when where why does did do is are was were "
    "has have had can could will would should there any"
).split()

PREFIX_STEM_LENGTH = 5  # "schools" ~ "school", "children" ~ "child"(ren)
_WORD = re.compile(r"[A-Za-z'-]+")

# PyStemmer's Stemmer objects are not thread-safe; the server tokenises queries from
# several threads, so each thread gets its own.
_local = threading.local()


def stemmer():
    """This thread's Snowball stemmer (English)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def stems(texts: list[str]) -> list[list[str]]:
    """Snowball stems of each text's words, English stop words removed (bm25s's own)."""
    import bm25s

    return bm25s.tokenize(
        texts, stopwords="en", stemmer=stemmer(), return_ids=False, show_progress=False
    )


def words(text: str) -> list[str]:
    """Plain words (letters, apostrophes, hyphens), in order, as written."""
    return _WORD.findall(text)


def prefix_stem(word: str) -> str:
    return word.lower()[:PREFIX_STEM_LENGTH]
