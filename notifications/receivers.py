"""Who is told what, as the domain's events are committed: the next body's secretary and the
authors when a proposal moves on, an assessor when assigned. This app is the only one that calls
notify(); the others send their events (proposals.signals, scoring.signals, governance.signals)
once their transaction commits."""

import logging

from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from governance import packs
from governance.enums import AgendaPart, MembershipRole
from governance.models import Action, BoardPack, Membership
from governance.signals import action_raised, escalation_raised, pack_ready
from proposals.enums import EventKind, ProposalState
from proposals.signals import proposal_event_committed
from public.signals import question_asked
from scoring.signals import assessor_assigned

from .models import Notification
from .services import notify
from .signals import notification_to_email
from .tasks import send_notification

logger = logging.getLogger(__name__)

S = ProposalState
# A decision the authors hear about, and what it asks of them.
TO_AUTHORS = {
    S.RETURNED: ("returned for revision", "Read the reasons, revise the business case and resubmit it."),
    S.REJECTED: ("not taken forward", "Read the reasons on the proposal's page."),
    S.PLACE_BASED: ("referred to place-based commissioning", "Read the reasons on the proposal's page."),
    S.APPROVED: ("approved", "No action is needed: the proposal's page shows the decisions."),
}
# Into the full case from assessment: supported; from a later stage: returned, for a new version.
SUPPORTED = ("supported at ICS level", "Write the full business case: it starts from your outline's words.")
RETURNED_FULL_CASE = ("returned for revision", "Read the reasons, then revise the full business case and submit "
                      "it as a new version.")


@receiver(proposal_event_committed, dispatch_uid="notifications.proposal_moved_on")
def proposal_moved_on(sender, event, **kwargs):
    if event.kind != EventKind.TRANSITION:
        return
    proposal = event.proposal
    url = reverse("proposals:detail", kwargs={"reference": proposal.reference})
    told = TO_AUTHORS.get(event.to_state)
    if event.to_state == S.FULL_CASE:
        told = SUPPORTED if event.from_state == S.ASSESSMENT else RETURNED_FULL_CASE
    if told:
        what, todo = told
        by = f" by the {event.body}" if event.body else ""
        notify(
            [proposal.lead_author, *proposal.co_authors.all()], key=f"decided:{event.pk}", kind="proposal_decided",
            subject=f"{proposal.reference} {proposal.title}: {what}",
            message=f"Your proposal {proposal.reference} “{proposal.title}” was {what}{by}.\n\n{todo}",
            action="See the proposal", url=url,
        )
    if event.to_state in S.WITH_A_BODY:
        for body in proposal.owning_bodies():
            notify(
                body.secretaries(), key=f"reached:{event.pk}:{body.pk}", kind="proposal_reached_body",
                subject=f"{proposal.reference} is ready for the {body}",
                message=f"{proposal.reference} “{proposal.title}” is now at “{proposal.get_state_display()}”, "
                        f"which the {body} decides.\n\nPut it on the agenda of a coming meeting.",
                action="See the proposal", url=url,
            )


@receiver(assessor_assigned, dispatch_uid="notifications.assessor_assigned")
def ask_the_assessor(sender, assessment, **kwargs):
    proposal = assessment.proposal
    notify(
        [assessment.assessor], key=f"assessor-assigned:{assessment.pk}", kind="assessor_assigned",
        subject=f"Please score {proposal.reference}: {proposal.title}",
        message=f"You have been asked to assess {proposal.reference} “{proposal.title}” against the published "
                "criteria.\n\nFirst declare any interest you have in it; then score each category and submit.",
        action="Score the proposal", url=reverse("scoring:assessment", kwargs={"pk": assessment.pk}),
    )


@receiver(notification_to_email, sender=Notification, dispatch_uid="notifications.email_it")
def email_it(sender, notification_id, **kwargs):
    try:
        send_notification.delay(notification_id=notification_id)
    except Exception:  # noqa: BLE001 - Redis down: the message is kept, and email.send_pending() sends it later
        logger.warning("Could not queue notification %s", notification_id, exc_info=True)


def pack_readers(pack):
    """Who is sent a body's packs: its chair, members and secretary (all of whom may read Part B),
    not those who only assess proposals for it."""
    memberships = Membership.objects.filter(body=pack.meeting.body).exclude(role=MembershipRole.ASSESSOR)
    return [membership.user for membership in memberships.select_related("user")]


@receiver(pack_ready, sender=BoardPack, dispatch_uid="notifications.pack_ready")
def tell_the_members(sender, pack, first_issue=False, **kwargs):
    """A meeting's papers are issued; or its pack is replaced before the meeting; or, once the meeting has
    begun, a supplement is issued for a late paper."""
    meeting = pack.meeting
    previous = None if first_issue else (
        BoardPack.objects.filter(meeting=meeting, part=pack.part, version__lt=pack.version, built_at__isnull=False)
        .exclude(file="").order_by("-version").first()
    )
    when = date_format(meeting.starts_at, "l j F Y")
    what = f"{pack.get_part_display()} board pack for the {meeting.body} meeting on {when}"
    if previous is None:
        subject = f"Papers published: {meeting.body}, {date_format(meeting.starts_at, 'j F Y')}"
        message = f"The {what} is published ({pack.page_count} pages). Please read it before the meeting."
    else:
        subject = f"Board pack updated: {meeting.body}, {date_format(meeting.starts_at, 'j F Y')} " \
                  f"({pack.get_part_display()}, version {pack.version})"
        if pack.part == AgendaPart.CONFIDENTIAL:
            changed = "What has changed is shown when you sign in: confidential papers are not described in e-mails."
        else:
            changed = "What has changed:\n" + "\n".join(f"- {line}" for line in packs.changes(pack, previous))
        if pack.supplement:
            subject = f"Supplement to the papers: {meeting.body}, {date_format(meeting.starts_at, 'j F Y')} " \
                      f"({pack.get_part_display()}, version {pack.version})"
            message = f"A supplement to the {what} has been issued during the meeting as version {pack.version}; " \
                      f"the earlier versions are kept as they were.\n\n{changed}"
        else:
            message = f"The {what} has been replaced by version {pack.version} (it was version " \
                      f"{previous.version}).\n\n{changed}\n\nPlease read the new version before the meeting."
    if pack.part == AgendaPart.CONFIDENTIAL:
        message += "\n\nThis pack is confidential: do not forward, copy or publish it."
    return notify(
        pack_readers(pack), key=f"pack:{pack.pk}", kind="pack_published" if previous is None else "pack_replaced",
        subject=subject, message=message, action="Read the pack",
        url=reverse("governance:meeting", kwargs={"pk": meeting.pk}),
    )


@receiver(escalation_raised, dispatch_uid="notifications.escalation_raised")
def tell_the_receiving_secretary(sender, escalation, **kwargs):
    proposal, body = escalation.proposal, escalation.body
    notify(
        body.secretaries(), key=f"escalated:{escalation.pk}", kind="escalation_raised",
        subject=f"Barriers to sustainability escalated to the {body}: {proposal.reference}",
        message=f"{proposal.reference} “{proposal.title}” was referred to place-based commissioning, and these "
                f"barriers to sustainability were escalated to the {body}:\n\n{escalation.barriers}\n\n"
                "They are on its forward programme: put them on the agenda of a coming meeting.",
        action="See the forward programme", url=reverse("governance:programme", args=[body.pk]),
    )


@receiver(question_asked, dispatch_uid="notifications.question_asked")
def tell_the_secretaries_of_a_question(sender, question, **kwargs):
    meeting = question.meeting
    day = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    notify(
        meeting.body.secretaries(), key=f"public-question:{question.pk}", kind="public_question",
        subject=f"A question from the public for the {meeting.body}, {day}",
        message=f"{question.name} asked a question for the meeting of {day}"
                f"{f' about “{question.item.title}”' if question.item_id else ''}:\n\n{question.question}\n\n"
                "Accept it, to publish it with the meeting, or decline it with a reason.",
        action="Moderate the question", url=reverse("governance:moderate_question", args=[meeting.pk, question.pk]),
    )


@receiver(action_raised, sender=Action, dispatch_uid="notifications.action_raised")
def tell_the_owner(sender, action, **kwargs):
    body, due_on = action.body, action.due_on
    notify(
        [action.owner], key=f"action-assigned:{action.pk}", kind="action_assigned",
        subject=f"Action for you from the {body}: due {date_format(due_on, 'j F Y')}",
        message=f"The {body} asked you to: {action.description}\n\nIt is due by {date_format(due_on, 'j F Y')}. "
                "When it is done, mark it done with a short note on what was done.",
        action="See your actions", url=reverse("notifications:needs"),
    )
