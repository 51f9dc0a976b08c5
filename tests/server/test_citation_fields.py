"""The fields added to the answer contract, over HTTP: where each quote stands in its
unit's text (``char_start``/``char_end``) and the unit's label (``label``)."""

from __future__ import annotations

import httpx
import pytest

from qa.models import unit_label

pytestmark = pytest.mark.integration

QUESTIONS = [
    "Who was the lead inspector?",
    "What must the council do within three months?",
    "How good is the contribution of health agencies to keeping children safe?",
    "What grade was given for the health of children in need of protection?",
]


def _unit_text(api, item: dict) -> str:
    url = f"{api.url}/v1/documents/{item['doc']}/paragraphs/{item['unit']}"
    return httpx.get(url).json()["paragraph"]["text"]


def test_ask_citations_locate_their_quote_and_carry_a_label(api):
    cited = 0
    for question in QUESTIONS:
        answer = httpx.post(f"{api.url}/v1/ask", json={"question": question}, timeout=30).json()
        assert answer["passages"], question
        for passage in answer["passages"]:
            assert passage["label"] == unit_label(passage["paragraph"], passage["unit"])
        for citation in answer["citations"]:
            cited += 1
            assert citation["label"] == unit_label(citation["paragraph"], citation["unit"])
            start, end = citation["char_start"], citation["char_end"]
            assert (start is None) == (end is None), citation  # both or neither
            if start is not None:
                assert _unit_text(api, citation)[start:end] == citation["quote"], citation
    assert cited  # the lead inspector's answer, at least, cites its paragraph


def test_search_passages_carry_a_label(api):
    body = httpx.get(f"{api.url}/v1/search", params={"q": "LADO allegations", "k": 5}).json()
    assert body["passages"]
    for passage in body["passages"]:
        assert passage["label"] == unit_label(passage["paragraph"], passage["unit"])
    assert any(p["label"].startswith("¶") for p in body["passages"])


def test_paragraph_and_neighbours_carry_a_label(api):
    doc = httpx.get(f"{api.url}/v1/documents").json()[0]["id"]
    para = httpx.get(f"{api.url}/v1/documents/{doc}/paragraphs/48").json()
    assert para["paragraph"]["label"] == "¶48"
    assert para["previous"]["label"] == "¶47" and para["next"]["label"] == "¶49"
    front = httpx.get(f"{api.url}/v1/documents/{doc}/paragraphs/frontmatter").json()
    assert front["paragraph"]["label"] == "frontmatter"


def test_documents_fill_council_and_year_the_front_page_does_not_print(api):
    documents = httpx.get(f"{api.url}/v1/documents").json()
    seed = next(d for d in documents if d["id"] == "ofsted-lancashire-safeguarding-lac-2012")
    assert seed["council"] == "Lancashire" and seed["year"] == 2012
