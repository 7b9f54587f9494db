"""
A meeting's business: its page, agenda, attendance, decisions, interests and papers' documents;
and a member's meetings.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from ics_commissioning.documents import download
from ics_commissioning.errors import ActionRefused, NotAllowed
from ics_commissioning.permissions import can
from proposals.models import Proposal

from .. import packs, services, voting
from ..enums import AgendaPart, DecisionOutcome, MeetingStatus, MinutesStatus, PackStatus, VoteChoice
from ..forms import (
    AddProposalForm,
    AttendanceForm,
    CancelMeetingForm,
    DecisionForm,
    InterestForm,
    PaperDocumentForm,
    PaperForm,
    PostponeMeetingForm,
)
from ..models import Action, AgendaItem, BoardPack, ItemInterest, Meeting, Minutes
from .base import MeetingMixin, hidden_answers
from .board_packs import pack_panel


class MyMeetingsView(LoginRequiredMixin, TemplateView):
    """A member's meetings: their bodies' upcoming and past meetings, with agendas and packs."""

    template_name = "governance/my_meetings.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        meetings = list(
            Meeting.objects.filter(body__memberships__user=user).distinct().select_related("body")
            .prefetch_related(
                Prefetch("items", queryset=AgendaItem.objects.visible_to(user).order_by("order"), to_attr="agenda"),
                Prefetch("packs", queryset=BoardPack.objects.filter(status=PackStatus.READY).order_by("-version"),
                         to_attr="ready_packs"),
            )
            .order_by("starts_at")
        )
        declared = set(ItemInterest.objects.filter(user=user).values_list("item_id", flat=True))
        now = timezone.now()
        for meeting in meetings:
            latest = {}
            for pack in meeting.ready_packs:
                latest.setdefault(pack.part, pack)
            meeting.latest_packs = [latest[part] for part in sorted(latest)
                                    if part == AgendaPart.PUBLIC or any(i.part == part for i in meeting.agenda)]
            meeting.undeclared = [item for item in meeting.agenda if item.pk not in declared]
        since = packs.changed_since_download(user, [pack for m in meetings for pack in m.latest_packs])
        for meeting in meetings:
            for pack in meeting.latest_packs:
                pack.since_download = since.get(pack.pk)
        return super().get_context_data(
            upcoming=[m for m in meetings if m.starts_at >= now],
            past=[m for m in meetings if m.starts_at < now][::-1][:20],
            **kwargs,
        )


class MeetingDetailView(MeetingMixin, TemplateView):
    template_name = "governance/meeting_detail.html"

    def crumbs(self):
        return super().crumbs()[:2]

    def get_context_data(self, **kwargs):
        meeting, user = self.meeting, self.request.user
        is_member = can(user, "governance.view_confidential", meeting.body)
        managing = can(user, "governance.manage_body", meeting.body)
        parts = [AgendaPart.PUBLIC, AgendaPart.CONFIDENTIAL] if is_member else [AgendaPart.PUBLIC]
        return super().get_context_data(
            items=list(self.items().prefetch_related(
                Prefetch("decision__actions", queryset=Action.objects.select_related("owner")), "decision__votes")),
            attendance=meeting.attendance.select_related("user"),
            is_member=is_member,
            packs=self.packs(),
            open_actions=list(Action.objects.open_for(meeting, parts=parts)),
            minutes=Minutes.objects.filter(meeting=meeting).first(),
            # Draft minutes of this body's earlier meetings, not yet put to a meeting for approval.
            minutes_to_approve=list(
                Minutes.objects.filter(meeting__body=meeting.body, meeting__starts_at__lt=meeting.starts_at,
                                       status=MinutesStatus.DRAFT, approval_items__isnull=True)
                .select_related("meeting")
            ) if managing and meeting.agenda_is_open else [],
            moves=[(t.name, MEETING_MOVES[t.name]) for t in meeting.get_available_status_transitions()
                   if t.name in MEETING_MOVES],
            waiting_to_open=meeting.status == MeetingStatus.PUBLISHED and not meeting.is_recording,
            events=meeting.events.select_related("actor"),
            may_write_minutes=meeting.status == MeetingStatus.HELD,
            may_declare=meeting.status == MeetingStatus.PUBLISHED or meeting.is_recording,
            members=get_user_model().objects.filter(pk__in=meeting.body.memberships.values("user"))
            .order_by("last_name", "first_name"),
            **kwargs,
        )

    def packs(self):
        """Each part's latest build and latest ready pack, for the parts this user may read."""
        user, meeting = self.request.user, self.meeting
        parts = [AgendaPart.PUBLIC]
        if can(user, "governance.view_confidential", meeting.body):
            parts.append(AgendaPart.CONFIDENTIAL)
        return [pack_panel(user, meeting, part) for part in parts]



@dataclass(frozen=True)
class MeetingMove:
    """A move of the meeting's life cycle, as its check page explains it."""

    title: str
    explanation: str
    button: str
    done: str
    form_class: type = None


MEETING_MOVES = {
    "publish": MeetingMove(
        "Issue the papers", "The members are sent the board pack. Issued papers are not withdrawn: a later change "
        "before the meeting goes out as a new version, and one during it as a supplement.",
        "Issue the papers", "Papers issued: the members have been sent the board pack."),
    "open": MeetingMove(
        "Open the meeting", "From now on attendance, declarations and decisions can be recorded. The pack as sent "
        "is kept as it is: a late paper goes out as a supplement.", "Open the meeting", "The meeting is in session."),
    "close": MeetingMove(
        "Close the meeting as held", "Nothing more can be added to the agenda. Decisions taken at it can still be "
        "recorded, and the minutes written, until the minutes are approved.", "Close the meeting",
        "The meeting is closed as held: its minutes can be written."),
    "cancel": MeetingMove(
        "Cancel the meeting", "The meeting will not take place. Its agenda stays with it: the proposals on it can be "
        "put on another meeting's agenda.", "Cancel the meeting", "The meeting is cancelled.", CancelMeetingForm),
    "postpone": MeetingMove(
        "Postpone the meeting", "A new meeting is arranged at the date you give, and takes this meeting's agenda. "
        "Its papers are issued again from there.", "Postpone the meeting", "The meeting is postponed.",
        PostponeMeetingForm),
}


class MeetingMoveView(MeetingMixin, TemplateView):
    """One move of the meeting's life cycle, with a check page first: none of them can be undone."""

    permission = "governance.manage_body"
    template_name = "governance/meeting_move.html"
    move = None

    def form(self):
        """The move's questions (a reason, a new date); a move without any has an empty form, which
        carries a refusal back to this page."""
        form_class = MEETING_MOVES[self.move].form_class or forms.Form
        return form_class(self.request.POST) if self.request.method == "POST" else form_class()

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or self.form()
        return super().get_context_data(move=MEETING_MOVES[self.move], form=form, **kwargs)

    def get(self, request, *args, **kwargs):
        if not any(t.name == self.move for t in self.meeting.get_available_status_transitions()):
            messages.info(request, f"The meeting is “{self.meeting.get_status_display()}”: it cannot "
                                   f"{services.MOVE_WORDS[self.move]} now.")
            return redirect("governance:meeting", pk=self.meeting.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, pk):
        form = self.form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        try:
            meeting = {
                "publish": services.publish_meeting, "open": services.open_meeting, "close": services.close_meeting,
                "cancel": services.cancel_meeting, "postpone": services.postpone_meeting,
            }[self.move](self.meeting, by=request.user, **data)
        except NotAllowed:
            raise
        except ActionRefused as refusal:
            form.add_error(None, refusal.messages)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, MEETING_MOVES[self.move].done)
        return redirect("governance:meeting", pk=meeting.pk)


class AgendaEditView(MeetingMixin, TemplateView):
    permission = "governance.manage_body"
    template_name = "governance/agenda_edit.html"

    def back_url(self):
        return reverse("governance:agenda", args=[self.meeting.pk])

    def eligible_proposals(self):
        on_agenda = self.meeting.items.filter(proposal__isnull=False).values("proposal")
        return Proposal.objects.owned_by(self.meeting.body).exclude(pk__in=on_agenda).order_by("reference")

    def paper_form(self, data=None):
        return PaperForm(data, meeting=self.meeting, user=self.request.user)

    def get_context_data(self, **kwargs):
        items = list(self.items())
        failed = kwargs.pop("document_form", None)
        for item in items:
            item.meeting = self.meeting  # loaded once, for every item
            item.cover_sheet_locked = services.cover_sheet_locked(item)
            if item.proposal_id is None:
                # One form per paper, with its own prefix so field ids stay unique on the page.
                item.document_form = failed if failed and failed.prefix == f"document-{item.pk}" else \
                    PaperDocumentForm(prefix=f"document-{item.pk}")
        return super().get_context_data(
            items=items,
            proposal_form=kwargs.pop("proposal_form", None) or AddProposalForm(proposals=self.eligible_proposals()),
            paper_form=kwargs.pop("paper_form", None) or self.paper_form(),
            **kwargs,
        )



class AgendaActionView(AgendaEditView):
    """One change to the agenda, posted from the agenda editor, which shows again (with the form's
    errors, or the refusal's message) once it is done."""

    http_method_names = ["post"]

    def done(self):
        messages.success(self.request, "Agenda updated.")
        return redirect(self.back_url())

    def item(self):
        return get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], meeting=self.meeting)


class AddProposalToAgendaView(AgendaActionView):
    def post(self, request, pk):
        form = AddProposalForm(request.POST, proposals=self.eligible_proposals())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(proposal_form=form))
        data = form.cleaned_data
        services.add_proposal_to_agenda(self.meeting, data["proposal"], by=request.user, part=data["part"],
                                        recommendations=data["recommendations"])
        return self.done()


class AddPaperView(AgendaActionView):
    def post(self, request, pk):
        form = self.paper_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(paper_form=form))
        data = dict(form.cleaned_data)
        services.add_paper(self.meeting, by=request.user, baf_risks=list(data.pop("baf_risks", [])), **data)
        return self.done()


class AttachDocumentView(AgendaActionView):
    def post(self, request, pk, item_pk):
        item = self.item()
        form = PaperDocumentForm(request.POST, request.FILES, prefix=f"document-{item.pk}")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(document_form=form))
        services.attach_document(item, by=request.user, title=form.cleaned_data["title"],
                                 file=form.cleaned_data["file"], content_type=form.content_type,
                                 original_name=form.original_name)
        return self.done()


class MoveItemView(AgendaActionView):
    offset = None  # -1: up the agenda, +1: down

    def post(self, request, pk, item_pk):
        services.move_item(self.item(), by=request.user, offset=self.offset)
        return self.done()


class RemoveItemView(AgendaActionView):
    """Removing an item, after a check step: its cover sheet and documents go with it."""

    http_method_names = ["get", "post"]

    def get(self, request, pk, item_pk):
        return render(request, "governance/remove_item_check.html", {
            "meeting": self.meeting, "body": self.meeting.body, "item": self.item(),
            "crumbs": [*self.crumbs(), ("Agenda", reverse("governance:agenda", args=[self.meeting.pk]))],
        })

    def post(self, request, pk, item_pk):
        if request.POST.get("confirmed") != "yes":
            return self.get(request, pk, item_pk)
        services.remove_item(self.item(), by=request.user)
        return self.done()


class AttendanceView(MeetingMixin, TemplateView):
    permission = "governance.manage_body"
    template_name = "governance/attendance.html"

    def back_url(self):
        return self.request.path

    def form(self, data=None):
        members = list(self.meeting.body.memberships.select_related("user").order_by("user__last_name"))
        # One row per person, even with several roles.
        seen, unique = set(), []
        for membership in sorted(members, key=lambda m: not m.is_voting):
            if membership.user_id not in seen:
                seen.add(membership.user_id)
                unique.append(membership)
        current = dict(self.meeting.attendance.values_list("user_id", "status"))
        return AttendanceForm(data, members=sorted(unique, key=lambda m: m.user.last_name), current=current)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=kwargs.pop("form", None) or self.form(), **kwargs)

    def post(self, request, pk):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.record_attendance(self.meeting, form.statuses(), by=request.user)
        messages.success(request, "Attendance recorded.")
        return redirect("governance:meeting", pk=self.meeting.pk)


class DecisionView(MeetingMixin, TemplateView):
    permission = "governance.manage_body"
    template_name = "governance/decision.html"

    def setup_item(self):
        self.item = get_object_or_404(self.items(), pk=self.kwargs["item_pk"])
        self.quorum = voting.quorum_for(self.item)
        outcomes = services.outcomes_open(self.item, self.quorum)
        votes_needed = any(services.is_voted(self.item, outcome) for outcome in outcomes)
        self.voters = voting.eligible_voters(self.item) if votes_needed else []
        body = self.meeting.body
        self.form_kwargs = {
            "outcomes": outcomes, "voters": self.voters, "proposal": self.item.proposal,
            "can_name_bodies": DecisionOutcome.SIGNED_OFF in outcomes,
            "casting_vote": body.chair_has_casting_vote and voting.chair_of(body) in {m.user for m in self.voters},
        }

    def get_context_data(self, **kwargs):
        self.setup_item()
        return super().get_context_data(
            item=self.item,
            form=kwargs.pop("form", None) or DecisionForm(**self.form_kwargs),
            voters=self.voters,
            quorum=self.quorum,
            not_recording=self.not_recording(),
            without_delegation=voting.without_delegation(self.item) if self.quorum else [],
            **kwargs,
        )

    def post(self, request, pk, item_pk):
        """A valid decision is shown back for checking first; it is recorded only once confirmed.
        "Change" posts the same answers back to the form."""
        self.setup_item()
        form = DecisionForm(request.POST, **self.form_kwargs)
        if getattr(self.item, "decision", None) is not None:  # decided since this page was loaded (another tab)
            form.is_valid()
            form.add_error(None, "A decision has already been recorded for this item. Nothing was changed.")
            return self.render_to_response(self.get_context_data(form=form))
        if form.is_valid() and "change" not in request.POST:
            if request.POST.get("confirmed") != "yes":
                try:
                    return self.check_step(form)
                except ActionRefused as refusal:  # a vote that cannot be counted is put right first
                    form.add_error(None, refusal.messages)
                    return self.render_to_response(self.get_context_data(form=form))
            try:
                services.record_decision(
                    self.item, by=request.user, outcome=form.cleaned_data["outcome"],
                    minute=form.cleaned_data["minute"], votes=form.votes(),
                    casting_vote=form.cleaned_data.get("casting_vote") or "",
                    formal_bodies=list(form.cleaned_data.get("formal_bodies") or []),
                )
            except NotAllowed:
                raise
            except ActionRefused as refusal:  # shown on the form, beside what was entered
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, f"Decision recorded: {self.item.title}.")
                return redirect("governance:meeting", pk=self.meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def not_recording(self):
        """Why nothing can be recorded at this meeting now, or None."""
        try:
            services.require_recording(self.meeting, "a decision")
        except ActionRefused as refusal:
            return " ".join(refusal.messages)
        return None

    def check_step(self, form):
        """What is about to be recorded, in words, with the answers carried in hidden fields."""
        data = form.cleaned_data
        outcome = DecisionOutcome(data["outcome"])
        votes = form.votes()
        result = voting.count(self.item, votes, casting_vote=data.get("casting_vote") or "") \
            if services.is_voted(self.item, outcome) else None
        return TemplateResponse(self.request, "governance/decision_check.html", {
            "meeting": self.meeting, "body": self.meeting.body, "item": self.item, "outcome": outcome,
            "minute": data["minute"], "formal_bodies": list(data.get("formal_bodies") or []),
            "votes": [(membership.user, VoteChoice(votes[membership.user]).label) for membership in self.voters
                      if membership.user in votes],
            "result": result, "answers": hidden_answers(self.request), "crumbs": self.crumbs(),
        })


class ItemInterestView(MeetingMixin, View):
    """A member declares an interest in an item; the secretary may record one for any member."""

    def post(self, request, pk, item_pk):
        item = get_object_or_404(self.items(), pk=item_pk)
        body = self.meeting.body
        managing = can(request.user, "governance.manage_body", body)
        people = get_user_model().objects.filter(pk__in=body.memberships.values("user"))
        data = request.POST.copy()
        if not managing:
            data["member"] = request.user.pk
        form = InterestForm(data, members=people)
        if not form.is_valid():
            raise ActionRefused(*(e for errors in form.errors.values() for e in errors))
        services.declare_item_interest(item, by=request.user, member=form.cleaned_data["member"],
                                       interest=form.cleaned_data["interest"])
        messages.success(request, "Interest declared: it is marked on the item, and that member will not vote on it.")
        return redirect(self.back_url())


class PaperDocumentDownloadView(MeetingMixin, View):
    """A paper's document, to those who may see the item (Part B: the body's members only)."""

    def get(self, request, pk, item_pk, document_pk):
        item = get_object_or_404(self.items(), pk=item_pk)
        document = get_object_or_404(item.documents.all(), pk=document_pk)
        return download(document.file, filename=document.original_name, content_type=document.content_type)
