"""
The public site: no sign-in. Each page is the same for everyone, so it is rendered without the request
(no user, no session, no CSRF token) and cached whole (public.services.cached_page); only the question
form is rendered for the person asking. What is public is public.services' to say.
"""

import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.decorators.http import require_safe

from ics_commissioning.errors import ActionRefused

from . import services
from .forms import QuestionForm
from .models import PublicQuestion

HTML = "text/html; charset=utf-8"


def _page(body_id, key, template, context):
    content = services.cached_page(body_id, key, lambda: render_to_string(template, context()))
    return HttpResponse(content, content_type=HTML)


def _crumbs(body=None, meeting=None):
    crumbs = [("Meetings in public", reverse("public:index"))]
    if body is not None:
        crumbs.append((body.name, reverse("public:body", args=[body.pk])))
    if meeting is not None:
        crumbs.append((f"{timezone.localtime(meeting.starts_at):%-d %B %Y}",
                       reverse("public:meeting", args=[body.pk, meeting.pk])))
    return crumbs


@require_safe
def index(request):
    return _page(None, "index", "public/index.html", lambda: {"bodies": list(services.bodies())})


@require_safe
def accessibility(request):
    return _page(None, "accessibility", "public/accessibility.html", lambda: {
        "contact": settings.PUBLIC_ENQUIRIES_EMAIL, "crumbs": _crumbs()})


@require_safe
def body(request, body):
    def context():
        found = services.body_or_404(body)
        return {"body": found, "ahead": services.meetings_ahead(found), "past": services.meetings_past(found),
                "contact": services.contact(found), "crumbs": _crumbs()}

    return _page(body, "body", "public/body.html", context)


@require_safe
def past_meetings(request, body):
    number = request.GET.get("page")

    def context():
        found = services.body_or_404(body)
        page = Paginator(services.meetings_past(found, limit=None), 50).get_page(number)
        return {"body": found, "page_obj": page, "crumbs": _crumbs(found)}

    return _page(body, f"past:{_page_number(number)}", "public/past_meetings.html", context)


@require_safe
def meeting(request, body, meeting):
    def context():
        found = services.body_or_404(body)
        held = services.meeting_or_404(found, meeting)
        pack, printed = services.published_papers(held)
        return {
            "body": found, "meeting": held, "pack": pack, "printed": printed,
            "papers_issued": services.papers_issued(held),
            "minutes_approved": services.approved_minutes(held) is not None,
            "questions": list(PublicQuestion.objects.published().filter(meeting=held).select_related("item")),
            "questions_open": services.questions_open(held), "contact": services.contact(found),
            "crumbs": _crumbs(found),
        }

    return _page(body, f"meeting:{meeting}", "public/meeting.html", context)


@require_safe
def paper(request, body, meeting, item):
    def context():
        found = services.body_or_404(body)
        held = services.meeting_or_404(found, meeting)
        pack, printed = services.published_papers(held)
        paper = services.paper_or_404(printed, item)
        documents = [
            # Only what the published pack holds: an appended PDF. Other files were never printed in it.
            {**document, "url": reverse("public:paper_document", args=[found.pk, held.pk, item, number])
             if document["pages"] else None}
            for number, document in enumerate(paper["documents"], start=1)
        ]
        return {"body": found, "meeting": held, "pack": printed, "published": pack,
                "item": {**paper, "documents": documents}, "contact": services.contact(found),
                "crumbs": _crumbs(found, held)}

    return _page(body, f"paper:{meeting}:{item}", "public/paper.html", context)


@require_safe
def paper_document(request, body, meeting, item, number):
    """A PDF appended to a published paper, on its own (a tagged one keeps its tags this way). Other
    documents of the paper were never in its published pack, and are not published."""
    body = services.body_or_404(body)
    meeting = services.meeting_or_404(body, meeting)
    _, printed = services.published_papers(meeting)
    documents = services.paper_or_404(printed, item)["documents"]
    if not 1 <= number <= len(documents) or not documents[number - 1]["pages"]:
        raise Http404("The paper has no such published document.")
    document = documents[number - 1]
    return _download(document["file"], document["name"] or "document")


@require_safe
def pack(request, body, meeting):
    """The published, tagged pack of the meeting's Part A papers."""
    body = services.body_or_404(body)
    meeting = services.meeting_or_404(body, meeting)
    pack = services.published_pack(meeting)
    if pack is None:
        raise Http404("The meeting's papers are not published yet.")
    day = timezone.localtime(meeting.starts_at)
    return _download(pack.accessible_file.name, f"{body.short_name or body.name} {day:%Y-%m-%d} papers.pdf")


def _download(name, filename):
    file = default_storage.open(name, "rb")
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    response = FileResponse(file, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def minutes(request, body, meeting):
    def context():
        found = services.body_or_404(body)
        held = services.meeting_or_404(found, meeting)
        minutes = services.approved_minutes(held)
        if minutes is None:
            raise Http404("The minutes of this meeting are not approved yet.")
        return {"body": found, "meeting": held, "minutes": minutes, "crumbs": _crumbs(found, held)}

    return _page(body, f"minutes:{meeting}", "public/minutes.html", context)


@require_safe
def decisions(request, body):
    number = request.GET.get("page")

    def context():
        found = services.body_or_404(body)
        page = Paginator(services.decisions(found), 50).get_page(number)
        return {"body": found, "page_obj": page, "crumbs": _crumbs(found)}

    return _page(body, f"decisions:{_page_number(number)}", "public/decisions.html", context)


def _page_number(value):
    """The page asked for, as the cache key's part, as the paginator reads it: a number, "last", or page 1."""
    if value == "last" or (value and value.isdecimal() and len(value) < 8):
        return value
    return "1"


class AskView(View):
    """The question form of a meeting that takes questions from the public. Not cached: it is the asker's."""

    def dispatch(self, request, *args, **kwargs):
        self.body = services.body_or_404(kwargs["body"])
        self.meeting = services.meeting_or_404(self.body, kwargs["meeting"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.show(QuestionForm(meeting=self.meeting))

    def post(self, request, *args, **kwargs):
        if not services.questions_open(self.meeting):
            return self.show(None, status=200)
        form = QuestionForm(request.POST, meeting=self.meeting)
        if form.is_valid():
            try:
                services.ask(self.meeting, sender=services.sender_of(request), **form.cleaned_data)
            except ActionRefused as refusal:
                form.add_error(None, " ".join(refusal.messages))
            else:
                return redirect("public:question_sent", self.body.pk, self.meeting.pk)
        return self.show(form)

    def show(self, form, status=200):
        return render(self.request, "public/ask.html", {
            "body": self.body, "meeting": self.meeting, "form": form if services.questions_open(self.meeting) else None,
            "crumbs": _crumbs(self.body, self.meeting),
        }, status=status)


@require_safe
def question_sent(request, body, meeting):
    def context():
        found = services.body_or_404(body)
        return {"body": found, "meeting": services.meeting_or_404(found, meeting), "crumbs": None}

    return _page(body, f"sent:{meeting}", "public/question_sent.html", context)
