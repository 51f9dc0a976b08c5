"""The admin page end to end in headless Chromium: list the reports, upload one, watch it
indexed, remove it; under the Content-Security-Policy, with no script errors."""

from __future__ import annotations

import pytest

from server.app import create_app
from tests.conftest import SEED, private_copy, shared_model_loader
from tests.live import LiveServer
from tests.server.test_chat_page import browser  # noqa: F401  (the shared fixture)

pytestmark = pytest.mark.integration

ADMIN_KEY = "admin-page-key"
REPORT = (
    "Inspection of Testshire children's services\n\nSummary\n\n"
    "1. Children in Testshire are well supported by social workers who visit them often.\n\n"
    "2. Leaders know their services well and act quickly.\n\n"
    "3. Foster carers receive good training.\n"
)


@pytest.fixture(scope="module")
def live(built, embedder, tmp_path_factory):
    settings, _ = built
    settings = private_copy(
        settings,
        tmp_path_factory.mktemp("admin-page"),
        admin_keys=ADMIN_KEY,
    )
    with LiveServer(create_app(settings, loader=shared_model_loader(embedder))) as server:
        yield server


def test_upload_progress_and_removal(browser, live, tmp_path):  # noqa: F811
    report = tmp_path / "testshire-2020.txt"
    report.write_text(REPORT, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        page.goto(f"{live.url}/admin")
        page.wait_for_selector("#status.error")  # no key yet: the API's 401 is shown
        assert "API key" in page.text_content("#status")
        errors.clear()  # the 401 itself is logged by the browser
        page.fill("#key", ADMIN_KEY)
        page.click("#key-form button")
        page.wait_for_selector(f'#documents tr[data-doc="{SEED.stem}"]')

        page.set_input_files("#file", str(report))
        page.click("#upload-form button")
        page.wait_for_selector('#documents tr[data-doc="testshire-2020"]', timeout=120_000)
        assert "indexed" in page.text_content("#status")
        assert "done" in page.text_content("#builds li")

        page.click('#documents tr[data-doc="testshire-2020"] button')
        page.wait_for_selector('#documents tr[data-doc="testshire-2020"]', state="detached")
        assert page.locator("#documents tbody tr").count() == 1
        assert not errors, errors
    finally:
        context.close()


def test_swagger_ui_renders_the_api_under_the_csp(browser, api):  # noqa: F811
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A Content-Security-Policy violation is reported on the console as an error.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    try:
        page.goto(f"{api.url}/docs")
        page.wait_for_selector("#operations-answers-ask", timeout=30_000)
        assert page.locator(".opblock").count() >= 15
        assert page.locator(".btn.authorize").count() == 1  # the key schemes are declared
        assert not errors, errors
    finally:
        context.close()
