"""
What needs each person's action: exactly what the e-mails ask of them, in one place. Each kind
of task is one queryset, used twice: the "Needs my action" page lists its rows, and the count in
the navigation adds them all up in a single query.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from governance.enums import MeetingStatus, PackStatus
from governance.models import Action, AgendaItem, BoardPack, Body, Membership, PackDownload
from proposals.enums import ProposalState
from proposals.models import Proposal
from public.models import PublicQuestion, QuestionStatus
from scoring.enums import AssessmentStatus
from scoring.models import Assessment


@dataclass
class Task:
    title: str
    detail: str
    url: str
    action: str
    due: object = None
    overdue: bool = False
    action_pk: int = None  # an action the page lets its owner mark done


@dataclass
class Section:
    heading: str
    tasks: list = field(default_factory=list)


# -- The rules: one queryset per kind of task ----------------------------------------------------


def assessments_to_score(user):
    return Assessment.objects.filter(
        assessor=user, status__in=(AssessmentStatus.ASSIGNED, AssessmentStatus.DRAFT),
        proposal__state=ProposalState.ASSESSMENT,
    )


def proposals_to_revise(user):
    co_author = Proposal.co_authors.through.objects.filter(proposal=OuterRef("pk"), user=user)
    return Proposal.objects.filter(Q(lead_author=user) | Exists(co_author), state=ProposalState.RETURNED)


def _secretary_bodies(user):
    return Body.objects.with_secretary(user)


def proposals_to_table(user, bodies=None):
    """Proposals at a stage one of my bodies decides, not yet on one of its coming agendas."""
    bodies = list(_secretary_bodies(user)) if bodies is None else bodies
    waiting = Proposal.objects.none()
    for body in bodies:
        tabled = AgendaItem.objects.filter(meeting__body=body, meeting__starts_at__gte=timezone.now(),
                                           proposal=OuterRef("pk"))
        waiting |= Proposal.objects.owned_by(body).exclude(Exists(tabled))
    return waiting


def papers_due(user):
    """Papers not ready (no recommendations yet) for my bodies' meetings whose deadline is near."""
    today = timezone.localdate()
    return AgendaItem.objects.filter(
        meeting__body__in=_secretary_bodies(user), meeting__paper_deadline__gte=today,
        meeting__paper_deadline__lte=today + timedelta(days=7), recommendations="",
    )


def packs_to_read(user):
    """The latest packs of my bodies' coming published meetings that I have not downloaded."""
    newer = BoardPack.objects.filter(meeting=OuterRef("meeting"), part=OuterRef("part"), status=PackStatus.READY,
                                     version__gt=OuterRef("version"))
    return BoardPack.objects.filter(
        Exists(Membership.objects.filter(body=OuterRef("meeting__body"), user=user)),
        meeting__status=MeetingStatus.PUBLISHED, meeting__starts_at__gte=timezone.now(), status=PackStatus.READY,
    ).exclude(Exists(newer)).exclude(Exists(PackDownload.objects.filter(pack=OuterRef("pk"), user=user)))


def questions_to_moderate(user):
    """Questions from the public for my bodies' meetings, not yet accepted or declined."""
    return PublicQuestion.objects.filter(meeting__body__in=_secretary_bodies(user), status=QuestionStatus.RECEIVED)


def open_actions(user):
    return Action.objects.open().filter(owner=user)


# -- The page and the count ---------------------------------------------------------------------


def needs_action(user):
    """The sections of things waiting for `user`, for the page."""
    if not user.is_authenticated:
        return []
    sections = [
        Section("Proposals to score", [
            Task(a.proposal.title, f"{a.proposal.reference} · {a.get_status_display()}",
                 reverse("scoring:assessment", kwargs={"pk": a.pk}), "Score it")
            for a in assessments_to_score(user).select_related("proposal")
        ]),
        Section("Proposals returned to you", [
            Task(p.title, f"{p.reference} · returned for revision",
                 reverse("proposals:tasks", kwargs={"reference": p.reference}), "Revise and resubmit")
            for p in proposals_to_revise(user)
        ]),
        Section("Proposals waiting for your bodies", [
            Task(p.title, f"{p.reference} · {p.get_state_display()}",
                 reverse("proposals:detail", kwargs={"reference": p.reference}), "Put it on an agenda")
            for p in proposals_to_table(user).order_by("pk")
        ]),
        Section("Papers due", [
            Task(i.title, f"{i.meeting.body} on {i.meeting.starts_at:%d %b %Y}",
                 reverse("governance:agenda", kwargs={"pk": i.meeting_id}), "Finish the paper",
                 due=i.meeting.paper_deadline)
            for i in papers_due(user).select_related("meeting__body")
        ]),
        Section("Questions from the public", [
            Task(f"From {q.name}", f"{q.meeting.body}, {q.meeting.starts_at:%d %b %Y}",
                 reverse("governance:moderate_question", args=[q.meeting_id, q.pk]), "Moderate it")
            for q in questions_to_moderate(user).select_related("meeting__body")
        ]),
        Section("Board packs to read", [
            Task(f"{p.meeting.body}, {p.meeting.starts_at:%d %b %Y}", f"{p.get_part_display()} pack, version {p.version}",
                 reverse("governance:meeting", kwargs={"pk": p.meeting_id}), "Read the pack")
            for p in packs_to_read(user).select_related("meeting__body")
        ]),
        Section("Your actions", [
            Task(a.description, f"{a.body} · due {a.due_on:%d %b %Y}", reverse("notifications:needs") + "#actions",
                 "Mark it done", due=a.due_on, overdue=a.is_overdue, action_pk=a.pk)
            for a in open_actions(user).select_related("body")
        ]),
    ]
    return [section for section in sections if section.tasks]


class _Count(Func):
    """COUNT(*) of a queryset's rows, as a scalar subquery: many counts in one query."""

    output_field = IntegerField()

    def __init__(self, queryset):
        super().__init__(Subquery(queryset.values("pk")))

    def as_sql(self, compiler, connection, **extra):
        subquery, params = compiler.compile(self.source_expressions[0])  # "(SELECT …)"
        return f"(SELECT COUNT(*) FROM {subquery} counted)", params


def count(user):
    """How many tasks wait for `user`: the page's sections added up, in one query."""
    from django.contrib.auth import get_user_model

    if not user.is_authenticated:
        return 0
    bodies = list(_secretary_bodies(user))
    parts = [assessments_to_score(user), proposals_to_revise(user), papers_due(user), packs_to_read(user),
             open_actions(user), questions_to_moderate(user)]
    if bodies:
        parts.append(proposals_to_table(user, bodies))
    total = sum((_Count(qs) for qs in parts), Value(0))
    return get_user_model().objects.filter(pk=user.pk).annotate(waiting=total).values_list("waiting", flat=True)[0]
