"""
Hardening: the Content Security Policy and security headers on every page, no signed-in page kept
in a cache, sign-in throttling, passwords checked, the admin behind staff sign-in, and an audit trail nobody can change or delete
(through the services, the ORM or the admin). `check --deploy` and secure cookies under production
settings are in test_settings.py.
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ics_commissioning.middleware import PrivateResponsesNotCached
from proposals.enums import ProposalState as S
from proposals.models import Proposal, ProposalEvent

from .conftest import sign_in_with_second_factor
from .factories import PASSWORD, MeetingFactory, UserFactory


def test_every_page_has_a_strict_content_security_policy_and_the_security_headers(client, cast):
    client.force_login(cast.author)
    response = client.get(reverse("proposals:mine"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html  # nothing inline that the policy would block


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_no_page_for_a_signed_in_person_is_kept_in_a_cache(client, cast):
    meeting = MeetingFactory(body=cast.icsmg)
    client.force_login(cast.icsmg_secretary)
    for url in (reverse("api:token"), reverse("governance:meeting", args=[meeting.pk]),
                reverse("proposals:pipeline_csv"), reverse("proposals:mine"), "/api/v1/proposals/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_control(response), url


def test_the_api_says_so_to_a_token_too(cast):
    robot = APIClient()
    robot.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=cast.member).key}")
    response = robot.get("/api/v1/meetings/")
    assert response.status_code == 200 and {"private", "no-store"} <= cache_control(response)


def test_a_public_page_is_left_as_it_is(client, db):
    assert "no-store" not in cache_control(client.get(reverse("proposals:how_it_works")))


def test_a_response_that_already_says_no_store_is_left_alone(cast):
    request = RequestFactory().get("/")
    request.user = cast.author
    response = PrivateResponsesNotCached(lambda request: HttpResponse(headers={"Cache-Control": "no-store"}))(request)
    assert response["Cache-Control"] == "no-store"
    response = PrivateResponsesNotCached(lambda request: HttpResponse(headers={"Cache-Control": "max-age=60"}))(request)
    assert cache_control(response) == {"private", "no-store", "max-age=60"}


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_sign_in_is_throttled_after_five_failures(client, cast):
    user = UserFactory(username="target")
    for _ in range(4):
        response = sign_in(client, "target", "wrong password")
        assert response.status_code == 200 and "did not match" in response.content.decode()
    assert sign_in(client, "target", "wrong password").status_code == 429  # the fifth failure locks
    locked = sign_in(client, "target", PASSWORD)  # even the right password, now
    assert locked.status_code == 429 and "Too many attempts to sign in" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert sign_in(client, cast.author.username, PASSWORD).status_code == 302  # other accounts are not locked
    client.logout()
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)):
        assert sign_in(client, "target", PASSWORD).status_code == 302  # after the cool-off
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.parametrize("password", ["password", "12345678", "target", "short"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, UserFactory.build(username="target"))


def test_the_admin_is_for_staff_only(client, cast):
    client.force_login(cast.author)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    staff = UserFactory(username="staff_no_perms", is_staff=True)
    sign_in_with_second_factor(client, staff)
    assert client.get("/admin/proposals/proposal/").status_code == 403


def test_the_audit_trail_cannot_be_changed_or_deleted(client, cast, proposal_in):
    proposal = proposal_in(S.SUBMITTED)
    event = proposal.events.first()
    with pytest.raises(PermissionError):
        event.comment = "rewritten"
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ProposalEvent.objects.filter(proposal=proposal).update(comment="rewritten")
    with pytest.raises(PermissionError):
        ProposalEvent.objects.filter(proposal=proposal).delete()
    with pytest.raises(ProtectedError):  # nor by deleting the proposal (a bulk delete bypasses the above)
        Proposal.objects.filter(pk=proposal.pk).delete()

    count = ProposalEvent.objects.count()
    sign_in_with_second_factor(client, cast.admin)
    assert client.get(reverse("admin:proposals_proposal_delete", args=[proposal.pk])).status_code == 403
    assert client.post(reverse("admin:proposals_proposal_delete", args=[proposal.pk]), {"post": "yes"}).status_code == 403
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk])).content.decode()
    assert 'name="events-0-comment"' not in change  # shown read-only
    assert ProposalEvent.objects.count() == count and Proposal.objects.filter(pk=proposal.pk).exists()
