"""The chat page end to end in headless Chromium (Debian's package, driven by Playwright).

Playwright's own browser download is not used (it cannot run offline); the system
Chromium at ``QA_CHROMIUM`` (default /usr/bin/chromium) is launched instead. `make test`
installs it.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import httpx
import pytest

from server.app import create_app
from tests.conftest import shared_model_loader
from tests.fakes import REPORTS, fake_index, needs_real_reports
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
    # The report's title, council and dates, not its id.
    report = dialog.locator("#paragraph-report").inner_text()
    assert SEED_TITLE in report and "Lancashire" in report and "2012" in report
    assert SEED_ID not in report
    # A text report has no original pages to open.
    assert dialog.locator("#open-original").is_hidden()
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


def test_a_follow_up_substitutes_its_subject(api, page):
    """ "and staying safe?" after a grade question asks the grade of staying safe, and the
    rewrite reads as English."""
    page.goto(api.url)
    _ask(page, "What grade was given for being healthy?")
    follow = _ask(page, "and staying safe?")
    interpreted = follow.locator(".interpreted").inner_text()
    assert interpreted == "Answered as: “What grade was given for staying safe?”"
    assert "being healthy" not in interpreted
    assert follow.locator(".chip").first.inner_text()  # answered, with a citation
    pronoun = _ask(page, "What should be done about it?")
    assert "staying safe" in pronoun.locator(".interpreted").inner_text()


def test_feedback_comment_is_checked_saved_and_exported(api, browser, tmp_path):
    """A right paragraph the report lacks is refused beside the field; the comment is
    saved, and the Markdown export holds questions, answers, citations and feedback; the
    answer copies with its citation."""
    context = browser.new_context(
        viewport={"width": 1100, "height": 900},
        permissions=["clipboard-read", "clipboard-write"],
        accept_downloads=True,
    )
    page = context.new_page()
    feedback: list[dict] = []
    page.on(
        "request",
        lambda r: feedback.append(r.post_data_json) if r.url.endswith("/v1/feedback") else None,
    )
    try:
        page.goto(api.url)
        answer = _ask(page, "Who was the lead inspector?")
        answer.get_by_role("button", name="Copy answer with citation").click()
        answer.get_by_text("Copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "Gary Lamb" in copied
        assert re.search(r"\(Ofsted, Lancashire 2012, [^)]*page \d+\)$", copied), copied

        answer.get_by_role("button", name="Wrong").click()
        answer.get_by_label("Right paragraph (optional)").fill("9999")
        answer.get_by_label("Comment (optional)").fill("The deputy is named too.")
        answer.get_by_role("button", name="Send").click()
        refusal = answer.get_by_role("alert")
        refusal.wait_for()
        assert "Lancashire 2012 has no paragraph 9999" in refusal.inner_text()
        assert answer.get_by_label("Right paragraph (optional)").get_attribute("aria-invalid")
        answer.get_by_label("Right paragraph (optional)").fill("3")
        answer.get_by_role("button", name="Retry").click()
        answer.get_by_text("your feedback was saved").wait_for()
        sent = feedback[-1]
        assert sent["comment"] == "The deputy is named too." and sent["right_paragraph"] == 3
        assert len(feedback) == 1  # the refused paragraph was never stored
        assert '"paragraphs": [3]' in httpx.get(f"{api.url}/v1/feedback/export").text

        with page.expect_download() as download:
            page.get_by_role("button", name="Export as Markdown").click()
        path = tmp_path / "conversation.md"
        download.value.save_as(path)
        text = path.read_text(encoding="utf-8")
        assert "## 1. Who was the lead inspector?" in text
        assert "> " in text and "Gary Lamb" in text
        assert "Citations:" in text and "Lancashire 2012, " in text
        assert "Feedback: wrong; right paragraph 3; comment: “The deputy is named too.”" in text
    finally:
        context.close()


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
        # No image but the page's own (empty) view of an original PDF page.
        images = "#paragraph-dialog img:not(#page-image), #conversation img"
        assert page.locator(images).count() == 0
        assert page.locator("#page-image").get_attribute("src") is None
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

    from qa.pipeline import QAService
    from server.state import LOAD_PROGRESS

    release = threading.Event()

    def slow_loader(settings, previous):
        # The real load, held at its second stage until the test has seen it on the page.
        tell = LOAD_PROGRESS.get()
        assert tell is not None

        def stage(name, step, steps):
            tell(name, step, steps)
            if step == 2:
                release.wait(60)

        return QAService.load(settings, embedder=embedder, progress=stage)

    settings, _ = built
    settings = settings.model_copy(update={"data_dir": tmp_path / "data"})
    server = LiveServer(create_app(settings, loader=slow_loader)).start(wait_ready=False)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url)
        page.get_by_text("Loading the index").first.wait_for()
        assert page.locator("#index-state progress").is_visible()
        # The server's own stage, not only time elapsed.
        page.get_by_text("loading the embedding model (step 2 of 3").wait_for(timeout=30_000)
        assert page.locator("#index-progress").get_attribute("max") == "3"
        assert page.locator("#doc-options option").count() == 1  # "All reports" only
        assert page.locator("#examples button").count() == 0
        release.set()
        page.locator("#doc-options option").nth(1).wait_for(state="attached", timeout=30_000)
        assert page.locator("#doc-options option").nth(1).get_attribute("value") == SEED_NAME
        assert page.locator("#index-state").is_hidden()
        # The empty page lists the reports loaded and offers questions drawn from them.
        assert SEED_TITLE in page.locator("#report-list").inner_text()
        assert "1 report loaded" in page.locator("#reports summary").inner_text()
        examples = page.locator("#examples button")
        assert 4 <= examples.count() <= 5
        texts = [examples.nth(i).inner_text() for i in range(examples.count())]
        assert all("Lancashire" in text and text.endswith("?") for text in texts)
        # "Which areas were judged X" is answered from the judgement table.
        judged = next(i for i, text in enumerate(texts) if text.startswith("Which areas"))
        grade = texts[judged].split(" judged ")[1].split(" in ")[0]
        examples.nth(judged).click()
        answer = page.locator("article.answer-turn")
        answer.wait_for(timeout=30_000)
        lines = answer.locator(".answer").inner_text().split("\n")
        assert len(lines) >= 2 and all(line.lower().endswith(grade) for line in lines)
        assert "Confident" in answer.locator(".confidence").inner_text()
    finally:
        release.set()
        context.close()
        server.stop()


AXE = Path(__file__).resolve().parents[1] / "fixtures" / "axe-core" / "axe.min.js"


def _axe_violations(page) -> list[str]:
    """axe-core's WCAG 2 A/AA violations on the page as it stands (evaluated through the
    DevTools protocol, so the page's CSP is not loosened for it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
def test_layout_and_accessibility(api, browser, width):
    """The composer stays at the bottom of the screen; at 390 px the picker sits above the
    question box, both the full width; citation chips are rectangles; the paragraph
    dialog opens at its top; axe-core finds no violations. With QA_SCREENSHOTS set, the
    page is saved there (`docs/chat-page.png` in the README is the 1280 px one)."""
    height = 900 if width > 600 else 844
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(api.url)
        page.locator("#doc-options option").nth(1).wait_for(state="attached")
        page.locator("#examples button").first.wait_for()
        assert _axe_violations(page) == []  # the empty page, with examples
        _ask(page, "Who was the lead inspector for Lancashire?")
        page.get_by_label("Report", exact=True).fill(SEED_NAME)
        _ask(page, "How many children were looked after?")
        _ask(page, "What grade was given for being healthy?")
        _ask(page, "and staying safe?")
        page.get_by_label("Your question").focus()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        composer = page.locator("#composer").bounding_box()
        assert composer["y"] + composer["height"] == pytest.approx(height, abs=1)
        picker = page.get_by_label("Report", exact=True).bounding_box()
        question = page.get_by_label("Your question").bounding_box()
        assert question["x"] + question["width"] <= width
        if width <= 640:
            assert picker["y"] + picker["height"] <= question["y"]  # stacked
            assert question["width"] >= width * 0.6
        else:
            assert picker["x"] + picker["width"] <= question["x"]  # side by side
        chip = page.locator(".chip").first
        radius = chip.evaluate("e => parseFloat(getComputedStyle(e).borderTopLeftRadius)")
        assert radius <= 6  # a rectangle, not a pill
        assert _axe_violations(page) == []
        folder = os.environ.get("QA_SCREENSHOTS")
        if folder:
            name = "chat-page.png" if width > 600 else f"chat-page-{width}.png"
            page.screenshot(path=str(Path(folder) / name))

        page.locator("article.answer-turn .chip").last.click()
        dialog = page.locator("#paragraph-dialog")
        dialog.wait_for(state="visible")
        assert dialog.evaluate("d => d.scrollTop") == 0  # opened at its top
        title = page.locator("#paragraph-title").bounding_box()
        assert 0 <= title["y"] < height / 2
        assert _axe_violations(page) == []
    finally:
        context.close()


# Answered over the seed with a calibrated probability of 0.42 (above the abstention
# threshold, below CONFIDENT in chat.js): the quote is about the topic, not an answer.
LOW_CONFIDENCE_QUESTION = "How are children's views gathered?"


@needs_real_reports
def test_citation_opens_the_original_pdf_page_highlighted(tmp_path, browser):
    """A real report (PDF): the dialog names the report, walks to the next and previous
    paragraph, and opens the original page with the paragraph's recorded box highlighted;
    the highlight is checked on the pixels of a screenshot."""
    from PIL import Image

    from qa.pipeline import QAService

    settings, fake = fake_index(tmp_path, [REPORTS / "barnet-23-july-2024.pdf"])
    settings = settings.model_copy(update={"data_dir": tmp_path / "data"})
    app = create_app(settings, loader=lambda s, previous: QAService.load(s, embedder=fake))
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        with LiveServer(app) as server:
            page = context.new_page()
            page.goto(server.url)
            page.locator("#doc-options option").nth(1).wait_for(state="attached")
            answer = _ask(page, "How well are children in care helped by their social workers?")
            chip = answer.locator(".chip", has_text="¶").first
            chip.click()
            dialog = page.locator("#paragraph-dialog")
            dialog.wait_for(state="visible")
            report = page.locator("#paragraph-report").inner_text()
            assert "Barnet" in report and "2024" in report
            first = page.locator("#paragraph-title").inner_text()
            page.get_by_role("button", name="Next paragraph").click()
            page.wait_for_function(
                "t => document.getElementById('paragraph-title').textContent !== t", arg=first
            )
            page.get_by_role("button", name="Previous paragraph").click()
            page.wait_for_function(
                "t => document.getElementById('paragraph-title').textContent === t", arg=first
            )
            opener = page.locator("#open-original")
            assert re.fullmatch(r"Open the original at page \d+", opener.inner_text())
            opener.click()
            page.locator("#page-caption", has_text="highlighted").wait_for(timeout=30_000)
            # The page shows the highlight in view; the screenshot is of what staff see.
            page.locator("#page-highlight").scroll_into_view_if_needed()
            mark = page.locator("#page-highlight").bounding_box()
            frame = page.locator("#page-frame").bounding_box()
            assert mark["width"] > 100 and mark["height"] > 10
            assert (
                frame["x"] <= mark["x"] and mark["x"] + mark["width"] <= frame["x"] + frame["width"]
            )
            shot = tmp_path / "page.png"
            page.screenshot(path=str(shot))
            image = Image.open(shot).convert("RGB")

            def yellow_share(left: float, top: float, width: float, height: float) -> float:
                region = image.crop((int(left), int(top), int(left + width), int(top + height)))
                pixels = region.get_flattened_data()
                # The marker's yellow over white paper (the text under it stays dark).
                hits = sum(
                    1 for r, g, b in pixels if r > 220 and g > 190 and b < 180 and r - b > 60
                )
                return hits / max(len(pixels), 1)

            inside = yellow_share(
                mark["x"] + 4, mark["y"] + 4, mark["width"] - 8, mark["height"] - 8
            )
            assert inside > 0.4, inside
            # The rest of the page is not highlighted: a strip beside the box, above it or
            # below it, whichever is in view on the page.
            strip = min(mark["height"], 40)
            above = mark["y"] - strip - 8
            top = above if above > frame["y"] and above > 60 else mark["y"] + mark["height"] + 8
            assert yellow_share(mark["x"], top, mark["width"], strip) < 0.05
    finally:
        context.close()


def test_key_prompt_says_missing_or_not_accepted(built, embedder, tmp_path, browser):
    """With API keys on, the page says a key is needed (none sent) or was not accepted (one
    sent), styled apart from the page; the right key loads the reports and asks again the
    question the key stopped."""
    settings, _ = built
    settings = settings.model_copy(update={"data_dir": tmp_path / "data", "api_keys": "s3cret"})
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    try:
        with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
            page = context.new_page()
            page.goto(server.url)
            prompt = page.locator("#key-form")
            prompt.wait_for()
            assert prompt.get_attribute("data-reason") == "missing"
            assert "asks for an API key" in page.locator("#key-message").inner_text()
            assert prompt.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
            page.get_by_label("Your question").fill("Who was the lead inspector?")
            page.get_by_label("Your question").press("Enter")
            failed = page.locator(".turn.error")
            failed.wait_for()
            assert "An API key is needed" in failed.inner_text()

            page.get_by_label("API key").fill("wrong")
            page.get_by_role("button", name="Use this key").click()
            page.locator("#key-form[data-reason='refused']").wait_for()
            assert "not accepted" in page.locator("#key-message").inner_text()

            page.get_by_label("API key").fill("s3cret")
            page.get_by_role("button", name="Use this key").click()
            answer = page.locator("article.answer-turn")
            answer.wait_for(timeout=30_000)  # the refused question, asked again
            assert "Gary Lamb" in answer.locator(".answer").inner_text()
            assert prompt.is_hidden()
            assert page.locator("#doc-options option").count() == 2
    finally:
        context.close()
