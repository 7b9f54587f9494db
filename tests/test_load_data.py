"""generate_load_data: many invented proposals in bulk, spread over the route, that the pages and
the API read like any others (and with the same number of queries whatever N)."""

from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Decision
from proposals.enums import ProposalState
from proposals.models import Proposal, ProposalEvent
from scoring.models import Assessment


def test_it_loads_proposals_in_every_state_with_their_history(client, db):
    call_command("generate_load_data", "--proposals", "300", stdout=StringIO())
    assert Proposal.objects.filter(reference__regex=r"^ICS-\d{4}-\d{6}$").count() == 300
    assert set(Proposal.objects.values_list("state", flat=True)) == set(ProposalState)
    assert ProposalEvent.objects.filter(kind="created").count() >= 300
    assert Assessment.objects.filter(proposal__state=ProposalState.APPROVED).exists()
    assert Decision.objects.filter(item__proposal__state=ProposalState.APPROVED, outcome="approved").exists()
    assert not Proposal.objects.filter(state=ProposalState.DRAFT, submitted_at__isnull=False).exists()

    client.force_login(Proposal.objects.first().lead_author.__class__.objects.get(username="icsmg_secretary"))

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        return len(captured)

    pages = ["/proposals/pipeline/", "/proposals/", "/api/v1/proposals/"]
    before = [queries(url) for url in pages]
    call_command("generate_load_data", "--proposals", "300", "--seed", "7", stdout=StringIO())
    assert Proposal.objects.filter(reference__startswith="ICS-").count() >= 600
    assert [queries(url) for url in pages] == before
