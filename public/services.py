"""
What the public site shows, and the rules for questions from the public.

One place says what is public: a body that meets in public (Body.meets_in_public); its meetings'
dates and places; for a meeting whose papers are issued, its Part A papers exactly as published
(the tagged pack's printed inputs, governance.packs.accessible); approved minutes of its Part A
business; its Part A decisions; and accepted questions with their answers. Never Part B, drafts,
scores before release (the pack prints none), or anyone's e-mail address.

The pages are the same for everyone, so each is cached whole (cached_page) under its body's
generation, which every change to what the body's pages show replaces (forget, from public.receivers).
"""

import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.crypto import salted_hmac

from governance import minutes as minutes_records
from governance.enums import AgendaPart, MeetingStatus, MinutesStatus
from governance.models import AgendaItem, BoardPack, Body, Decision, Meeting, Minutes
from governance.packs.accessible import PUBLISHED_STATUSES, enquiries_address
from governance.rules import require_secretary
from ics_commissioning.errors import ActionRefused
from ics_commissioning.network import client_address

from .models import PublicQuestion, QuestionStatus
from .signals import question_asked

# A decision is public once it is taken: at a meeting in session, held, or whose minutes are approved.
DECIDED_STATUSES = (MeetingStatus.IN_SESSION, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
PAST_MEETINGS_SHOWN = 12
FEED_MEETINGS = 20


# -- What is public -------------------------------------------------------------------------------


def bodies():
    return Body.objects.filter(meets_in_public=True, is_active=True)


def body_or_404(pk):
    body = bodies().filter(pk=pk).first()
    if body is None:
        raise Http404("No body that meets in public has this address.")
    return body


def meeting_or_404(body, pk):
    """Any meeting of a public body: a draft one shows its date and place only."""
    meeting = Meeting.objects.filter(body=body, pk=pk).select_related("postponed_to").first()
    if meeting is None:
        raise Http404("The body has no meeting at this address.")
    meeting.body = body
    return meeting


def meetings_ahead(body, now=None):
    now = now or timezone.now()
    return list(Meeting.objects.filter(body=body, starts_at__gte=now).order_by("starts_at", "pk"))


def meetings_past(body, now=None, limit=PAST_MEETINGS_SHOWN):
    now = now or timezone.now()
    meetings = Meeting.objects.filter(body=body, starts_at__lt=now).order_by("-starts_at", "-pk")
    return list(meetings[:limit]) if limit else meetings


def papers_issued(meeting):
    return meeting.status in PUBLISHED_STATUSES


def published_pack(meeting):
    """The latest Part A pack of the meeting with its published (tagged) version, or None: papers not
    issued, or their published version not made yet."""
    if not papers_issued(meeting):
        return None
    return (BoardPack.objects.filter(meeting=meeting, part=AgendaPart.PUBLIC).exclude(accessible_file="")
            .order_by("-version").first())


def published_papers(meeting):
    """(pack, its printed inputs) as published, or (None, None)."""
    pack = published_pack(meeting)
    return (pack, pack.printed) if pack is not None else (None, None)


def paper_or_404(printed, item_id):
    for item in (printed or {}).get("items", []):
        if item["id"] == item_id:
            return item
    raise Http404("The meeting's published papers have no such paper.")


def approved_minutes(meeting):
    """The approved minutes of the meeting's Part A business, as plain values, or None."""
    minutes = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).first()
    if minutes is None:
        return None
    minutes.meeting = meeting
    return minutes_records.content(minutes, confidential=False)


def decisions(body):
    """The body's decision register: Part A decisions, newest meeting first."""
    return (
        Decision.objects.filter(item__meeting__body=body, item__part=AgendaPart.PUBLIC,
                                item__meeting__status__in=DECIDED_STATUSES)
        .select_related("item__meeting", "item__proposal")
        .order_by("-item__meeting__starts_at", "-item__meeting_id", "item__order", "item_id")
    )


def feed_papers(body):
    """The papers of the body's latest published meetings, newest first: [(meeting, first published, items)]."""
    meetings = list(
        Meeting.objects.filter(body=body, status__in=PUBLISHED_STATUSES)
        .annotate(first_published=models.Min("packs__accessible_built_at"))
        .filter(first_published__isnull=False).order_by("-first_published")[:FEED_MEETINGS]
    )
    items = {}
    for item in AgendaItem.objects.filter(meeting__in=meetings, part=AgendaPart.PUBLIC).order_by("order", "pk"):
        items.setdefault(item.meeting_id, []).append(item)
    return [(meeting, meeting.first_published, items.get(meeting.pk, [])) for meeting in meetings]


def contact(body):
    return enquiries_address(body)


# -- Questions from the public ----------------------------------------------------------------------


def questions_open(meeting, now=None):
    """A meeting takes questions once its papers are issued (its agenda is known), until the deadline
    its secretary set and never after it begins."""
    now = now or timezone.now()
    return (meeting.body.meets_in_public and meeting.status == MeetingStatus.PUBLISHED
            and meeting.questions_close_at is not None and now < meeting.questions_close_at
            and now < meeting.starts_at)


def sender_of(request):
    """Who sent a question, as far as rate limiting needs: a keyed hash of their network address (as the
    sign-in lockout reads it, behind the configured proxies), never the address itself."""
    address = client_address(request) or "unknown"
    return salted_hmac("public.question-sender", address, algorithm="sha256").hexdigest()


def ask(meeting, *, name, email, question, item=None, sender):
    """Record a question from the public. Refused once the meeting no longer takes questions, for an item
    not in its published Part A papers, or past the limit for one sender an hour."""
    with transaction.atomic():
        # One at a time per meeting: the limit below is counted and kept under the lock.
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        if not questions_open(meeting):
            raise ActionRefused("This meeting is not taking questions from the public.")
        if item is not None and (item.meeting_id != meeting.pk or item.part != AgendaPart.PUBLIC):
            raise ActionRefused("Choose an item on the meeting's published agenda.")
        limit = settings.PUBLIC_QUESTIONS_PER_HOUR
        recent = PublicQuestion.objects.filter(sender=sender, asked_at__gte=timezone.now() - timedelta(hours=1))
        if recent.count() >= limit:
            raise ActionRefused(f"You have sent {limit} questions in the last hour, the most we take from one "
                                "sender. Please try again later.")
        asked = PublicQuestion.objects.create(meeting=meeting, item=item, name=name, email=email, question=question,
                                              sender=sender)
        transaction.on_commit(partial(question_asked.send, sender=PublicQuestion, question=asked), robust=True)
    return asked


def set_deadline(meeting, *, by, closes_at):
    """The secretary sets (or clears, with None) when the meeting stops taking questions from the public."""
    require_secretary(meeting.body, by, "take questions from the public")
    if closes_at is not None:
        if not meeting.body.meets_in_public:
            raise ActionRefused(f"{meeting.body} does not meet in public, so it takes no questions from the public.")
        if closes_at > meeting.starts_at:
            raise ActionRefused("Questions must close before the meeting begins.")
    meeting.questions_close_at = closes_at
    meeting.save(update_fields=["questions_close_at"])
    return meeting


def moderate(question, *, by, status, reason="", answer=""):
    """Accept a question (with its answer, once there is one) or decline it with a reason. The secretary
    may change their mind until the meeting's minutes are approved."""
    meeting = question.meeting
    require_secretary(meeting.body, by, "moderate its questions from the public")
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ActionRefused("The minutes of this meeting are approved: its questions can no longer change.")
    reason, answer = (reason or "").strip(), (answer or "").strip()
    if status == QuestionStatus.DECLINED and not reason:
        raise ActionRefused("Say why the question is declined: it is kept with the meeting's records.")
    if status not in (QuestionStatus.ACCEPTED, QuestionStatus.DECLINED):
        raise ActionRefused("Accept or decline the question.")
    question.status = status
    question.reason = reason if status == QuestionStatus.DECLINED else ""
    question.answer = answer if status == QuestionStatus.ACCEPTED else ""
    question.moderated_by, question.moderated_at = by, timezone.now()
    question.save()
    return question


# -- The cache ------------------------------------------------------------------------------------------


def _generation_key(body_id):
    return f"public:generation:{body_id or 'site'}"


def cached_page(body_id, key, render):
    """The page `key` of a body's public site (body_id None: a site-wide page): from the cache, or
    render() (a str) and kept for PUBLIC_PAGE_SECONDS, until a change to what it shows (forget).

    One round trip to the cache for a page kept: the page is stored with the generations it was rendered
    under, and read with the current ones; it is used only if they are the same."""
    if not settings.PUBLIC_PAGE_SECONDS:
        return render()
    site, body, page_key = _generation_key(None), _generation_key(body_id), f"public:page:{body_id}:{key}"
    found = cache.get_many([site, body, page_key])
    generations = (found.get(site, 0), found.get(body, 0))
    kept = found.get(page_key)
    if kept is not None and kept[0] == generations:
        return kept[1]
    page = render()
    cache.set(page_key, (generations, page), settings.PUBLIC_PAGE_SECONDS)
    return page


def forget(body_id, *, everything=False):
    """Drop a body's cached public pages (`everything`: every body's, for a change to the list of bodies),
    once the change that calls it commits: a page rendered before then is not kept as new."""
    key = _generation_key(None if everything else body_id)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None), robust=True)
