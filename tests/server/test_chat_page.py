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


SEED_ID = "ofsted-lancashire-safeguarding-lac-2012"
SEED_TITLE = "Inspection of safeguarding and looked after children services Lancashire"
SEED_NAME = "Lancashire 2012"


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
    # The report's name first: the seed's front page names no council or year, so they
    # come from its title and inspection dates.
    assert label.startswith((f"{SEED_NAME} · ¶", f"{SEED_NAME} · frontmatter"))
    chip.click()
    dialog = page.locator("#paragraph-dialog")
    dialog.wait_for(state="visible")
    # The quoted sentence is highlighted inside the paragraph shown in context.
    assert dialog.locator("#paragraph-text mark").count() == 1
    title = dialog.locator("#paragraph-title").inner_text()
    assert title == " · ".join(label.split(" · ")[:2])  # "Lancashire 2012 · ¶3"
    assert SEED_TITLE in dialog.locator("#paragraph-meta").inner_text()
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


def _asks(page) -> list[dict]:
    """The bodies of the page's POST /v1/ask requests, as they are sent."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda r: bodies.append(r.post_data_json) if r.url.endswith("/v1/ask") else None,
    )
    return bodies


def test_report_picker_lists_the_reports_and_sends_the_choice(api, page):
    sent = _asks(page)
    page.goto(api.url)
    picker = page.get_by_label("Report", exact=True)
    assert picker.get_attribute("list") == "doc-options"
    options = page.locator("#doc-options option")
    options.nth(1).wait_for(state="attached")  # the list arrives from /v1/documents
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert values == ["All reports", SEED_NAME]
    assert SEED_TITLE in options.nth(1).get_attribute("label")
    assert picker.input_value() == ""  # "All reports" by default

    # All reports: no doc is sent, and the server routes by the council the question names.
    answer = _ask(page, "Who was the lead inspector for Lancashire?")
    assert "doc" not in sent[-1]
    assert answer.locator(".route").inner_text() == "From Lancashire’s 2012 report"
    assert answer.locator(".chip").first.inner_text().startswith(f"{SEED_NAME} · ")

    # Picking the report by its name from the list sends its id.
    picker.fill(SEED_NAME)
    assert SEED_TITLE in page.locator("#doc-help").inner_text()
    answer = _ask(page, "Who was the lead inspector?")
    assert sent[-1]["doc"] == SEED_ID
    assert "Gary Lamb" in answer.locator(".answer").inner_text()
    assert answer.locator(".route").inner_text() == f"From {SEED_NAME}"
    chips = answer.locator(".chips .chip")
    assert chips.count() >= 1
    for i in range(chips.count()):
        assert chips.nth(i).inner_text().startswith(f"{SEED_NAME} · ")
        assert chips.nth(i).get_attribute("title") == SEED_TITLE

    # Typing a year (or a council) that only one report has picks it too.
    picker.fill("2012")
    _ask(page, "How many children were looked after?")
    assert sent[-1]["doc"] == SEED_ID
    assert picker.input_value() == SEED_NAME  # the text is completed to the report's name

    # Back to All reports: no doc again.
    picker.fill("All reports")
    _ask(page, "How many children were looked after?")
    assert "doc" not in sent[-1]
    picker.fill("")
    _ask(page, "How many children were looked after?")
    assert "doc" not in sent[-1]
    assert page.errors == []


def test_report_picker_refuses_a_report_it_does_not_have(api, page):
    sent = _asks(page)
    page.goto(api.url)
    page.locator("#doc-options option").nth(1).wait_for(state="attached")
    page.get_by_label("Report", exact=True).fill("Barnet")
    page.get_by_label("Your question").fill("Who was the lead inspector?")
    page.get_by_label("Your question").press("Enter")
    assert "No report matches “Barnet”" in page.locator("#doc-help").inner_text()
    assert page.get_by_label("Report", exact=True).get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Your question").input_value() == "Who was the lead inspector?"
    assert sent == []  # nothing was asked


def test_a_council_without_a_report_is_said_once(api, page):
    page.goto(api.url)
    answer = _ask(page, "How many children were looked after in Cornwall?")
    assert (
        answer.locator(".answer").inner_text() == "There is no report for Cornwall in the corpus."
    )
    assert answer.locator(".route").count() == 0  # the answer already says it


def test_report_list_loads_once_the_index_is_ready(built, embedder, tmp_path, browser):
    """The page opened while the index loads (503) polls /readyz, then fills the list."""
    import threading

    release = threading.Event()
    loader = shared_model_loader(embedder)

    def slow_loader(settings, previous):
        release.wait(60)
        return loader(settings, previous)

    settings, _ = built
    settings = settings.model_copy(update={"data_dir": tmp_path / "data"})
    server = LiveServer(create_app(settings, loader=slow_loader)).start(wait_ready=False)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url)
        page.get_by_text("still loading").wait_for()
        assert page.locator("#doc-options option").count() == 1  # "All reports" only
        release.set()
        page.locator("#doc-options option").nth(1).wait_for(state="attached", timeout=30_000)
        assert page.locator("#doc-options option").nth(1).get_attribute("value") == SEED_NAME
    finally:
        release.set()
        context.close()
        server.stop()


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(api, browser, width, tmp_path):
    """The page with an answer, at desktop and phone widths (saved for a person to look
    at under QA_SCREENSHOTS, when set); at 390 px nothing is wider than the screen and the
    picker sits above the question box."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(api.url)
        page.locator("#doc-options option").nth(1).wait_for(state="attached")
        _ask(page, "Who was the lead inspector for Lancashire?")
        page.get_by_label("Report", exact=True).fill(SEED_NAME)
        _ask(page, "How many children were looked after?")
        _ask(page, "What does LADO stand for?")
        page.get_by_label("Your question").focus()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        picker = page.get_by_label("Report", exact=True).bounding_box()
        question = page.get_by_label("Your question").bounding_box()
        assert picker["y"] + picker["height"] <= question["y"]
        assert question["x"] + question["width"] <= width
        folder = os.environ.get("QA_SCREENSHOTS")
        if folder:
            page.screenshot(path=str(Path(folder) / f"chat-page-{width}.png"), full_page=True)
    finally:
        context.close()
