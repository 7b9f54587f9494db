"""In Chromium: signing in and out with the organisation's account through a real OpenID Connect provider
(tests/oidc/provider.mjs), and a staff account setting up its authenticator app; each page checked with axe."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from accounts.models import SignInEvent

from .. import identity_provider as provider
from ..factories import PASSWORD, UserFactory
from .conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organisation(settings, identity_provider, live_server):
    client = provider.register(identity_provider, live_server.url)
    provider.configure(settings, client)
    return client


def sign_in_at_the_provider(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Sign in").click()


def test_signing_in_and_out_with_the_organisations_account(new_page, organisation, live_server):
    page = new_page()
    page.goto(reverse("proposals:mine"))  # signed out: the sign-in page, coming back here after
    assert_accessible(page, "sign-in page")
    page.get_by_role("link", name="Sign in with your organisation's account").click()

    page.wait_for_url(f"{organisation.issuer}/interaction/**")
    sign_in_at_the_provider(page, "new.starter")
    page.wait_for_url(f"{live_server.url}{reverse('proposals:mine')}")
    assert page.get_by_role("link", name="Robin Ashdown").is_visible()
    screenshot(page, "signed-in-with-organisation")
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.SIGNED_IN, method=SignInEvent.Method.ORGANISATION,
                                      user__email="new.starter@northshire-icb.nhs.example").exists()

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # the provider asks, as Entra ID does
    page.get_by_role("heading", name="You have signed out").wait_for()
    assert page.url == f"{live_server.url}{reverse('accounts:signed_out')}"
    assert_accessible(page, "signed-out page")

    # Signed out here, and at the provider: signing in again asks for the password again.
    page.goto(reverse("proposals:mine"))
    assert page.url.startswith(f"{live_server.url}{reverse('login')}")
    page.get_by_role("link", name="Sign in with your organisation's account").click()
    page.get_by_label("Password").wait_for()
    assert page.url.startswith(f"{organisation.issuer}/interaction/")


def test_a_refused_sign_in_is_a_clear_page(new_page, organisation, live_server):
    page = new_page()
    page.goto(reverse("login"))
    page.get_by_role("link", name="Sign in with your organisation's account").click()
    page.wait_for_url(f"{organisation.issuer}/interaction/**")
    provider.spoil_next_id_token(organisation.issuer, claims={"iss": "https://login.evil.example/v2.0"})
    sign_in_at_the_provider(page, "new.starter")
    page.get_by_role("heading", name="You could not be signed in").wait_for()
    assert "a service this site does not trust" in page.content()
    assert_accessible(page, "refused sign-in")
    assert not page.get_by_role("button", name="Sign out").count()


def test_a_staff_account_sets_up_its_authenticator_app(new_page, db):
    UserFactory(username="governance.admin", is_staff=True, is_superuser=True, first_name="Ola", last_name="Brandt")
    page = new_page()
    sign_in(page, "governance.admin", PASSWORD)
    page.get_by_role("heading", name="Set up an authenticator app").wait_for()
    assert_accessible(page, "authenticator set-up")
    assert page.locator(".app-qr-code svg").is_visible()
    key = page.locator(".app-secret-key").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(key + "=" * (-len(key) % 8))).token()
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Set up the app").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert len(re.findall(r"<li><code>[a-z0-9]+</code></li>", page.content())) == 10
    assert_accessible(page, "recovery codes")
    page.get_by_role("link", name="I have kept my recovery codes").click()
    page.goto("/admin/")
    page.get_by_role("heading", name="Site administration").wait_for()
