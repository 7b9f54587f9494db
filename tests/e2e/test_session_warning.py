"""The warning before an idle sign-in ends (static/js/session_warning.js), in Chromium: shown two
minutes before the end, "Stay signed in" keeps the session, and at the end the sign-in page says why."""

import pytest

from ..factories import PASSWORD
from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_warning_keeps_or_ends_an_idle_sign_in(new_page, cast, settings):
    settings.SESSION_IDLE_TIMEOUT = 123  # the warning comes two minutes before the end: after 3 seconds
    page = new_page()
    sign_in(page, "author", PASSWORD)
    warning = page.locator("[data-session-warning]")
    assert warning.is_hidden()
    warning.wait_for(state="visible", timeout=8_000)
    assert "You will be signed out in 2 minutes without activity" in warning.inner_text()
    assert_accessible(page, "idle warning")
    screenshot(page, "session-warning")
    warning.get_by_role("button", name="Stay signed in").click()
    warning.wait_for(state="hidden", timeout=2_000)  # 123 seconds left again

    settings.SESSION_IDLE_TIMEOUT = 4  # shorter than the warning: it shows at once, then the time runs out
    page.reload()
    page.get_by_role("heading", name="Sign in to ICS Commissioning").wait_for(timeout=10_000)
    assert "You were signed out after 4 seconds without activity" in page.content()
