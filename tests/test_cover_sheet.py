"""
A cover sheet on every paper (seeds 000 and 001): its purpose, what the body is asked to do (and so
what it may decide on a plain paper), where it was considered before (read from the records), its
implications, the board assurance framework risks it bears on, and its background, progress and
next steps; in the pages, in the pack and in the pack's hash.
"""

import datetime
import importlib
import io
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import packs, services
from governance.cover_sheets import previously_considered
from governance.enums import (
    ASK_OUTCOMES,
    DecisionOutcome,
    Implication,
    MeetingStatus,
    PaperAsk,
    PaperPurpose,
    paper_outcomes,
)
from governance.models import AgendaItem, BoardAssuranceRisk, Decision
from governance.packs.inputs import inputs_hash, pack_inputs
from governance.signals import meeting_papers_changed
from ics_commissioning.errors import ActionRefused
from proposals import services as proposal_services
from proposals.enums import ProposalState
from scoring.services import assign_assessor

from .conftest import score_all
from .factories import MeetingFactory, complete_full_case

O, A = DecisionOutcome, PaperAsk
NONE_IDENTIFIED = {implication.field: "None identified" for implication in Implication}


def meeting_of(body, *, days):
    """A meeting `days` from now: in session if it has begun, a draft if it is ahead (MeetingFactory)."""
    return MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=days))


def on_the_day(meeting):
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


@pytest.fixture
def risk(cast):
    return BoardAssuranceRisk.objects.create(reference="BAF 3", title="Shortages in the specialist workforce",
                                             owner=cast.hsg)


# -- What a paper asks, and what may then be decided ----------------------------------------


@pytest.mark.parametrize(("asks", "outcomes"), [
    ([A.NOTE], [O.NOTED]),
    ([A.RECEIVE], [O.NOTED]),
    ([A.AGREE], [O.AGREED, O.DEFERRED]),
    ([A.CONFIRM], [O.AGREED, O.DEFERRED]),
    ([A.APPROVE], [O.APPROVED, O.NOT_APPROVED, O.DEFERRED]),
    ([A.RATIFY], [O.APPROVED, O.NOT_APPROVED, O.DEFERRED]),
    ([A.CONSIDER], [O.NOTED, O.AGREED, O.DEFERRED]),
    # Several asks: what any of them allows, in one order whatever the order asked.
    ([A.APPROVE, A.NOTE], [O.NOTED, O.APPROVED, O.NOT_APPROVED, O.DEFERRED]),
    ([A.NOTE, A.AGREE, A.CONFIRM], [O.NOTED, O.AGREED, O.DEFERRED]),
])
def test_each_ask_allows_the_decisions_it_names(asks, outcomes):
    assert list(paper_outcomes(asks)) == outcomes


def test_every_ask_has_its_decisions():
    assert set(ASK_OUTCOMES) == set(PaperAsk)


def test_a_plain_papers_decisions_follow_what_it_asks(cast):
    meeting = meeting_of(cast.icsmg, days=-0.05)
    noted = services.add_paper(meeting, by=cast.icsmg_secretary, title="Estates update", purpose="information")
    approval = services.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision",
                                  asks=[A.NOTE, A.APPROVE])
    assert services.allowed_outcomes(noted) == (O.NOTED,)
    assert services.allowed_outcomes(approval) == (O.NOTED, O.APPROVED, O.NOT_APPROVED, O.DEFERRED)
    with pytest.raises(ActionRefused) as refused:
        services.record_decision(noted, by=cast.icsmg_secretary, outcome=O.AGREED)
    assert refused.value.messages == [
        "“Agreed” is not what this paper asks of ICS Management Group: it asks it to note, so it can be noted. To ask "
        "for something else, change the paper's cover sheet first."
    ]
    assert not Decision.objects.exists()
    decision = services.record_decision(approval, by=cast.icsmg_secretary, outcome=O.APPROVED, minute="Approved.")
    assert decision.outcome == O.APPROVED


def test_a_paper_says_what_it_asks_or_its_purpose_does(cast):
    meeting = meeting_of(cast.icsmg, days=7)
    made = {purpose: services.add_paper(meeting, by=cast.icsmg_secretary, title=purpose, purpose=purpose)
            for purpose in PaperPurpose}
    assert {purpose: item.asks for purpose, item in made.items()} == {
        "decision": ["agree"], "assurance": ["receive"], "discussion": ["consider"], "information": ["note"]}
    # What was asked before cover sheets said (an item made without asks), its purpose says.
    bare = AgendaItem.objects.create(meeting=meeting, title="Older paper", purpose=PaperPurpose.DECISION)
    assert bare.asked == (A.AGREE,) and services.allowed_outcomes(bare) == (O.AGREED, O.DEFERRED)


@pytest.mark.parametrize(("purpose", "asks", "message"), [
    ("information", [A.NOTE, A.APPROVE], "A paper for information asks the committee only to note or receive it"),
    ("decision", [A.NOTE], "A paper for decision asks the committee to agree, approve, confirm or ratify something"),
    ("decision", ["endorse"], "Select what the committee is asked to do from the list, each once"),
    ("decision", [A.AGREE, A.AGREE], "Select what the committee is asked to do from the list, each once"),
])
def test_the_service_refuses_asks_that_do_not_fit_the_purpose(cast, purpose, asks, message):
    meeting = meeting_of(cast.icsmg, days=7)
    with pytest.raises(ActionRefused) as refused:
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Paper", purpose=purpose, asks=asks)
    assert refused.value.messages[0].startswith(message)
    assert not AgendaItem.objects.exists()


def test_the_decision_page_offers_what_the_paper_asks_and_refuses_the_rest(client, cast):
    meeting = meeting_of(cast.icsmg, days=-0.05)
    item = services.add_paper(meeting, by=cast.icsmg_secretary, title="Workforce plan", purpose="decision",
                              asks=[A.NOTE, A.RATIFY], recommendations="Ratify the workforce plan.")
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:decision", args=[meeting.pk, item.pk])
    response = client.get(page)
    assert [value for value, _ in response.context["form"].fields["outcome"].choices] == [
        "noted", "approved", "not_approved", "deferred"]
    html = response.content.decode()
    assert "The cover sheet asks the ICS Management Group to note and ratify." in html
    assert "Ratify the workforce plan." in html
    # An outcome it does not ask for, posted by hand, is not one the form offers: nothing is recorded.
    html = client.post(page, {"outcome": "agreed", "minute": "Agreed", "confirmed": "yes"}).content.decode()
    assert "Select a valid choice" in html and not Decision.objects.exists()
    client.post(page, {"outcome": "approved", "minute": "Ratified as presented.", "confirmed": "yes"})
    assert Decision.objects.get(item=item).outcome == O.APPROVED


def test_a_proposals_decisions_stay_its_stages_and_its_cover_sheet_asks_for_them(client, cast, proposal_in):
    meeting = meeting_of(cast.icsmg, days=-0.05)
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE),
                                           by=cast.icsmg_secretary)
    assert item.asks == ["consider", "confirm"]  # its stage's asks (governance.enums.STAGE_ASKS)
    assert services.allowed_outcomes(item) == (O.QUALITY_ASSURED, O.RETURNED, O.REJECTED, O.DEFERRED)
    client.force_login(cast.icsmg_secretary)
    html = client.get(reverse("governance:decision", args=[meeting.pk, item.pk])).content.decode()
    assert "asks the ICS Management Group to consider and confirm. The decisions on a proposal are those of its " \
           "stage." in html
    with pytest.raises(ActionRefused, match="is not a decision ICS Management Group can take on this item"):
        services.record_decision(item, by=cast.icsmg_secretary, outcome=O.NOTED)


def test_minutes_are_agreed_and_a_chairs_action_ratified(cast, proposal_in):
    from governance import minutes

    held = meeting_of(cast.icsmg, days=-14)
    Decision.objects.create(item=services.add_paper(held, by=cast.icsmg_secretary, title="Paper",
                                                    purpose="information"),
                            outcome=O.NOTED, recorded_by=cast.icsmg_secretary)
    held.status = MeetingStatus.HELD
    held.save()
    draft = minutes.draft(held, by=cast.icsmg_secretary)
    item = minutes.add_to_agenda(meeting_of(cast.icsmg, days=7), draft, by=cast.icsmg_secretary)
    assert (item.asks, item.recommendations) == (["agree"], "Agree the minutes as a true record.")


# -- Previously considered by ------------------------------------------------------------------


@pytest.fixture
def through_two_bodies(cast, proposal_in):
    """A proposal assessed at a Clinical Leadership Group meeting and quality assured at an ICS
    Management Group meeting, now on a Health Strategy Group agenda."""
    proposal = proposal_in(ProposalState.ASSESSMENT)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, [4, 4, 4, 4, 4])
    clg, icsmg = meeting_of(cast.clg, days=-30), meeting_of(cast.icsmg, days=-10)
    for meeting, outcome in ((clg, O.ASSESSMENT_COMPLETE), (icsmg, O.QUALITY_ASSURED)):
        secretary = meeting.body.memberships.get(role="secretary").user
        tabled = services.add_proposal_to_agenda(meeting, proposal, by=secretary)
        services.record_decision(tabled, by=secretary, outcome=outcome)
        proposal.refresh_from_db()
        if proposal.state == ProposalState.FULL_CASE:  # supported: the authors write and submit the full case
            proposal_services.submit_full_case(complete_full_case(proposal), by=proposal.lead_author)
            proposal.refresh_from_db()
    hsg = meeting_of(cast.hsg, days=14)
    item = services.add_proposal_to_agenda(hsg, proposal, by=cast.hsg_secretary)
    return item, clg, icsmg


def test_a_proposals_cover_sheet_names_the_bodies_that_considered_it_before(through_two_bodies, cast):
    item, clg, icsmg = through_two_bodies
    considered = [(c.body, f"{timezone.localtime(c.when):%-d %B %Y}", c.what, c.at_meeting)
                  for c in previously_considered(item)]
    today = f"{timezone.localtime():%-d %B %Y}"
    assert considered == [  # oldest first (the meetings were made in the past, after the proposal)
        ("Clinical Leadership Group", on_the_day(clg), "supported at ics level: the authors write the full business case",
         True),
        ("ICS Management Group", on_the_day(icsmg), "quality assured", True),
        # Accepted for assessment by its secretary, for the Clinical Leadership Group, outside a meeting.
        ("Clinical Leadership Group", today, "submitted – awaiting triage → assessment", False),
    ]
    printed = pack_inputs(item.meeting, "A")["items"][0]["previously_considered"]
    assert [(p["body"], p["what"]) for p in printed] == [(c[0], c[2]) for c in considered]


def test_a_meeting_that_has_not_begun_or_is_later_is_not_previously(cast, proposal_in):
    proposal = proposal_in(ProposalState.FORMAL_APPROVAL)
    jcc, ccg = meeting_of(cast.jcc, days=10), meeting_of(cast.ccg, days=20)
    services.add_proposal_to_agenda(ccg, proposal, by=cast.ccg_secretary)
    item = services.add_proposal_to_agenda(jcc, proposal, by=cast.jcc_secretary)
    # The Riverside CCG Governing Body meets later: not "previously", and neither is a meeting yet to begin.
    assert all(c.body != cast.ccg.name for c in previously_considered(item))
    assert all(c.body != cast.jcc.name for c in previously_considered(AgendaItem.objects.get(meeting=ccg)))


def test_a_paper_that_follows_an_earlier_one_names_where_it_was_considered(cast):
    hsg = meeting_of(cast.hsg, days=-20)
    first = services.add_paper(hsg, by=cast.hsg_secretary, title="Strategy board membership", purpose="decision")
    services.record_decision(first, by=cast.hsg_secretary, outcome=O.AGREED, minute="Agreed.")
    secret = services.add_paper(meeting_of(cast.jcc, days=-30), by=cast.jcc_secretary, title="Provider options",
                                purpose="discussion", part="B")
    Decision.objects.create(item=secret, outcome=O.NOTED, recorded_by=cast.jcc_secretary)
    icsmg = meeting_of(cast.icsmg, days=-5)
    second = services.add_paper(icsmg, by=cast.icsmg_secretary, title="Strategy board nominations",
                                purpose="information", follows=first)
    jcc = meeting_of(cast.jcc, days=10)
    third = services.add_paper(jcc, by=cast.jcc_secretary, title="Strategy board: the exemplar",
                               purpose="information", follows=second)
    after_secret = services.add_paper(jcc, by=cast.jcc_secretary, title="Provider update", purpose="information",
                                      follows=secret)
    alone = services.add_paper(jcc, by=cast.jcc_secretary, title="Finance report", purpose="information")
    assert [(c.body, c.what) for c in previously_considered(third)] == [
        ("Health Strategy Group", "agreed"), ("ICS Management Group", "no decision recorded")]
    # A Part A paper does not print what was decided on the Part B paper it follows.
    assert [(c.body, c.what) for c in previously_considered(after_secret)] == [
        ("Joint CCG Committee", "in confidential session")]
    assert previously_considered(alone) == []
    printed = {item["title"]: item["previously_considered"] for item in pack_inputs(jcc, "A")["items"]}
    assert [p["date"] for p in printed["Strategy board: the exemplar"]] == [on_the_day(hsg), on_the_day(icsmg)]
    assert printed["Finance report"] == []


def test_a_paper_can_follow_only_an_earlier_paper_the_secretary_can_see(cast, proposal_in):
    earlier, later = meeting_of(cast.icsmg, days=5), meeting_of(cast.icsmg, days=40)
    paper = services.add_paper(later, by=cast.icsmg_secretary, title="Later paper", purpose="information")
    with pytest.raises(ActionRefused, match="must be at an earlier meeting"):
        services.add_paper(earlier, by=cast.icsmg_secretary, title="Earlier", purpose="information", follows=paper)
    tabled = services.add_proposal_to_agenda(earlier, proposal_in(ProposalState.QUALITY_ASSURANCE),
                                             by=cast.icsmg_secretary)
    with pytest.raises(ActionRefused, match="a proposal's history is read from the proposal"):
        services.add_paper(later, by=cast.icsmg_secretary, title="Update", purpose="information", follows=tabled)
    secret = services.add_paper(meeting_of(cast.jcc, days=1), by=cast.jcc_secretary, title="Secret", part="B",
                                purpose="information")
    with pytest.raises(ActionRefused, match="cannot see"):
        services.add_paper(later, by=cast.icsmg_secretary, title="Update", purpose="information", follows=secret)
    assert list(later.items.all()) == [paper]


def test_a_decision_on_a_paper_refreshes_the_published_packs_of_papers_that_follow_it(
    cast, django_capture_on_commit_callbacks
):
    hsg = meeting_of(cast.hsg, days=-1)
    first = services.add_paper(hsg, by=cast.hsg_secretary, title="Membership", purpose="decision")
    jcc = MeetingFactory(body=cast.jcc, starts_at=timezone.now() + datetime.timedelta(days=10),
                         status=MeetingStatus.PUBLISHED)
    services.add_paper(jcc, by=cast.jcc_secretary, title="Nominations", purpose="information", follows=first)
    told = []

    def listen(sender, meeting_id, **kwargs):
        told.append(meeting_id)

    meeting_papers_changed.connect(listen)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_decision(first, by=cast.hsg_secretary, outcome=O.AGREED)
    finally:
        meeting_papers_changed.disconnect(listen)
    assert jcc.pk in told


# -- The pack -----------------------------------------------------------------------------------


def read_pack(meeting, part="A"):
    """The pack's text, whitespace folded, without each page's running header and footer."""
    inputs = pack_inputs(meeting, part)
    pdf, _ = packs.render(inputs)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    running = re.escape(f"{inputs['body']['name']}, {inputs['meeting']['date']} {inputs['part_label']}")
    return re.sub(rf" ?{running}( Item [AB]\d+)? Page \d+ of \d+", "", text)


def test_the_pack_prints_each_papers_cover_sheet_then_background_progress_and_next_steps(cast, risk):
    hsg = meeting_of(cast.hsg, days=-20)
    first = services.add_paper(hsg, by=cast.hsg_secretary, title="Membership approach", purpose="decision")
    services.record_decision(first, by=cast.hsg_secretary, outcome=O.AGREED)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=datetime.datetime(2030, 3, 14, 14, 0, tzinfo=datetime.UTC))
    services.add_paper(
        meeting, by=cast.icsmg_secretary, title="Cardiology exemplar", purpose="decision", author="Sam Patel",
        author_title="Head of Commissioning", sponsor="Director of Strategy", asks=[A.NOTE, A.APPROVE], follows=first, baf_risks=[risk],
        recommendations="Approve the exemplar approach.", background="The network agreed two areas of focus.",
        progress="The scoping event has been held.", next_steps="A scoping report comes back in the new year.",
        financial_implications="£120,000 from the transformation fund.", legal_implications="None identified",
        equality_implications="An equality impact assessment is attached.", quality_implications="Shorter waits.",
        data_protection_implications="None identified", sustainability_implications="Fewer journeys.",
        conflicts_implications="Provider members declare their interests.",
    )
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Estates update", purpose="information")
    text = read_pack(meeting)
    cover = text[text.index("A1 Cardiology exemplar Meeting"):]
    assert cover.startswith(
        "A1 Cardiology exemplar Meeting ICS Management Group Date Thursday 14 March 2030 Agenda item A1 "
        "Title Cardiology exemplar Author Sam Patel, Head of Commissioning Sponsor Director of Strategy Purpose For decision "
        "The ICS Management Group is asked to Note and approve "
        f"Previously considered by Health Strategy Group, {on_the_day(hsg)}: agreed "
        "Implications Financial £120,000 from the transformation fund. Legal and regulatory None identified "
        "Equality and health inequalities An equality impact assessment is attached. Quality and safety Shorter "
        "waits. Data protection None identified Sustainability Fewer journeys. Conflicts of interest Provider "
        "members declare their interests. Assurance Board assurance framework risks BAF 3: Shortages in the "
        "specialist workforce (Health Strategy Group) Interests declared None "
        "Recommendations The ICS Management Group is asked to: Approve the exemplar approach. "
        "Background The network agreed two areas of focus. Progress The scoping event has been held. "
        "Next steps A scoping report comes back in the new year."
    )
    # A paper whose cover sheet says little says so, rather than leaving it out.
    estates = text[text.index("A2 Estates update Meeting"):]
    assert "is asked to Note Previously considered by Not previously considered Implications Financial Not " \
           "stated" in estates
    assert "Board assurance framework risks None linked" in estates
    assert "Background None given. Progress None given. Next steps None given." in estates


def test_the_pack_escapes_what_is_typed_on_the_cover_sheet(cast):
    meeting = MeetingFactory(body=cast.icsmg, starts_at=datetime.datetime(2030, 3, 14, 14, 0, tzinfo=datetime.UTC))
    hostile = '<script>alert(1)</script> <img src="file:///etc/passwd">'
    services.add_paper(meeting, by=cast.icsmg_secretary, title="Paper", purpose="information",
                       next_steps=hostile, sustainability_implications=hostile)
    html = packs.render_html(pack_inputs(meeting, "A"))
    assert "<script" not in html and "<img" not in html
    assert read_pack(meeting).count(hostile) == 2


def test_the_packs_hash_changes_with_every_field_of_the_cover_sheet(cast, risk):
    earlier = meeting_of(cast.icsmg, days=-10)
    before = services.add_paper(earlier, by=cast.icsmg_secretary, title="Earlier", purpose="information")
    meeting = meeting_of(cast.icsmg, days=10)
    item = services.add_paper(meeting, by=cast.icsmg_secretary, title="Plan", purpose="decision",
                              **NONE_IDENTIFIED)
    seen = {inputs_hash(pack_inputs(meeting, "A"))}

    def changed(**fields):
        current = AgendaItem.objects.get(pk=item.pk)
        services.update_cover_sheet(current, by=cast.icsmg_secretary,
                                    asks=fields.pop("asks", current.asks),
                                    baf_risks=fields.pop("baf_risks", list(current.baf_risks.all())), **fields)
        digest = inputs_hash(pack_inputs(meeting, "A"))
        assert digest not in seen, fields
        seen.add(digest)

    changed(asks=["note", "agree"])
    changed(purpose="discussion")
    changed(author="Sam Patel")
    changed(author_title="Head of Commissioning")
    changed(sponsor="Director of Strategy")
    changed(next_steps="Report back in March.")
    changed(recommendations="Agree the plan.")
    for implication in Implication:
        changed(**{implication.field: f"{implication.label}: to be assessed."})
    changed(baf_risks=[risk])
    changed(follows=before)
    # What nobody types on this paper changes it too: the risk's words, a decision on the paper it follows.
    risk.title = "Shortages in the specialist clinical workforce"
    risk.save()
    assert inputs_hash(pack_inputs(meeting, "A")) not in seen
    seen.add(inputs_hash(pack_inputs(meeting, "A")))
    services.record_decision(before, by=cast.icsmg_secretary, outcome=O.NOTED)
    assert inputs_hash(pack_inputs(meeting, "A")) not in seen


# -- The pages -------------------------------------------------------------------------------------


def test_the_paper_form_refuses_a_cover_sheet_that_does_not_hold_together(client, cast):
    meeting = meeting_of(cast.icsmg, days=10)
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:agenda_add_paper", args=[meeting.pk])
    paper = {"paper-title": "Winter plan", "paper-purpose": "decision", "paper-part": "A"}

    def errors(data):
        response = client.post(page, data)
        assert response.status_code == 200 and not AgendaItem.objects.exists()  # shown again, nothing saved
        return {name: list(errors) for name, errors in response.context["paper_form"].errors.items()}

    assert errors(paper) == {
        "asks": ["Select what the committee is asked to do"],
        **{i.field: [f"State the {i.label.lower()} implications, or “None identified”"] for i in Implication},
    }
    assert errors({**paper, "paper-asks": ["note"], **{f"paper-{k}": v for k, v in NONE_IDENTIFIED.items()}}) == {
        "asks": ["A paper for decision asks the ICS Management Group to agree, approve, confirm or ratify something: "
                 "select at least one of them, or choose another purpose"]}
    assert errors({**paper, "paper-purpose": "information", "paper-asks": ["note", "approve"]}) == {
        "asks": ["A paper for information asks the ICS Management Group only to note or receive it: choose another "
                 "purpose to ask for a decision"]}
    assert errors({**paper, "paper-purpose": "information", "paper-asks": ["endorse"]}) == {
        "asks": ["Select what the committee is asked to do from the list"]}
    html = client.post(page, paper).content.decode()
    assert "There is a problem" in html and 'href="#id_paper-asks_0"' in html  # the summary links to the boxes

    client.post(page, {**paper, "paper-asks": ["note", "approve"],
                       **{f"paper-{k}": v for k, v in NONE_IDENTIFIED.items()}})
    item = AgendaItem.objects.get()
    assert (item.asks, item.financial_implications) == (["note", "approve"], "None identified")


def test_the_cover_sheet_page_edits_an_item_until_it_is_decided(client, cast, risk, proposal_in):
    meeting = meeting_of(cast.icsmg, days=-0.05)  # in session: a change goes out as a supplement
    item = services.add_proposal_to_agenda(meeting, proposal_in(ProposalState.QUALITY_ASSURANCE),
                                           by=cast.icsmg_secretary, recommendations="Confirm it is assured.")
    client.force_login(cast.icsmg_secretary)
    page = reverse("governance:cover_sheet", args=[meeting.pk, item.pk])
    response = client.get(page)
    form = response.context["form"]
    assert "title" not in form.fields and "purpose" not in form.fields  # the proposal's own
    assert form["asks"].value() == ["consider", "confirm"] and form["recommendations"].value() == "Confirm it is assured."
    html = response.content.decode()
    # Its history is from after the meeting began (the test made it so): not "previously".
    assert "Previously considered by" in html and "Not previously considered." in html
    # A proposal is for decision: each implication is stated.
    response = client.post(page, {"asks": ["confirm"], "recommendations": "Confirm it is assured."})
    assert response.status_code == 200 and "State the financial implications" in response.content.decode()
    response = client.post(page, {"asks": ["confirm"], "recommendations": "Confirm it is assured.",
                                  "next_steps": "To the Health Strategy Group.", "baf_risks": [risk.pk],
                                  **NONE_IDENTIFIED})
    assert response.status_code == 302 and response.url == reverse("governance:agenda", args=[meeting.pk])
    item.refresh_from_db()
    assert (item.asks, item.next_steps, list(item.baf_risks.all())) == (["confirm"], "To the Health Strategy Group.",
                                                                         [risk])
    # Once decided, it stays as it was decided on: the page says so and a post changes nothing.
    services.record_decision(item, by=cast.icsmg_secretary, outcome=O.QUALITY_ASSURED)
    assert "its cover sheet stays as it was decided on" in client.get(page).content.decode()
    client.post(page, {"asks": ["consider"], **NONE_IDENTIFIED})
    item.refresh_from_db()
    assert item.asks == ["confirm"]


def test_a_closed_risk_is_not_offered_but_stays_where_it_was_linked(client, cast, risk):
    meeting = meeting_of(cast.icsmg, days=10)
    item = services.add_paper(meeting, by=cast.icsmg_secretary, title="Plan", purpose="information", baf_risks=[risk])
    closed = BoardAssuranceRisk.objects.create(reference="BAF 9", title="Closed risk", owner=cast.hsg, is_open=False)
    with pytest.raises(ActionRefused, match="BAF 9 is closed on the board assurance framework"):
        services.add_paper(meeting, by=cast.icsmg_secretary, title="Other", purpose="information", baf_risks=[closed])
    risk.is_open = False
    risk.save()
    client.force_login(cast.icsmg_secretary)
    form = client.get(reverse("governance:cover_sheet", args=[meeting.pk, item.pk])).context["form"]
    assert list(form.fields["baf_risks"].queryset) == [risk]  # linked already, so still offered here
    services.update_cover_sheet(item, by=cast.icsmg_secretary, asks=["note"], baf_risks=[risk])
    assert list(item.baf_risks.all()) == [risk]


# -- The migration ------------------------------------------------------------------------------------


def test_existing_items_ask_what_their_purpose_did(cast):
    meeting = meeting_of(cast.icsmg, days=10)
    for purpose in ("decision", "assurance", "information"):
        AgendaItem.objects.create(meeting=meeting, title=purpose, purpose=purpose, recommendations=f"Text {purpose}")
    migration = importlib.import_module("governance.migrations.0018_cover_sheets")
    migration.asks_from_purpose(apps, None)
    assert {item.title: (item.asks, item.recommendations) for item in AgendaItem.objects.all()} == {
        "decision": (["agree"], "Text decision"), "assurance": (["receive"], "Text assurance"),
        "information": (["note"], "Text information")}
