"""
A minute taken in Part B is for the proposal's authors and the body's members: other committee
officers see that there was a decision, not what was minuted, on the proposal page (timeline and
return reasons) and in any later board pack (earlier decisions). The API's twin is in test_api.py.
"""

import datetime

from django.utils import timezone

from governance import services
from governance.packs.inputs import pack_inputs
from proposals.enums import ProposalState as S

from .factories import MeetingFactory


def test_a_minute_taken_in_part_b_is_withheld_from_those_outside_the_body(client, cast, proposal_in):
    """On the proposal page and in later packs: the authors and the body's members read it; other
    committee officers see that there was a decision, not what was minuted."""
    proposal = proposal_in(S.QUALITY_ASSURANCE)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=1))
    item = services.add_proposal_to_agenda(meeting, proposal, by=cast.icsmg_secretary, part="B")
    services.record_decision(item, by=cast.icsmg_secretary, outcome="returned",
                             minute="The provider's prices are above the benchmark.")
    minute = "prices are above the benchmark"
    for user, sees in ((cast.author, True), (cast.icsmg_secretary, True), (cast.hsg_secretary, False),
                       (cast.clg_secretary, False)):
        client.force_login(user)
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert (minute in page) is sees, user
    assert "this item was taken in Part B" in page

    # Resubmitted and back at a later Part A meeting: its pack prints the earlier decision, not the minute.
    from proposals import services as proposal_services

    proposal.refresh_from_db()
    proposal_services.submit_full_case(proposal, by=cast.author)  # returned as a new version of the full case
    later = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=5))
    services.add_proposal_to_agenda(later, proposal, by=cast.icsmg_secretary)
    decisions = pack_inputs(later, "A")["items"][0]["proposal"]["decisions"]
    assert decisions and all(minute not in d["comment"] for d in decisions)
    assert any("taken in Part B" in d["comment"] for d in decisions)
