"""Who is told what, as the domain's events are committed: the next body's secretary and the
authors when a proposal moves on, an assessor when assigned. This app is the only one that calls
notify(); the others send their events (proposals.signals, scoring.signals, governance.signals)
once their transaction commits."""

import logging

from django.dispatch import receiver
from django.urls import reverse

from proposals.enums import EventKind, ProposalState
from proposals.signals import proposal_event_committed
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


@receiver(proposal_event_committed, dispatch_uid="notifications.proposal_moved_on")
def proposal_moved_on(sender, event, **kwargs):
    if event.kind != EventKind.TRANSITION:
        return
    proposal = event.proposal
    url = reverse("proposals:detail", kwargs={"reference": proposal.reference})
    if event.to_state in TO_AUTHORS:
        what, todo = TO_AUTHORS[event.to_state]
        by = f" by the {event.body}" if event.body else ""
        notify(
            [proposal.lead_author, *proposal.co_authors.all()], key=f"decided:{event.pk}", kind="proposal_decided",
            subject=f"{proposal.reference} {proposal.title}: {what}",
            message=f"Your proposal {proposal.reference} “{proposal.title}” was {what}{by}.\n\n{todo}",
            action="See the proposal", url=url,
        )
    if event.to_state in S.ON_ROUTE:
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
