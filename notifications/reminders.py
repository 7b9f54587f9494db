"""
The reminders Celery beat sends each morning (CELERY_BEAT_SCHEDULE): a paper deadline is near
and the paper is not ready; an assessment is not submitted three days before the meeting that
will consider the proposal; an action is overdue. Each is sent once (its key names the day or
the deadline), so running the task twice in a day sends nothing more.
"""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from governance.enums import MeetingStatus
from governance.models import Action, AgendaItem
from scoring.enums import AssessmentStatus
from scoring.models import Assessment

from .services import notify

DEADLINE_NOTICE = timedelta(days=2)
ASSESSMENT_NOTICE = timedelta(days=3)


def send_all(today=None):
    today = today or timezone.localdate()
    return paper_deadlines(today) + assessments_due(today) + overdue_actions(today)


def paper_deadlines(today):
    items = AgendaItem.objects.filter(
        meeting__status__in=(MeetingStatus.DRAFT, MeetingStatus.PUBLISHED),
        meeting__paper_deadline__gte=today, meeting__paper_deadline__lte=today + DEADLINE_NOTICE,
        recommendations="",
    ).select_related("meeting__body")
    sent = 0
    for item in items:
        meeting = item.meeting
        sent += len(notify(
            meeting.body.secretaries(), key=f"deadline:{item.pk}:{meeting.paper_deadline}", kind="paper_deadline",
            subject=f"Paper not ready: {item.title}",
            message=f"Papers for the {meeting.body} meeting on {date_format(meeting.starts_at, 'j F Y')} are due "
                    f"by {date_format(meeting.paper_deadline, 'j F Y')}. “{item.title}” has no recommendations yet.",
            action="Finish the paper", url=reverse("governance:agenda", kwargs={"pk": meeting.pk}),
        ))
    return sent


def assessments_due(today):
    """Assessors who have not submitted, when a meeting considering the proposal is three days off."""
    start = timezone.make_aware(datetime.combine(today, time.min))
    soon = AgendaItem.objects.filter(
        proposal__isnull=False, meeting__starts_at__gte=start, meeting__starts_at__lt=start + ASSESSMENT_NOTICE
        + timedelta(days=1),
    ).select_related("meeting__body")
    meeting_of = {item.proposal_id: item.meeting for item in soon}
    pending = Assessment.objects.filter(
        proposal_id__in=meeting_of, status__in=(AssessmentStatus.ASSIGNED, AssessmentStatus.DRAFT)
    ).select_related("assessor", "proposal")
    sent = 0
    for assessment in pending:
        meeting = meeting_of[assessment.proposal_id]
        sent += len(notify(
            [assessment.assessor], key=f"assessment-due:{assessment.pk}:{meeting.pk}", kind="assessment_due",
            subject=f"Scores needed before {date_format(meeting.starts_at, 'j F')}: {assessment.proposal.reference}",
            message=f"The {meeting.body} considers {assessment.proposal.reference} “{assessment.proposal.title}” on "
                    f"{date_format(meeting.starts_at, 'l j F Y')}. Your assessment has not been submitted.",
            action="Score the proposal", url=reverse("scoring:assessment", kwargs={"pk": assessment.pk}),
        ))
    return sent


def overdue_actions(today):
    sent = 0
    for action in Action.objects.overdue(today).select_related("owner", "body"):
        sent += len(notify(
            [action.owner], key=f"action-overdue:{action.pk}", kind="action_overdue",
            subject=f"Overdue action for the {action.body}",
            message=f"This action was due by {date_format(action.due_on, 'j F Y')}: {action.description}\n\n"
                    "If it is done, mark it done with a note; if not, tell the secretary when it will be.",
            action="See your actions", url=reverse("notifications:needs") + "#actions",
        ))
    return sent


