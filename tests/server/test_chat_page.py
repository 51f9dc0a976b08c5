"""The chat page end to end in headless Chromium (Debian's package, driven by Playwright).

Playwright's own browser download is not used (it cannot run offline); the system
Chromium at ``QA_CHROMIUM`` (default /usr/bin/chromium) is launched instead. `make test`
installs it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from server.app import create_app
from tests.conftest import shared_model_loader
from tests.live import LiveServer

pytestmark = pytest.mark.integration

CHROMIUM = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")
# Chromium's background services try the network at start; this machine has none.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    context.close()


def _ask(page, question: str):
    answers = page.locator("article.answer-turn")
    count = answers.count()  # before asking: the answer may arrive at once
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")
    answers.nth(count).wait_for(timeout=30_000)
    return answers.nth(count)


def test_ask_see_answer_and_open_the_cited_paragraph(api, page):
    page.goto(api.url)
    assert page.title().startswith("Report questions")
    answer = _ask(page, "Who was the lead inspector?")
    assert "Gary Lamb" in answer.locator(".answer").inner_text()
    assert answer.locator("mark").inner_text() == "Gary Lamb"  # the span is highlighted
    chip = answer.locator(".chip").first
    label = chip.inner_text()
    assert label.startswith(("¶", "frontmatter"))
    chip.click()
    dialog = page.locator("#paragraph-dialog")
    dialog.wait_for(state="visible")
    # The quoted sentence is highlighted inside the paragraph shown in context.
    assert dialog.locator("#paragraph-text mark").count() == 1
    assert label.split(" · ")[0] in dialog.locator("#paragraph-title").inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.errors == []


def test_citation_chip_shows_section_grade_and_neighbours(api, page):
    page.goto(api.url)
    answer = _ask(page, "How good is the contribution of health agencies to keeping children safe?")
    chip = answer.locator(".chip").first
    assert " · " in chip.inner_text()  # "¶48 · <section> · <grade> ..."
    chip.click()
    page.locator("#paragraph-dialog").wait_for(state="visible")
    meta = page.locator("#paragraph-meta").inner_text()
    assert "Safeguarding services" in meta or "Services for looked after children" in meta
    neighbours = (
        page.locator("#paragraph-previous").inner_text()
        + page.locator("#paragraph-next").inner_text()
    )
    assert "¶" in neighbours


def test_abstention_is_plain_with_paragraphs_to_read(api, page):
    page.goto(api.url)
    answer = _ask(page, "How many parking spaces does the council headquarters have?")
    assert answer.locator(".answer").inner_text() == "The report does not say."
    assert answer.locator(".chip").count() >= 1  # the closest paragraphs, to read


def test_follow_up_and_feedback(api, page):
    page.goto(api.url)
    _ask(page, "What grade was given for the health of children in need of protection?")
    follow = _ask(page, "and for looked after children?")
    assert "looked after children" in follow.locator(".interpreted").inner_text()
    assert page.locator(".turn.user").count() == 2  # the conversation stays on the page
    follow.get_by_role("button", name="Wrong").click()
    follow.get_by_label("Right paragraph (optional)").fill("110")
    follow.get_by_role("button", name="Send").click()
    follow.get_by_text("your feedback was saved").wait_for()


XSS_DOC = """Minutes of the zebra crossing working group.

The zebra crossing review recorded <script>window.__pwned = 1</script> and
<img src="x" onerror="window.__pwned = 2"> in the zebra crossing minutes.
"""


def test_report_markup_renders_inert(built, embedder, tmp_path, page):
    from qa.index.build import build_index
    from qa.ingest.corpus import load_corpus
    from qa.text.tokens import load_encoding

    settings, _ = built
    corpus = tmp_path / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    (corpus / "zebra-minutes.txt").write_text(XSS_DOC, encoding="utf-8")
    index = tmp_path / "index"
    shutil.copytree(settings.index_dir, index)  # the seed's vectors are reused
    settings = settings.model_copy(
        update={"corpus_dir": corpus, "index_dir": index, "data_dir": tmp_path / "data"}
    )
    build_index(
        settings, load_corpus(corpus), embedder, load_encoding(settings.encoding), progress=False
    )
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        page.goto(server.url)
        answer = _ask(page, "What did the zebra crossing review record?")
        answer.locator(".chip").first.click()
        page.locator("#paragraph-dialog").wait_for(state="visible")
        shown = page.locator("#paragraph-dialog").inner_text()
        assert "<script>" in shown and "onerror" in shown  # shown as text
        assert page.locator("#paragraph-dialog img, #conversation img").count() == 0
        assert page.locator("#paragraph-dialog script, #conversation script").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert page.errors == []
