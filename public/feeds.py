"""A body's meetings as an iCalendar feed, and its published papers as an Atom feed: cached like its pages."""

import re
from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event

from governance.enums import MeetingStatus

from . import services

# Characters XML 1.0 cannot carry at all: a title pasted with one must not break the feed.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A meeting's end is not recorded: calendars are told it lasts this long.
MEETING_LENGTH = timedelta(hours=2)


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def xml_text(text):
    return NOT_IN_XML.sub("", text or "")


@require_safe
def calendar(request, body):
    def render():
        found = services.body_or_404(body)
        feed = Calendar()
        feed.add("prodid", "-//ICS Commissioning//Meetings in public//EN")
        feed.add("version", "2.0")
        feed.add("x-wr-calname", f"{found.name}: meetings in public")
        for meeting in found.meetings.order_by("starts_at", "pk"):
            event = Event()
            url = absolute(reverse("public:meeting", args=[found.pk, meeting.pk]))
            event.add("uid", f"meeting-{meeting.pk}@{settings.SITE_URL.split('://')[-1].strip('/')}")
            event.add("dtstamp", timezone.now())
            event.add("summary", f"{found.name}: meeting in public")
            event.add("dtstart", meeting.starts_at)
            event.add("dtend", meeting.starts_at + MEETING_LENGTH)
            event.add("url", url)
            if meeting.location:
                event.add("location", meeting.location)
            description = [f"Agenda and papers: {url}"]
            if meeting.online_link:
                description.append(f"Join online: {meeting.online_link}")
            event.add("description", "\n".join(description))
            if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
                event.add("status", "CANCELLED")
            feed.add_component(event)
        return feed.to_ical().decode()

    content = services.cached_page(body, "calendar", render)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="meetings-{body}.ics"'
    return response


@require_safe
def papers_feed(request, body):
    def render():
        found = services.body_or_404(body)
        feed = Atom1Feed(
            title=xml_text(f"{found.name}: papers for meetings in public"),
            link=absolute(reverse("public:body", args=[found.pk])),
            feed_url=absolute(reverse("public:papers_feed", args=[found.pk])),
            description=xml_text(f"New papers published for the meetings in public of {found.name}."),
            language="en-GB", author_name=xml_text(found.name),
        )
        for meeting, published, items in services.feed_papers(found):
            day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
            for number, item in enumerate(items, start=1):
                link = absolute(reverse("public:paper", args=[found.pk, meeting.pk, item.pk]))
                feed.add_item(
                    title=xml_text(f"{item.title} ({found.name}, {day}, item A{number})"),
                    link=link, unique_id=link, pubdate=published, updateddate=published,
                    description=xml_text(f"{item.get_purpose_display()}: the {found.name} is asked to "
                                         f"{item.asked_text()}."),
                )
        return feed.writeString("utf-8")

    content = services.cached_page(body, "papers_feed", render)
    return HttpResponse(content, content_type="application/atom+xml; charset=utf-8")
