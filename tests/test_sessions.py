"""
How long a sign-in lasts (ics_commissioning.sessions): signed out after SESSION_IDLE_TIMEOUT without a
request, and told why; kept while active, but never past SESSION_COOKIE_AGE from signing in; the pages'
warning asks how long is left, and "Stay signed in" keeps the session.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from proposals.models import Proposal

MINE = reverse("proposals:mine")
SESSION = reverse("session")
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def signed_in(client, cast, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_COOKIE_AGE = 12 * 60 * 60
    client.force_login(cast.author)
    return client


def test_an_idle_session_is_signed_out_and_told_why(signed_in, clock):
    clock.shift(datetime.timedelta(minutes=31))
    response = signed_in.get(MINE)
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={MINE}"
    page = signed_in.get(response.url).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    assert "_auth_user_id" not in signed_in.session
    assert signed_in.get(MINE).status_code == 302  # and it stays signed out


def test_activity_within_the_idle_time_keeps_the_session(signed_in, clock):
    for _ in range(4):  # two hours in all, never more than 29 minutes apart
        clock.shift(datetime.timedelta(minutes=29))
        assert signed_in.get(MINE).status_code == 200


def test_a_form_sent_after_the_idle_time_changes_nothing_and_goes_to_sign_in(signed_in, clock):
    clock.shift(datetime.timedelta(minutes=45))
    response = signed_in.post(reverse("proposals:create"), {"title": "Sent from an unattended computer"})
    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={reverse('home')}"
    assert not Proposal.objects.filter(title="Sent from an unattended computer").exists()


def test_the_session_ends_at_its_fixed_age_however_active(client, cast, clock, settings):
    settings.SESSION_COOKIE_AGE = 60 * 60
    client.force_login(cast.author)
    assert client.session.get_expiry_date() == START + datetime.timedelta(hours=1)
    for _ in range(3):  # active every 19 minutes
        clock.shift(datetime.timedelta(minutes=19))
        assert client.get(MINE).status_code == 200
    clock.shift(datetime.timedelta(minutes=4))  # an hour and a minute after signing in
    assert client.get(MINE).status_code == 302


def test_signing_in_again_starts_the_clocks_afresh(signed_in, clock, cast):
    clock.shift(datetime.timedelta(hours=2))
    signed_in.force_login(cast.author)  # the same person, in the same browser
    assert signed_in.session.get_expiry_date() == START + datetime.timedelta(hours=14)
    assert signed_in.get(SESSION).json() == {"seconds_left": 30 * 60}


def test_the_warning_asks_how_long_is_left_without_keeping_the_session(signed_in, clock):
    clock.shift(datetime.timedelta(minutes=25))
    assert signed_in.get(SESSION).json() == {"seconds_left": 5 * 60}
    clock.shift(datetime.timedelta(minutes=6))
    assert signed_in.get(MINE).status_code == 302


def test_stay_signed_in_keeps_the_session(signed_in, clock):
    clock.shift(datetime.timedelta(minutes=25))
    assert signed_in.post(SESSION).json() == {"seconds_left": 30 * 60}
    clock.shift(datetime.timedelta(minutes=25))  # 50 minutes since the page, 25 since "Stay signed in"
    assert signed_in.get(MINE).status_code == 200


def test_stay_signed_in_needs_a_sign_in_and_the_forms_csrf_token(client, cast):
    response = client.post(SESSION)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(cast.author)
    assert guarded.post(SESSION).status_code == 403
    page = guarded.get(MINE)
    token = page.context["csrf_token"]
    assert guarded.post(SESSION, {"csrfmiddlewaretoken": str(token)}).status_code == 200


def test_the_pages_carry_the_idle_time_and_the_warning_for_those_signed_in(signed_in, client, settings):
    settings.SESSION_IDLE_TIMEOUT = 20 * 60
    html = signed_in.get(MINE).content.decode()
    assert 'data-idle-timeout="1200"' in html and f'action="{SESSION}"' in html and "Stay signed in" in html
    signed_in.logout()
    assert "data-idle-timeout" not in signed_in.get(reverse("login")).content.decode()
