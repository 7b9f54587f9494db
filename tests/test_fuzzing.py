"""
Generated input through the main forms and filters, posted as a hand-made request could post it:
any Unicode, control characters (NUL included), very long text, numbers out of range, malformed
dates, ids that are not numbers, choices that are not choices. Whatever comes, the page answers
without a server error; when the form refuses the input, nothing changes; and nothing stored holds
a NUL character (PostgreSQL refuses them, so in production that would be a server error).

Each example runs in a savepoint that is rolled back, so every example starts from the same data.
"""

import datetime
import operator
from contextlib import contextmanager

import pytest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from governance import minutes as minutes_services
from governance import services as governance
from governance import voting
from governance.enums import (
    AgendaPart,
    AttendanceStatus,
    DecisionOutcome,
    MembershipRole,
    PaperAsk,
    PaperPurpose,
    ProcurementRoute,
)
from governance.forms import (
    ActionForm,
    AddProposalForm,
    AddToMeetingForm,
    AttendanceForm,
    DecisionForm,
    InterestForm,
    MeetingForm,
    MinutesForm,
    PaperForm,
    RegisterInterestForm,
)
from governance.models import (
    STANDARD_SECTIONS,
    Action,
    AgendaItem,
    Attendance,
    Decision,
    ItemInterest,
    Meeting,
    MinuteEntry,
    Minutes,
    RegisteredInterest,
    Vote,
)
from notifications.forms import ActionDoneForm, SettingsForm
from notifications.models import Frequency, NotificationSetting
from proposals.enums import Funding, ProposalState, Recurrence, ServiceArea, TriageQuestion
from proposals.forms import (
    AcceptForAssessmentForm,
    FinanceLineFormSet,
    OptionFormSet,
    ProposalDetailsForm,
    ReasonForm,
    RiskFormSet,
    SecretaryTriageForm,
    SectionForm,
    TriageForm,
)
from proposals.models import FinanceLine, Option, Proposal, ProposalEvent, Risk, TriageAnswer
from scoring import services as scoring
from scoring.forms import AssessmentForm, ModerateForm, OutcomeForm, ReopenForm
from scoring.forms import InterestForm as AssessorInterestForm
from scoring.models import Assessment, CategoryScore, ModeratedScore

from .conftest import score_all
from .factories import BodyFactory, MeetingFactory, MembershipFactory, PlaceFactory

S = ProposalState
FUZZ = settings(max_examples=25, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

# -- What is typed -----------------------------------------------------------------------------

SPECIAL = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "\u202e", "\ufeff", "\u200b", "0", "-1", "1e309", "NaN", "Infinity",
    "9" * 40, "9" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "{{ 7*7 }}",
    "{% debug %}", "null", "[]", "١٢", "²", "𝟙", "e\u0301", "\U0001F600" * 3,
]
text = st.one_of(
    st.text(max_size=80),  # any Unicode, control characters included
    st.text(st.characters(max_codepoint=0x1F), max_size=8),  # control characters only
    st.sampled_from(SPECIAL),
    st.builds(operator.mul, st.text(min_size=1, max_size=3), st.integers(500, 25_000)),  # very long
)
number = st.one_of(
    st.integers(-(10**30), 10**30).map(str), st.floats().map(str), st.decimals().map(str),
    st.integers(0, 6).map(str), st.sampled_from(SPECIAL), st.text(max_size=6),
)
date = st.one_of(
    st.dates().map(str), st.datetimes().map(str), st.text(max_size=12),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-00-00", "99999-12-31", "-2026-01-01", "31/12/2026",
                     "2026-1-1", "2026-01-01T25:00", "yesterday", "2026-01-01 24:00", "1-1-1"]),
)
pk = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["", "abc", "1e5", "0x1", "1.0", " 1", "١", "²", "None", "9" * 5000, "-0"]),
    st.text(max_size=5),
)


def choice(*valid):
    """A valid choice half the time, anything else the other half."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), text)


def form_data(**strategies):
    """A dict of posted fields; a field drawn as None is left out."""
    return st.fixed_dictionaries({name: st.one_of(st.none(), s) for name, s in strategies.items()}).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


# -- Checking ----------------------------------------------------------------------------------


def same_id(posted, pk):
    """Whether a posted id names the row `pk`, as int() reads it (so "١" is 1)."""
    try:
        return posted.isdecimal() and int(posted) == pk
    except ValueError:
        return False


def snapshot(*querysets):
    return [list(qs.order_by("pk").values()) for qs in querysets]


def assert_no_nul(rows):
    for table in rows:
        for row in table:
            for name, value in row.items():
                assert not (isinstance(value, str) and "\x00" in value), f"NUL stored in {name}: {value!r}"


@contextmanager
def rolled_back():
    """One example's changes, rolled back when it is done."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def as_posted(data):
    """The data as the view reads it: a QueryDict, where a field may have several values."""
    posted = QueryDict(mutable=True)
    for name, value in data.items():
        posted.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return posted


def submit(client, method, url, data, *, refused, watched, check=None):
    """Send the request; no server error; no NUL stored; if `refused()` (the form's verdict on the
    data, asked before the request), nothing in `watched` changed; then `check()`, if given, holds."""
    with rolled_back():
        before = snapshot(*watched)
        was_refused = refused() if callable(refused) else refused
        response = getattr(client, method)(url, data)
        assert response.status_code < 500
        after = snapshot(*watched)
        assert_no_nul(after)
        if was_refused:
            assert after == before, "refused input changed something"
        if check is not None:
            check()
    return response


# -- The business case ------------------------------------------------------------------------

OUTLINE = {s.key: s for s in STANDARD_SECTIONS["outline"]}
TEXT_SECTIONS = ("summary", "ics_aspirations", "quality_safety", "contracting")


@pytest.fixture
def draft(proposal_in, client, cast):
    proposal = proposal_in(S.DRAFT)
    client.force_login(cast.author)
    return proposal


@FUZZ
@given(section=st.sampled_from(TEXT_SECTIONS), value=text)
def test_fuzz_a_business_case_section(client, draft, section, value):
    data = {section: value}
    url = reverse("proposals:edit_section", args=[draft.reference, section])
    submit(client, "post", url, data, refused=lambda: not SectionForm(data, section=OUTLINE[section]).is_valid(),
           watched=[Proposal.objects.filter(pk=draft.pk)])


def formset_data(prefix, rows, total, fields):
    data = {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{name}": value for name, value in row.items() if name in fields})
    return data


total_forms = st.one_of(st.integers(0, 3).map(str), st.sampled_from(["", "abc", "-1", "1e3", "41", "51"]))
finance_row = form_data(financial_year=st.one_of(st.sampled_from(["2026/27", "2027/28"]), text),
                        quarter=choice(1, 2, 3, 4), recurrence=choice(*Recurrence.values),
                        funding=choice(*Funding.values),
                        projected_spend=number, projected_savings=number)


@FUZZ
@given(summary=text, rows=st.lists(finance_row, max_size=3), total=total_forms)
@example(summary="", rows=[{"projected_savings": "sNaN"}], total="1")  # was InvalidOperation: a 500
def test_fuzz_finance_rows(client, draft, summary, rows, total):
    data = {"finance_summary": summary, **formset_data("finance_lines", rows, total, finance_row_fields)}

    def refused():
        return not (SectionForm(data, section=OUTLINE["finance_summary"]).is_valid()
                    and FinanceLineFormSet(data, instance=draft, prefix="finance_lines").is_valid())

    submit(client, "post", reverse("proposals:edit_finance", args=[draft.reference]), data, refused=refused,
           watched=[Proposal.objects.filter(pk=draft.pk), FinanceLine.objects.all()])


finance_row_fields = ("financial_year", "quarter", "funding", "recurrence", "projected_spend", "projected_savings")
risk_row = form_data(description=text, likelihood=choice(1, 2, 3, 4, 5), impact=choice(1, 2, 3, 4, 5),
                     mitigation=text, owner=text)


@FUZZ
@given(rows=st.lists(risk_row, max_size=3), total=total_forms)
def test_fuzz_risks(client, draft, rows, total):
    data = formset_data("risks", rows, total, ("description", "likelihood", "impact", "mitigation", "owner"))
    submit(client, "post", reverse("proposals:edit_risks", args=[draft.reference]), data,
           refused=lambda: not RiskFormSet(data, instance=draft, prefix="risks").is_valid(),
           watched=[Risk.objects.all(), Proposal.objects.filter(pk=draft.pk)])


FULL = {s.key: s for s in STANDARD_SECTIONS["full"]}


@pytest.fixture
def full_case(proposal_in, client, cast):
    """Supported after the assessment exercise: the authors write the full business case."""
    proposal = proposal_in(S.FULL_CASE)
    client.force_login(cast.author)
    return proposal


@FUZZ
@given(section=st.sampled_from(("summary", "engagement", "delivery", "benefits", "review", "procurement")),
       value=text, route=st.one_of(st.none(), choice(*ProcurementRoute.values)))
def test_fuzz_a_full_business_case_section(client, full_case, section, value, route):
    data = {section: value, **({"procurement_route": route} if route is not None else {})}
    url = reverse("proposals:edit_section", args=[full_case.reference, section])
    submit(client, "post", url, data, refused=lambda: not SectionForm(data, section=FULL[section]).is_valid(),
           watched=[Proposal.objects.filter(pk=full_case.pk)])


option_row = form_data(title=text, description=text, net_cost=number, is_do_nothing=choice("on", ""),
                       is_preferred=choice("on", ""))


@FUZZ
@given(rows=st.lists(option_row, max_size=3), total=total_forms)
@example(rows=[{"title": "A", "description": "B", "is_preferred": "on"},
               {"title": "C", "description": "D", "is_preferred": "on"}], total="2")  # two preferred
def test_fuzz_an_options_appraisal(client, full_case, rows, total):
    data = formset_data("options", rows, total, ("title", "description", "net_cost", "is_do_nothing", "is_preferred"))
    submit(client, "post", reverse("proposals:edit_options", args=[full_case.reference]), data,
           refused=lambda: not OptionFormSet(data, instance=full_case, prefix="options").is_valid(),
           watched=[Option.objects.all(), Proposal.objects.filter(pk=full_case.pk)])


@FUZZ
@given(data=form_data(nationally_described=choice(True, False), vulnerability_across_icps=choice(True, False)))
def test_fuzz_the_authors_triage_answers(client, draft, data):
    submit(client, "post", reverse("proposals:edit_triage", args=[draft.reference]), data,
           refused=lambda: not TriageForm(data).is_valid(), watched=[TriageAnswer.objects.all()])


@FUZZ
@given(data=form_data(title=text, sponsoring_workstream=pk, service_area=choice(*ServiceArea.values),
                      places=pk, add_co_authors=pk))
@example(data={"add_co_authors": str(2**63)})  # was OverflowError on SQLite: a 500
def test_fuzz_starting_a_proposal(client, cast, data):
    workstream = BodyFactory(name="Cardiovascular Programme Board", sponsors_proposals=True)
    place = PlaceFactory(name="Riverside ICP")
    client.force_login(cast.author)
    # Half the time the choices are real ones, so that the text is what decides.
    data = {**data, "sponsoring_workstream": data.get("sponsoring_workstream", str(workstream.pk)),
            "places": data.get("places", str(place.pk))}
    submit(client, "post", reverse("proposals:create"), data,
           refused=lambda: not ProposalDetailsForm(as_posted(data), lead_author=cast.author).is_valid(),
           watched=[Proposal.objects.all(), ProposalEvent.objects.all()])


@pytest.fixture
def submitted(proposal_in):
    return proposal_in(S.SUBMITTED)


@FUZZ
@given(reason=text)
@example(reason="a\x00b")  # was stored with its NUL, which PostgreSQL refuses: a 500 there
def test_fuzz_a_withdrawal_reason(client, submitted, cast, reason):
    proposal = submitted
    client.force_login(cast.author)
    submit(client, "post", reverse("proposals:withdraw", args=[proposal.reference]), {"reason": reason},
           refused=False, watched=[Proposal.objects.filter(pk=proposal.pk), ProposalEvent.objects.all()])


# -- Triage and scoring ------------------------------------------------------------------------


@FUZZ
@given(action=st.sampled_from(["answers", "accept", "place_based", "reopen"]),  # each its own URL
       data=form_data(nationally_described=choice(True, False), vulnerability_across_icps=choice(True, False),
                      leadership_support=choice(True, False), on_behalf_of=pk, assessing_body=pk, reason=text))
def test_fuzz_the_secretarys_triage(client, submitted, cast, action, data):
    proposal = submitted
    client.force_login(cast.clg_secretary)
    form = {"answers": SecretaryTriageForm, "accept": AcceptForAssessmentForm, "place_based": ReasonForm,
            "reopen": ReasonForm}[action]
    url = {"answers": "record_triage", "accept": "accept_for_assessment", "place_based": "refer_to_place_based",
           "reopen": "reopen_triage"}[action]
    submit(client, "post", reverse(f"proposals:{url}", args=[proposal.reference]), data,
           refused=lambda: not form(data).is_valid(),
           watched=[Proposal.objects.all(), TriageAnswer.objects.all(), ProposalEvent.objects.all()],
           # Question 3 is answered after the assessment exercise, never at triage.
           check=no_question_3)


def no_question_3():
    assert not TriageAnswer.objects.filter(question=TriageQuestion.LEADERSHIP_SUPPORT).exists()


@pytest.fixture
def assessment(proposal_in, cast):
    """An assessment in progress: assigned, no interest declared yet."""
    proposal = proposal_in(S.ASSESSMENT)
    return scoring.assign_assessor(proposal, cast.assessors[0], by=cast.clg_secretary)


@pytest.fixture
def scored(cast, assessment):
    """The assessment, submitted."""
    score_all(assessment.proposal, cast.assessors[0], [3, 3, 3, 3, 3])
    assessment.refresh_from_db()
    return assessment


@FUZZ
@given(reason=text)
def test_fuzz_reopening_an_assessment(client, cast, scored, reason):
    assessment = scored
    client.force_login(cast.clg_secretary)
    submit(client, "post", reverse("scoring:reopen", args=[assessment.pk]), {"reason": reason},
           refused=lambda: not ReopenForm({"reason": reason}).is_valid(),
           watched=[Assessment.objects.all(), ProposalEvent.objects.all()])


@FUZZ
@given(data=form_data(has_interest=choice(True, False), details=text))
def test_fuzz_an_assessors_declaration_of_interest(client, cast, assessment, data):
    client.force_login(cast.assessors[0])
    submit(client, "post", reverse("scoring:declare_interest", args=[assessment.pk]), data,
           refused=lambda: not AssessorInterestForm(data).is_valid(),
           watched=[Assessment.objects.all(), CategoryScore.objects.all()])


@FUZZ
@given(scores=st.lists(st.one_of(st.none(), choice(1, 2, 3, 4, 5)), min_size=5, max_size=5),
       rationales=st.lists(st.one_of(st.none(), text), min_size=5, max_size=5), submitting=st.booleans())
def test_fuzz_scoring(client, cast, assessment, scores, rationales, submitting):
    if assessment.has_interest is None:
        scoring.declare_interest(assessment, by=cast.assessors[0], has_interest=False)
        assessment.refresh_from_db()
    client.force_login(cast.assessors[0])
    categories = list(assessment.rubric.categories.prefetch_related("levels"))
    data = {}
    for category, score, rationale in zip(categories, scores, rationales, strict=False):
        if score is not None:
            data[f"score_{category.pk}"] = score
        if rationale is not None:
            data[f"rationale_{category.pk}"] = rationale
    if submitting:
        data["submit"] = "1"
    submit(client, "post", reverse("scoring:assessment", args=[assessment.pk]), data,
           refused=lambda: not AssessmentForm(data, categories=categories, submitting=submitting).is_valid(),
           watched=[Assessment.objects.all(), CategoryScore.objects.all()])


@FUZZ
@given(action=st.sampled_from(["moderate", "decide", "release", "complete", "assign"]),  # each its own URL
       data=form_data(category=pk, score=choice("1.0", "2.5", "3.0", "5.0"), reason=text, reasons=text,
                      assessor=pk, decision=choice("return", "not_supported", "reject", "promote")))
def test_fuzz_the_scoring_secretarys_actions(client, cast, assessment, action, data):
    client.force_login(cast.clg_secretary)
    proposal = assessment.proposal
    categories = list(assessment.rubric.categories.all())
    if "category" not in data:
        data["category"] = str(categories[0].pk)
    if action == "decide":
        data = {**data, "confirmed": "yes"}  # past its check step
    forms = {"moderate": lambda: ModerateForm(data, categories=categories), "decide": lambda: OutcomeForm(data)}
    refused = (lambda: not forms[action]().is_valid()) if action in forms else action not in (
        "release", "complete", "assign")
    submit(client, "post", reverse(f"scoring:{action}", args=[proposal.reference]), data, refused=refused,
           watched=[Proposal.objects.all(), ModeratedScore.objects.all(), ProposalEvent.objects.all()])


# -- Meetings ----------------------------------------------------------------------------------


@pytest.fixture
def meeting(cast, proposal_in):
    """An ICS Management Group meeting ahead: a proposal at quality assurance, a paper, members."""
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER, is_voting=True)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(hours=1))  # in session
    governance.add_proposal_to_agenda(meeting, proposal_in(S.QUALITY_ASSURANCE), by=cast.icsmg_secretary)
    governance.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    return meeting


def eligible_proposals(meeting):
    on_agenda = meeting.items.filter(proposal__isnull=False).values("proposal")
    return Proposal.objects.owned_by(meeting.body).exclude(pk__in=on_agenda)


@FUZZ
@given(action=st.sampled_from(["add_paper", "add_proposal", "attach", "up", "down", "remove"]),  # each its own URL
       item=st.one_of(st.none(), pk),
       data=form_data(title=text, purpose=choice(*PaperPurpose.values), part=choice(*AgendaPart.values),
                      author=text, sponsor=text, background=text, progress=text, recommendations=text, proposal=pk,
                      asks=choice(*PaperAsk.values), next_steps=text, financial_implications=text, follows=pk,
                      baf_risks=pk))
@example(action="up", item="abc", data={})  # was ValueError: a 500
@example(action="attach", item="9" * 5000, data={})
def test_fuzz_the_agenda_editor(client, cast, meeting, action, item, data):
    client.force_login(cast.icsmg_secretary)
    items = list(meeting.items.values_list("pk", flat=True))
    # The item is in the URL: what is not a number there is a URL no item has.
    item = str(items[-1]) if item is None else item if item.isascii() and item.isdigit() else "0"
    real_item = any(same_id(item, pk) for pk in items)
    on_item = {"attach": "attach_document", "up": "move_item_up", "down": "move_item_down", "remove": "remove_item"}
    url = reverse(f"governance:{on_item[action]}", args=[meeting.pk, item]) if action in on_item else reverse(
        f"governance:agenda_{action}", args=[meeting.pk])

    if action in ("add_paper", "add_proposal"):  # the agenda editor's two forms are prefixed
        prefix = PaperForm.prefix if action == "add_paper" else AddProposalForm.prefix
        data = {f"{prefix}-{name}": value for name, value in data.items()}
    if action == "remove":
        data = {**data, "confirmed": "yes"}  # past its check step

    def refused():
        if action == "add_paper":
            return not PaperForm(data, meeting=meeting, user=cast.icsmg_secretary).is_valid()
        if action == "add_proposal":
            return not AddProposalForm(data, proposals=eligible_proposals(meeting)).is_valid()
        if action == "attach":
            return True  # no file was sent
        return not (action in ("up", "down", "remove") and real_item)

    submit(client, "post", url, data, refused=refused, watched=[AgendaItem.objects.all()])


@FUZZ
@given(data=form_data(proposal=pk, meeting=pk))
def test_fuzz_the_forward_work_programme(client, cast, meeting, later, data):
    """The secretary puts an expected proposal on a meeting ahead (the proposal's and meeting's ids posted)."""
    client.force_login(cast.icsmg_secretary)
    expected = Proposal.objects.owned_by(cast.icsmg).first()
    data = {"proposal": str(expected.pk), "meeting": str(later.pk), **data}
    form = AddToMeetingForm(data, meetings=cast.icsmg.meetings.filter(starts_at__gte=timezone.now()),
                            proposals=Proposal.objects.all())
    submit(client, "post", reverse("governance:programme_add", args=[cast.icsmg.pk]), data,
           refused=lambda: not form.is_valid(), watched=[AgendaItem.objects.all()])


@FUZZ
@given(statuses=st.lists(choice(*AttendanceStatus.values), min_size=2, max_size=2), extra=form_data(member_x=text))
def test_fuzz_attendance(client, cast, meeting, statuses, extra):
    client.force_login(cast.icsmg_secretary)
    people = [cast.icsmg_secretary, cast.member]
    data = {**extra, **{f"member_{person.pk}": status for person, status in zip(people, statuses, strict=True)}}
    members = list(meeting.body.memberships.select_related("user"))
    submit(client, "post", reverse("governance:attendance", args=[meeting.pk]), data,
           refused=lambda: not AttendanceForm(data, members=members, current={}).is_valid(),
           watched=[Attendance.objects.all()])


@FUZZ
@given(data=form_data(member=pk, interest=text), as_secretary=st.booleans())
def test_fuzz_declaring_an_interest_in_an_item(client, cast, meeting, data, as_secretary):
    item = meeting.items.last()
    person = cast.icsmg_secretary if as_secretary else cast.member
    client.force_login(person)
    if as_secretary and "member" not in data:
        data["member"] = str(cast.member.pk)
    posted = {**data, "member": data.get("member")} if as_secretary else {**data, "member": person.pk}
    people = meeting.body.memberships.values("user")
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(pk__in=people)
    submit(client, "post", reverse("governance:interest", args=[meeting.pk, item.pk]), data,
           refused=lambda: not InterestForm({k: v for k, v in posted.items() if v is not None},
                                            members=members).is_valid(),
           watched=[ItemInterest.objects.all()])


@FUZZ
@given(action=choice("register_interest", "arrange"),
       data=form_data(member=pk, interest=text, declared_from=date, declared_to=date, starts_at=date,
                      location=text, online_link=st.one_of(text, st.sampled_from([
                          "javascript:alert(1)", "https://meet.example.nhs.uk/x", "file:///etc/passwd",
                          "//evil.example", "data:text/html,<script>alert(1)</script>"])), paper_deadline=date))
def test_fuzz_the_body_page(client, cast, action, data):
    client.force_login(cast.icsmg_secretary)
    body = cast.icsmg
    from django.contrib.auth import get_user_model

    members = get_user_model().objects.filter(pk__in=body.memberships.values("user"))
    if action == "register_interest" and "member" not in data:
        data["member"] = str(cast.icsmg_secretary.pk)
    form = (lambda: RegisterInterestForm(data, members=members)) if action == "register_interest" else (
        lambda: MeetingForm(data))
    url = reverse("governance:register_interest" if action == "register_interest" else "governance:arrange_meeting",
                  args=[body.pk])
    submit(client, "post", url, data,
           refused=lambda: not form().is_valid(), watched=[RegisteredInterest.objects.all(), Meeting.objects.all()])


@pytest.fixture
def jcc_meeting(cast, proposal_in):
    """A Joint CCG Committee meeting ahead, which votes: a proposal at formal approval, its voting member present."""
    meeting = MeetingFactory(body=cast.jcc, starts_at=timezone.now() - datetime.timedelta(hours=1))  # in session
    governance.add_proposal_to_agenda(meeting, proposal_in(S.FORMAL_APPROVAL), by=cast.jcc_secretary)
    governance.record_attendance(meeting, {cast.member: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    return meeting


@pytest.fixture
def hsg_meeting(cast, proposal_in):
    """A Health Strategy Group meeting ahead, which signs off and names the stage 4 bodies."""
    meeting = MeetingFactory(body=cast.hsg, starts_at=timezone.now() - datetime.timedelta(hours=1))  # in session
    governance.add_proposal_to_agenda(meeting, proposal_in(S.STAKEHOLDER_SIGNOFF), by=cast.hsg_secretary)
    return meeting


@FUZZ
@given(which=st.sampled_from(["proposal", "paper", "vote", "sign-off"]), outcome=choice(*DecisionOutcome.values),
       data=form_data(minute=text, formal_bodies=st.one_of(pk, st.lists(pk, max_size=3)),
                      vote=choice("for", "against", "abstain")))
@example(which="sign-off", outcome="signed_off", data={"formal_bodies": str(2**63)})  # was OverflowError on SQLite
def test_fuzz_recording_a_decision(client, cast, meeting, jcc_meeting, hsg_meeting, which, outcome, data):
    if which == "sign-off":
        item, secretary, voters = hsg_meeting.items.get(), cast.hsg_secretary, []
        data.pop("vote", None)
    elif which == "vote":
        item, secretary = jcc_meeting.items.get(), cast.jcc_secretary
        voters = voting.eligible_voters(item)
        vote = data.pop("vote", None)
        if vote is not None:
            data[f"vote_{cast.member.pk}"] = vote
    else:
        item = meeting.items.get(proposal__isnull=which == "paper")
        secretary, voters = cast.icsmg_secretary, []
        data.pop("vote", None)
    client.force_login(secretary)
    data = {**data, "outcome": outcome, "confirmed": "yes"}  # past the check step, to the service
    outcomes = governance.allowed_outcomes(item)
    kwargs = {"outcomes": outcomes, "voters": voters, "can_name_bodies": DecisionOutcome.SIGNED_OFF in outcomes}
    submit(client, "post", reverse("governance:decision", args=[item.meeting_id, item.pk]), data,
           refused=lambda: not DecisionForm(as_posted(data), **kwargs).is_valid(),
           watched=[Decision.objects.all(), Vote.objects.all(), Proposal.objects.all(), ProposalEvent.objects.all()])


# -- After the meeting -------------------------------------------------------------------------


@pytest.fixture
def held(cast):
    """A held ICS Management Group meeting: a paper agreed, its draft minutes, an open action."""
    MembershipFactory(body=cast.icsmg, user=cast.member, role=MembershipRole.MEMBER)
    meeting = MeetingFactory(body=cast.icsmg, starts_at=timezone.now() - datetime.timedelta(days=7))
    paper = governance.add_paper(meeting, by=cast.icsmg_secretary, title="Winter plan", purpose="decision")
    decision = governance.record_decision(paper, by=cast.icsmg_secretary, outcome="agreed", minute="Agreed.")
    governance.raise_action(decision, by=cast.icsmg_secretary, description="Circulate the plan", owner=cast.member,
                            due_on=timezone.localdate() + datetime.timedelta(days=7))
    governance.record_attendance(meeting, {cast.member: "present"}, by=cast.icsmg_secretary)
    governance.close_meeting(meeting, by=cast.icsmg_secretary)
    minutes_services.draft(meeting, by=cast.icsmg_secretary)
    return meeting


@pytest.fixture
def later(cast):
    return MeetingFactory(body=cast.icsmg, starts_at=timezone.now() + datetime.timedelta(days=7))


@FUZZ
@given(data=form_data(description=text, owner=pk, due_on=date))
def test_fuzz_raising_an_action(client, cast, held, data):
    client.force_login(cast.icsmg_secretary)
    item = held.items.get()
    if "owner" not in data:
        data["owner"] = str(cast.member.pk)
    from governance.views.records import body_people

    submit(client, "post", reverse("governance:raise_action", args=[held.pk, item.pk]), data,
           refused=lambda: not ActionForm(data, people=body_people(held.body)).is_valid(),
           watched=[Action.objects.all()])


@FUZZ
@given(data=form_data(note=text), action_pk=st.one_of(st.none(), st.integers(-5, 10**12)))
def test_fuzz_marking_an_action_done(client, cast, held, data, action_pk):
    client.force_login(cast.member)
    action = Action.objects.get()
    url = reverse("notifications:action_done", args=[action_pk if action_pk is not None and action_pk >= 0
                                                     else action.pk])
    submit(client, "post", url, data, refused=lambda: not ActionDoneForm(data).is_valid(),
           watched=[Action.objects.all()])


@FUZZ
@given(data=form_data(opening=text, closing=text, entry=text))
def test_fuzz_the_minutes(client, cast, held, data):
    client.force_login(cast.icsmg_secretary)
    minutes = Minutes.objects.get(meeting=held)
    entries = minutes.entries.select_related("item__decision")
    entry = entries.get()
    if "entry" in data:
        data[f"entry_{entry.item_id}"] = data.pop("entry")
    refused = not MinutesForm(data, entries=entries).is_valid()
    submit(client, "post", reverse("governance:minutes", args=[held.pk]), data, refused=refused,
           watched=[Minutes.objects.all(), MinuteEntry.objects.all()])


@FUZZ
@given(minutes=pk)
@example(minutes="abc")  # was ValueError: a 500
def test_fuzz_putting_minutes_on_an_agenda(client, cast, held, later, minutes):
    client.force_login(cast.icsmg_secretary)
    real = Minutes.objects.get(meeting=held).pk
    submit(client, "post", reverse("governance:minutes_to_agenda", args=[later.pk]), {"minutes": minutes},
           refused=not same_id(minutes, real), watched=[AgendaItem.objects.all()])


@FUZZ
@given(data=form_data(frequency=choice(*Frequency.values)))
def test_fuzz_the_e_mail_settings(client, cast, data):
    client.force_login(cast.member)
    submit(client, "post", reverse("notifications:settings"), data, refused=lambda: not SettingsForm(data).is_valid(),
           watched=[NotificationSetting.objects.all()])


# -- Filters -----------------------------------------------------------------------------------


@FUZZ
@given(page=st.sampled_from(["proposals:pipeline", "proposals:pipeline_list", "proposals:pipeline_csv"]),
       params=form_data(body=pk, workstream=pk, service_area=choice(*ServiceArea.values), place=pk,
                        state=choice(*S.ON_ROUTE), sort=choice("title", "-days", "state", "reference", "changed"),
                        page=pk, submitted_page=pk, assessment_page=number))
def test_fuzz_the_pipeline_filters(client, cast, submitted, page, params):
    client.force_login(cast.clg_secretary)
    submit(client, "get", reverse(page), params, refused=True, watched=[Proposal.objects.all()])


@FUZZ
@given(page=st.sampled_from(["governance:decision_log", "governance:decision_log_csv"]),
       params=form_data(body=pk, held_from=date, held_to=date, proposal=text, outcome=choice(*DecisionOutcome.values),
                        page=pk))
def test_fuzz_the_decision_log_filters(client, cast, held, page, params):
    client.force_login(cast.icsmg_secretary)
    submit(client, "get", reverse(page), params, refused=True, watched=[Decision.objects.all()])
