"""
Pages kept for their reader (ics_commissioning.user_cache.kept_per_reader) under the data's generation
(ics_commissioning.data_generation): answered from the cache while nothing is written, never to anyone
else, never older than the last write, however it was written, Redis up or down.
"""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance import services as governance
from governance.enums import AgendaPart, DecisionOutcome, MembershipRole, PaperPurpose
from governance.models import Membership
from ics_commissioning import data_generation
from proposals.enums import ProposalState as S
from proposals.models import Proposal

from .factories import PASSWORD, MeetingFactory, PlaceFactory, UserFactory

pytestmark = pytest.mark.usefixtures("user_cache")

LIST = reverse("proposals:list")


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_a_page_read_again_is_answered_from_the_cache_with_three_queries(client, cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    client.get(reverse("proposals:how_it_works"))  # the browser has its CSRF cookie, as after signing in
    for url in (LIST, proposal.get_absolute_url(), reverse("proposals:pipeline")):
        first, worked_out = _get(client, url)
        again, kept = _get(client, url)
        assert first.status_code == again.status_code == 200
        assert again.content == first.content
        # The session, the user and the generation: nothing else is asked again.
        assert kept == 3 < worked_out, (url, kept, worked_out)


def test_any_write_is_seen_at_once_by_the_orm_or_not(client, cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    assert proposal.title in client.get(LIST).content.decode()

    newer = proposal_in(S.QUALITY_ASSURANCE, title="Community falls response service")  # a save
    assert newer.title in client.get(LIST).content.decode()

    Proposal.objects.filter(pk=proposal.pk).update(title="Stroke early supported discharge")  # no signals
    page = client.get(LIST).content.decode()
    assert "Stroke early supported discharge" in page and proposal.title not in page

    with connection.cursor() as cursor:  # nor any ORM at all
        cursor.execute(f"UPDATE {Proposal._meta.db_table} SET title = %s WHERE id = %s",
                       ["Frailty virtual ward", newer.pk])
    page = client.get(proposal.get_absolute_url().replace(proposal.reference, newer.reference)).content.decode()
    assert "Frailty virtual ward" in page
    assert "Frailty virtual ward" in client.get(LIST).content.decode()


def test_one_reader_never_gets_another_s_page(client, cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    url = proposal.get_absolute_url()
    client.force_login(cast.icsmg_secretary)
    secretary_page = client.get(url).content.decode()
    assert "Pipeline" in secretary_page
    client.force_login(cast.author)
    author_page = client.get(url).content.decode()
    assert "Pipeline" not in author_page and author_page != secretary_page
    # The same person signed in again is a new session: the page is worked out again for it.
    client.force_login(cast.icsmg_secretary)
    _, queries = _get(client, url)
    assert queries > 3


def test_a_reader_whose_access_ends_is_refused_at_once(client, cast, proposal_in):
    proposal_in(S.QUALITY_ASSURANCE)
    board = reverse("proposals:pipeline")
    client.force_login(cast.icsmg_secretary)
    assert client.get(board).status_code == 200
    assert client.get(board).status_code == 200  # kept
    Membership.objects.filter(user=cast.icsmg_secretary, role=MembershipRole.SECRETARY).delete()
    assert client.get(board).status_code == 403


def test_a_message_is_shown_once_and_the_page_with_it_never_kept(client, cast, proposal_in):
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.author)
    url = proposal.get_absolute_url()
    client.get(url)  # kept without a message
    # Asking to edit a submitted case says why not, and sends the author to the proposal's page: no write.
    response = client.get(reverse("proposals:edit_details", args=[proposal.reference]), follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "can no longer be changed" in response.content.decode()
    assert "can no longer be changed" not in client.get(url).content.decode()


def test_a_write_while_the_cache_is_down_is_seen_when_it_is_back(client, cast, proposal_in, settings):
    """Redis down: the write cannot reach the cache, but the generation is in the database."""
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    assert proposal.title in client.get(LIST).content.decode()  # kept
    up = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "ics_commissioning.cache.FailOpenRedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    Proposal.objects.filter(pk=proposal.pk).update(title="Stroke early supported discharge")
    assert "Stroke early supported discharge" in client.get(LIST).content.decode()  # worked out, not kept
    settings.CACHES = up  # the same cache, with the page kept before the write
    assert "Stroke early supported discharge" in client.get(LIST).content.decode()


def test_a_write_in_a_transaction_moves_the_generation_at_once_and_again_after_the_commit(transactional_db):
    """At once: the transaction sees its own change everywhere. After the commit: a page another request
    worked out meanwhile, from the data before the commit, is not read again."""
    user = UserFactory()
    before = data_generation.current()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(first_name="Ada")
        User.objects.filter(pk=user.pk).update(last_name="Okafor")
        during = data_generation.current()
        assert during > before
    assert data_generation.current() == during + 1  # once, however many writes


def test_a_filter_s_choices_are_kept_until_a_write(client, cast, settings):
    """The board's filters offer bodies and places (ics_commissioning.kept_choices): read once, not on
    every page worked out, and a place added is offered at once."""
    settings.KEEP_PAGES_FOR_READERS = False  # the page worked out each time: only the choices are kept
    board = reverse("proposals:pipeline")
    client.force_login(cast.icsmg_secretary)
    client.get(board)
    with CaptureQueriesContext(connection) as queries:
        client.get(board)
    assert not [q for q in queries.captured_queries if "governance_place" in q["sql"]]
    PlaceFactory(name="Coastal ICP")
    assert "Coastal ICP" in client.get(board).content.decode()


def test_each_reader_s_choices_are_their_own(client, cast, settings):
    """The decision log offers only the bodies whose decisions the reader may see: the query, with its
    reader's bodies in it, is the key."""
    settings.KEEP_PAGES_FOR_READERS = False
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - timedelta(days=3))
    item = governance.add_paper(meeting, by=cast.icsmg_secretary, title="Winter pressures update",
                                purpose=PaperPurpose.INFORMATION, part=AgendaPart.PUBLIC)
    governance.record_decision(item, by=cast.icsmg_secretary, outcome=DecisionOutcome.NOTED)
    client.force_login(cast.icsmg_secretary)
    assert "ICS Management Group</option>" in client.get(reverse("governance:decision_log")).content.decode()
    client.force_login(cast.member)  # a member of the Joint CCG Committee only
    assert "ICS Management Group</option>" not in client.get(reverse("governance:decision_log")).content.decode()


@pytest.mark.parametrize("sql, counted", [
    ('INSERT INTO "proposals_proposal" ("title") VALUES (%s)', True),
    ('UPDATE "governance_meeting" SET "title" = %s', True),
    ('DELETE FROM "governance_membership" WHERE "id" = %s', True),
    ('SELECT * FROM "proposals_proposal"', False),
    ('UPDATE "django_session" SET "session_data" = %s', False),  # every request's idle clock
    ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
    ('UPDATE "ics_commissioning_workerheartbeat" SET "seen_at" = %s', False),
    ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', False),  # a sign-in's time
    ('INSERT INTO "accounts_signinevent" ("kind") VALUES (%s)', False),  # and its record
    ('UPDATE "auth_user" SET "last_login" = %s, "first_name" = %s WHERE "auth_user"."id" = %s', True),
])
def test_which_writes_move_the_generation(sql, counted):
    assert data_generation.counts(sql) is counted


def test_sessions_and_heartbeats_do_not_move_the_generation(client, cast):
    client.force_login(cast.author)  # a session written
    before = data_generation.current()
    session = client.session
    session[str(uuid.uuid4())] = "x"
    session.save()
    assert data_generation.current() == before


def test_somebody_signing_in_keeps_everyone_else_s_pages(client, cast, proposal_in):
    """A sign-in saves its time on the user and is recorded for the admin, which no kept page shows: the
    morning's sign-ins do not drop every reader's kept pages. A change to a person that a page does show
    still moves the generation."""
    proposal_in(S.QUALITY_ASSURANCE)
    client.force_login(cast.icsmg_secretary)
    client.get(reverse("proposals:how_it_works"))  # the CSRF cookie
    first, _ = _get(client, LIST)
    before = data_generation.current()
    other = Client()
    assert other.post(reverse("login"), {"username": cast.member.username, "password": PASSWORD}).status_code == 302
    cast.member.refresh_from_db()
    assert cast.member.last_login is not None and data_generation.current() == before
    again, kept = _get(client, LIST)
    assert kept == 3 and again.content == first.content
    cast.member.first_name = "Robin"
    cast.member.save(update_fields=["first_name"])
    assert data_generation.current() > before
