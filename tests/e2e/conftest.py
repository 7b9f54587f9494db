"""
Browser tests: real Chromium (Debian's, at /usr/bin/chromium) driven by Playwright through the
real pages, served by pytest-django's live server. Screenshots go to test-artifacts/.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Chromium is not installed")


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """A page factory. Every page is watched for Content Security Policy violations: the NHS front
    end, htmx and our pages must work under the site's policy, so any violation fails the test."""
    contexts, violations = [], []

    def watch(message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(message.text)

    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not violations, f"Content Security Policy violations: {violations}"


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def follow(link):
    """Clicks a link and waits for the page it leads to: read mid-navigation, a page's content is empty."""
    with link.page.expect_navigation():
        link.click()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def assert_accessible(page, name):
    """axe-core finds no serious or critical violations, and the page fits a 320 px screen."""
    # Evaluated through the browser's debugging protocol, which the page's CSP does not govern: a
    # <script> tag with axe inline would be (rightly) blocked by the policy.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{name}: " + "; ".join(serious)
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(250)  # the NHS header moves links into its "More" menu on resize
    overflow = page.evaluate("document.documentElement.scrollWidth")
    culprits = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 320)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )
    page.set_viewport_size({"width": width, "height": 900})
    assert overflow <= 320, f"{name}: the page is {overflow}px wide at a 320px viewport: {culprits}"


# The full business case's own sections, written by its lead once the assessing body supports it.
FULL_CASE_TEXT = {
    "Involving patients and the public": "Patient panels in each ICP, then formal consultation if services move.",
    "Delivery plan": "Phased over eight quarters from April, led by the network.",
    "Benefits realisation": "Fewer duplicate diagnostics, measured quarterly.",
    "Post-implementation review": "A review at twelve months, reported to the ICS Management Group.",
}


def write_and_submit_full_case(page, proposal, *, check_accessible=False):
    """The lead writes the full case's own sections, its procurement route and options appraisal, checks
    the answers and submits it."""
    page.goto(f"/proposals/{proposal.reference}/business-case/")
    page.get_by_role("heading", name="Full business case").wait_for()
    if check_accessible:
        assert_accessible(page, "full case task list")
    for title, text in FULL_CASE_TEXT.items():
        page.get_by_role("link", name=re.compile(title)).click()
        page.locator("textarea").fill(text)
        page.get_by_role("button", name="Save and return to the business case").click()
    page.get_by_role("link", name=re.compile("Procurement route")).click()
    page.get_by_label("A variation to an existing contract").check()
    page.locator("textarea").fill("The network's providers already deliver the pathway.")
    if check_accessible:
        assert_accessible(page, "procurement")
    page.get_by_role("button", name="Save and return to the business case").click()
    page.get_by_role("link", name=re.compile("Options appraisal")).click()
    page.get_by_label("Option", exact=True).fill("Do nothing")
    page.get_by_label("Description").fill("Budgets stay separate; the delays remain.")
    page.get_by_label("This is the do-nothing option").check()
    page.get_by_role("button", name="Save and add another option").click()
    page.locator("#id_options-1-title").fill("One pathway budget")
    page.locator("#id_options-1-description").fill("Pool the budgets across the pathway.")
    page.locator("#id_options-1-is_preferred").check()
    if check_accessible:
        assert_accessible(page, "options appraisal")
    page.get_by_role("button", name="Save and return to the business case").click()
    follow(page.get_by_role("link", name=re.compile("Check your answers")))
    assert "Still to complete" not in page.content()
    page.get_by_role("button", name="Submit the full business case").click()
    page.locator(".nhsuk-notification-banner--success").wait_for()


def fill_date(page, legend, value):
    """Type a date (or a datetime) into the date input whose legend is `legend`: Day, Month, Year (and Time)."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))
    if hasattr(value, "hour"):
        group.get_by_label("Time").fill(f"{value:%H:%M}")
