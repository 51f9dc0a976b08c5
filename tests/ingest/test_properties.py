"""Property-based: the parser never raises and never invents text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.ingest.parser import parse_report
from qa.ingest.sources import SourceText, decode_text

# Text shaped like reports: numbers with dots, dashes, headings, grades, tabs, blank lines.
_PIECES = st.sampled_from(
    [
        "1. ",
        "2. ",
        "3. ",
        "12. ",
        "- ",
        "\n",
        "\n\n",
        "\t",
        "Grade 2 (Good)",
        "Contents",
        "Record of main findings:",
        "Overall effectiveness",
        "re-",
        "invested",
        "well-",
        "being",
        " Good",
        "The council",
        " is good.",
        "a",
        "?",
        ":",
        "\f",
    ]
)
REPORTISH = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


def _tokens_from(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def _parse(text: str):
    pages = tuple(text.split("\f"))
    return parse_report(SourceText("p.txt", "text", "0" * 64, pages, None, ()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(REPORTISH, st.text(max_size=400)))
def test_parser_never_raises_and_texts_come_from_input(text):
    doc = _parse(text)
    source_tokens = _tokens_from(text)
    joined_source = re.sub(r"\W", "", text)
    for unit in doc.units:
        if unit.kind not in ("paragraph", "block"):
            continue
        assert unit.text.strip()
        for token in _tokens_from(unit.text):
            # a token is in the input, or two input fragments rejoined across a hyphen
            assert token in source_tokens or token in joined_source, (token, unit.text)
    ids = [u.unit for u in doc.units]
    assert len(ids) == len(set(ids))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_never_raises_anything_but_corpus_error(data):
    from qa.errors import CorpusError

    try:
        text, _ = decode_text("x.txt", data)
    except CorpusError:
        return
    assert "\x00" not in text
