"""
The second factor for local accounts (accounts.second_factor): staff and admin accounts sign in with a
password and a code from an authenticator app, or a single-use recovery code; until they do, they reach
nothing, the admin least of all. And every sign-in, sign-out and refusal is recorded.
"""

import datetime
import re

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_site import VerifiedAdminSite
from accounts.models import SignInEvent

from .conftest import sign_in_with_second_factor
from .factories import PASSWORD, UserFactory
from .html_checks import page_problems

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"
SET_UP = reverse("accounts:two_factor_setup")
TWO_FACTOR = reverse("accounts:two_factor")
Kind, Method = SignInEvent.Kind, SignInEvent.Method


def code_for(key_hex, at=None):
    totp = TOTP(bytes.fromhex(key_hex))
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


def password_sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def staff(db):
    return UserFactory(username="governance.admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_with_app(staff):
    device = TOTPDevice.objects.create(user=staff, name="Authenticator app", confirmed=True)
    return staff, device


def test_a_staff_account_cannot_reach_the_admin_without_a_second_factor(client, staff):
    assert password_sign_in(client, staff.username).status_code == 302
    for path in (ADMIN, "/admin/auth/user/", reverse("proposals:mine"), "/api/proposals/"):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(SET_UP), path
    # Nor by a POST to the admin: refused before the admin sees it.
    assert client.post("/admin/auth/user/add/", {"username": "backdoor"}).status_code == 302
    from django.contrib.auth import get_user_model
    assert not get_user_model().objects.filter(username="backdoor").exists()


def test_the_admin_site_itself_asks_for_the_second_factor(staff):
    """Beside the middleware: the admin site's own permission check (were the middleware ever removed)."""
    request = RequestFactory().get(ADMIN)
    request.user = staff
    request.session = {}
    assert not VerifiedAdminSite().has_permission(request)
    request.session = {"otp_device_id": "otp_totp.totpdevice/1"}
    assert VerifiedAdminSite().has_permission(request)


def test_setting_up_an_authenticator_app_then_recovery_codes(client, staff):
    password_sign_in(client, staff.username)
    page = client.get(f"{SET_UP}?next={ADMIN}").content.decode()
    assert not page_problems(page)
    assert "<svg" in page and "Scan this QR code" in page
    assert not TOTPDevice.objects.exists()  # opening the page writes nothing
    key = client.session["new_authenticator_key"]
    typed = re.search(r'class="app-secret-key">([A-Z2-7 ]+)<', page).group(1)
    assert typed.replace(" ", "") in __import__("base64").b32encode(bytes.fromhex(key)).decode()

    response = client.post(SET_UP, {"code": "000000" if code_for(key) != "000000" else "111111", "next": ADMIN})
    assert "The code is not right" in response.content.decode() and not TOTPDevice.objects.exists()
    assert client.get(ADMIN).status_code == 302

    response = client.post(SET_UP, {"code": code_for(key), "next": ADMIN})
    page = response.content.decode()
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10 and "This is the only time they are shown" in page
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.filter(user=staff, kind=Kind.SECOND_FACTOR, method=Method.AUTHENTICATOR).exists()


def test_a_wrong_code_is_refused_and_recorded_and_the_right_one_lets_in(client, staff_with_app):
    staff, device = staff_with_app
    response = password_sign_in(client, staff.username)
    assert client.get(ADMIN).url.startswith(TWO_FACTOR)
    wrong = "123456" if code_for(device.key) != "123456" else "654321"
    response = client.post(TWO_FACTOR, {"code": wrong, "next": ADMIN})
    assert response.status_code == 200 and "The code is not right" in response.content.decode()
    assert not page_problems(response.content.decode())
    assert SignInEvent.objects.filter(user=staff, kind=Kind.SECOND_FACTOR_FAILED).count() == 1
    assert client.get(ADMIN).status_code == 302
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(seconds=5)):
        # django-otp slows guessing: after a failure, the next try waits a second or more
        response = client.post(TWO_FACTOR, {"code": code_for(device.key), "next": ADMIN})
    assert response.status_code == 302 and response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_works_once(client, staff_with_app):
    staff, device = staff_with_app
    from accounts import second_factor

    codes = second_factor.new_recovery_codes(staff)
    password_sign_in(client, staff.username)
    response = client.post(TWO_FACTOR, {"code": codes[0].upper(), "next": ADMIN})
    assert response.url == ADMIN and client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.filter(user=staff, kind=Kind.SECOND_FACTOR, method=Method.RECOVERY_CODE).exists()
    assert StaticToken.objects.filter(device__user=staff).count() == 9
    client.post(reverse("logout"))
    password_sign_in(client, staff.username)
    assert "The code is not right" in client.post(TWO_FACTOR, {"code": codes[0]}).content.decode()


def test_a_stolen_password_cannot_replace_the_authenticator_app(client, staff_with_app):
    staff, device = staff_with_app
    password_sign_in(client, staff.username)
    assert client.get(SET_UP).url == TWO_FACTOR
    client.post(SET_UP, {"code": "123456"})
    assert list(TOTPDevice.objects.filter(user=staff)) == [device]


def test_new_recovery_codes_have_a_check_step_and_replace_the_old(client, staff_with_app):
    staff, _ = staff_with_app
    from accounts import second_factor

    old = second_factor.new_recovery_codes(staff)
    sign_in_with_second_factor(client, staff)
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert "You have 10 recovery codes left" in page and "will stop working" in page
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)  # the check step changed nothing
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", client.post(reverse("accounts:recovery_codes")).content.decode())
    assert len(new) == 10 and set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_an_ordinary_account_is_not_asked_for_a_second_factor_unless_it_set_one_up(client, cast):
    password_sign_in(client, "author")
    assert client.get(reverse("proposals:mine")).status_code == 200
    client.post(reverse("logout"))
    TOTPDevice.objects.create(user=cast.author, name="Authenticator app", confirmed=True)
    password_sign_in(client, "author")
    assert client.get(reverse("proposals:mine")).url.startswith(TWO_FACTOR)


def test_the_security_page_lists_recent_sign_ins(client, cast):
    password_sign_in(client, "author")
    page = client.get(reverse("accounts:security")).content.decode()
    assert not page_problems(page)
    assert "Signed in" in page and "Username and password" in page and "Set up an authenticator app" in page


# -- The record of signing in and out ---------------------------------------------------------------


def test_every_sign_in_sign_out_and_failure_is_recorded(client, cast, settings):
    client.post(reverse("login"), {"username": "author", "password": "wrong"}, REMOTE_ADDR="192.0.2.7")
    password_sign_in(client, "author")
    client.post(reverse("logout"))
    events = list(SignInEvent.objects.order_by("pk").values_list("kind", "method", "username", "address", "reason"))
    assert events == [
        (Kind.FAILED, Method.PASSWORD, "author", "192.0.2.7", "Wrong username or password."),
        (Kind.SIGNED_IN, Method.PASSWORD, "author", "127.0.0.1", ""),
        (Kind.SIGNED_OUT, Method.SESSION, "author", "127.0.0.1", ""),
    ]
    # The password is never recorded, even when typed into the username box by mistake.
    assert "wrong" not in str(events[0][2:])


def test_a_lockout_is_recorded_as_such(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(3):
        client.post(reverse("login"), {"username": "author", "password": "wrong"})
    reasons = list(SignInEvent.objects.filter(kind=Kind.FAILED).order_by("pk").values_list("reason", flat=True))
    assert reasons[-1] == "Locked out after too many failed sign-ins."


def test_an_idle_sign_out_is_recorded_as_such(client, cast, settings):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as clock:
        password_sign_in(client, "author")
        clock.shift(datetime.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT + 60))
        client.get(reverse("proposals:mine"))
    assert SignInEvent.objects.latest("pk").kind == Kind.TIMED_OUT


def test_the_sign_in_record_cannot_be_changed(cast, client):
    password_sign_in(client, "author")
    event = SignInEvent.objects.get()
    with pytest.raises(PermissionError):
        SignInEvent.objects.update(reason="rewritten")
    with pytest.raises(PermissionError):
        event.delete()
