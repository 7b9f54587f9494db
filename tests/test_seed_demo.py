"""The demo data: every state of the life cycle, reached through the services, loaded once."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from demo.organisation import DEMO_PASSWORD
from governance import packs
from governance.enums import DecisionOutcome, PackStatus
from governance.models import BoardPack, ChairsAction, Decision, Delegation
from notifications.models import Notification
from proposals.enums import EventKind, ProposalState
from proposals.models import Proposal, ProposalEvent
from scoring.summary import summarise


def test_seed_demo_covers_every_state_and_is_idempotent(db, client, settings, tmp_path, mailoutbox):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    # The invented people are told, as the product would tell them, but nobody is e-mailed.
    assert Notification.objects.count() > 20 and not Notification.objects.filter(sent_at__isnull=True).exists()
    assert mailoutbox == []
    assert f"Password for every demo account: {DEMO_PASSWORD}" in out.getvalue()
    signed_in = client.post(reverse("login"), {"username": "lead", "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302  # through the sign-in page (and its throttling)
    assert {p.state for p in Proposal.objects.all()} == set(ProposalState)
    counts = (Proposal.objects.count(), ProposalEvent.objects.count(), get_user_model().objects.count())

    for proposal in Proposal.objects.exclude(state=ProposalState.DRAFT):
        kinds = list(proposal.events.values_list("kind", flat=True))
        assert kinds[0] == EventKind.CREATED and EventKind.TRANSITION in kinds, proposal
    for proposal in Proposal.objects.filter(state__in=[ProposalState.QUALITY_ASSURANCE, ProposalState.APPROVED]):
        assert summarise(proposal).eligible, proposal

    # The coming published meetings have their packs; one was replaced after its chair downloaded it.
    chair = get_user_model().objects.get(username="jcc_chair")
    ready = BoardPack.objects.filter(status=PackStatus.READY)
    assert ready.filter(meeting__starts_at__gt=timezone.now()).count() >= 4
    [since] = packs.changed_since_download(chair, ready).values()
    assert since.version == 1 and since.changes[0].startswith("Changed: A2 Update for the Joint CCG Committee")
    replaced = ready.get(meeting__body__name="Joint CCG Committee", part="A", version=2)
    assert replaced.layout["mode"] == "incremental"
    assert [d["title"] for item in replaced.layout["items"] for d in item["documents"]] == [
        "Cardiology pathway dashboard"
    ]

    # The Joint CCG Committee votes by CCG under delegated authority; it deferred the mental health beds
    # item as not quorate, and its chair then approved it by chair's action, awaiting ratification.
    beds = Proposal.objects.get(title__icontains="bed")
    deferred = Decision.objects.get(item__proposal=beds, outcome=DecisionOutcome.DEFERRED)
    assert "not quorate" in deferred.minute and deferred.item.interests.count() == 2
    action = ChairsAction.objects.awaiting_ratification().get()
    assert action.item.proposal == beds and action.item.meeting.starts_at > timezone.now()
    assert Delegation.objects.filter(membership__body__name="Joint CCG Committee").count() == 4
    client.force_login(get_user_model().objects.get(username="jcc_secretary"))
    assert "Subject to ratification" in client.get(beds.get_absolute_url()).content.decode()

    call_command("seed_demo", stdout=StringIO())
    assert (Proposal.objects.count(), ProposalEvent.objects.count(), get_user_model().objects.count()) == counts
    assert BoardPack.objects.count() == ready.count()

    # Names that appear in the source documents must never be used for demo people.
    real = {"Patten", "Jackson", "Jenkins"}
    assert not get_user_model().objects.filter(last_name__in=real).exists()
