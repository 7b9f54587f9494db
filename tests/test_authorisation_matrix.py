"""
Who may open every page and use every form of the site: one table (TABLE) with a row per URL name,
each row the objects its URL is tried on and, for every role, the outcome expected. A URL pattern
added without a row fails test_every_url_pattern_has_a_row_in_the_matrix.

Outcomes (see judge()):
  OK       GET: 200. POST: 200 or a redirect, and the change the form makes has been made.
  LOGIN    a redirect to the sign-in page (the site's, or the admin site's).
  DENIED   403 or 404: both are safe (404 where the object should not even be known to exist).
  BOUNCE   an author on a business case page of a proposal no longer editable: sent back to the
           proposal page with a message.
  REFUSED  the page lets the role in, but the service refuses the change (an error message).
Whatever a POST's outcome other than OK, nothing may have been written to the database. Every
page shown is valid as tests/html_checks.py says (unique ids, labels within their own form). And
whatever a role is shown (page, CSV or PDF), words that role may not read must not be in it:
Part B business, other people's drafts, an assessor's unsubmitted rationale (secrets()).

Every case runs in a transaction that is rolled back, so each starts from the same data.

The roles (fixture `world`):
  anonymous; lead (author of the proposals); co_author; other_lead (author of another draft);
  assessor (assessors[0]: assigned to the proposal in assessment, with an unsubmitted draft, and
  one of the two who scored the proposal now at quality assurance); conflicted_assessor
  (assessors[2]: assigned to the proposal in assessment, declared an interest);
  clg_secretary (the body owning stage 1: triage and scoring); icsmg_secretary (the body owning
  stage 2, whose meetings are tried); hsg_secretary (a secretary of another body); icsmg_member
  (a plain member of the meetings' body); jcc_member (a member of another body); admin
  (superuser and staff).

A proposal withdrawn while still a draft was never submitted, so it stays its authors' alone
(READERS["withdrawn_draft"]): this matrix found that leak, and asserts its fix.

Superusers: Django's User.has_perm answers True for an active superuser before any rule is asked.
The site asks the rules as written instead (ics_commissioning.permissions.can), so the admin is held
to them: not an author, they may not change or submit a business case; not the assessor, they may
not open an assessment; and they act on a proposal only in the states the rules allow. The admin
site keeps Django's own superuser powers. ADMIN_BYPASSES_RULES says which of the rules leaving the
admin out the pages let the admin past: none.
"""

import datetime
import io
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, reset_queries, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from pypdf import PdfReader
from rest_framework.authtoken.models import Token
from weasyprint import HTML

from governance import duty_gates, escalations, packs, services
from governance import minutes as minutes_services
from governance.enums import (
    AttendanceStatus,
    DecisionMethod,
    DutyGate,
    MeetingStatus,
    MembershipRole,
    MinutesStatus,
    Stage,
)
from governance.models import (
    Action,
    AgendaItem,
    Attendance,
    ChairsAction,
    Decision,
    Escalation,
    GateSignatory,
    GateSignOff,
    ItemInterest,
    Meeting,
    Membership,
    Minutes,
    RouteGate,
)
from notifications.models import NotificationSetting
from procurement import services as procurement_services
from procurement.models import Provider, ProviderAssessment, ProviderSelection, Representation
from procurement.working_days import next_working_day, working_days_after
from proposals.enums import AttachmentKind, ProposalState, ServiceArea, TriageQuestion
from proposals.forms import FinanceLineFormSet, RiskFormSet
from proposals.models import Attachment, Proposal
from public.models import PublicQuestion
from scoring.models import Assessment, CategoryScore, ModeratedScore, ScoreRelease
from scoring.services import assign_assessor, declare_interest, record_scores

from .conftest import WEIGHTS, conditions, dated, prepare_selection, score_all, sign_in_with_second_factor
from .documents import PDF, upload
from .factories import BodyFactory, MeetingFactory, MembershipFactory, PlaceFactory, ProposalFactory, UserFactory
from .html_checks import page_problems

S = ProposalState

# -- Roles and who is who -------------------------------------------------------------------------

ROLES = ("anonymous", "lead", "co_author", "other_lead", "assessor", "conflicted_assessor",
         "clg_secretary", "icsmg_secretary", "hsg_secretary", "icsmg_member", "jcc_member", "admin")
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
AUTHORS = frozenset({"lead", "co_author"})
OFFICERS = frozenset({"clg_secretary", "icsmg_secretary", "hsg_secretary"})  # follow every proposal on the route
ADMIN = frozenset({"admin"})

# The proposals, by label. Who may read each (proposals.rules.can_view_proposal): its authors, the
# admin, and once submitted the committee officers and its assigned assessors (conflicted or not).
READERS = {
    "draft": AUTHORS | ADMIN,
    "submitted": AUTHORS | OFFICERS | ADMIN,
    "assessment": AUTHORS | OFFICERS | {"assessor", "conflicted_assessor"} | ADMIN,
    "quality_assurance": AUTHORS | OFFICERS | {"assessor"} | ADMIN,
    "returned": AUTHORS | OFFICERS | ADMIN,
    "other_draft": frozenset({"other_lead"}) | ADMIN,
    # Withdrawn while still a draft, so never submitted, never shared (found by this matrix: the rule
    # read "not a draft" as "submitted"; it now asks whether it was submitted).
    "withdrawn_draft": AUTHORS | ADMIN,
}
OWNERS = {label: (frozenset({"other_lead"}) if label == "other_draft" else AUTHORS) for label in READERS}
EDITABLE = {"draft", "returned", "other_draft"}
# The secretary of the body owning the current stage (proposals.rules.can_act_for_current_stage).
DECIDERS = {
    "draft": frozenset(), "other_draft": frozenset(), "returned": frozenset(), "withdrawn_draft": frozenset(),
    "submitted": frozenset({"clg_secretary"}), "assessment": frozenset({"clg_secretary"}),
    "quality_assurance": frozenset({"icsmg_secretary"}),
}
# Scores (scoring.rules.can_view_scores): officers, the admin, assessors who have submitted theirs
# (the assessor scored the proposal at quality assurance), authors once released (none here).
SCORE_READERS = {
    "draft": ADMIN, "withdrawn_draft": ADMIN, "submitted": OFFICERS | ADMIN, "assessment": OFFICERS | ADMIN,
    "quality_assurance": OFFICERS | {"assessor"} | ADMIN,
}

# The bodies tried: the ICS Management Group (whose meetings are tried) and the Health Strategy Group.
# Its members see all its business, other committee officers its Part A business (governance.rules).
BODY_READERS = {"icsmg": OFFICERS | {"icsmg_member"} | ADMIN, "hsg": OFFICERS | ADMIN}
PART_B_READERS = frozenset({"icsmg_secretary", "icsmg_member"}) | ADMIN
BODY_SECRETARY = {"icsmg": frozenset({"icsmg_secretary"}) | ADMIN, "hsg": frozenset({"hsg_secretary"}) | ADMIN}

# The rules that name only the authors (`proposals.edit_proposal`, `proposals.submit_proposal`) or
# the assessor (`scoring.view_assessment`) hold for the admin too (see the module's docstring).
ADMIN_BYPASSES_RULES = frozenset()
# A provider selection (procurement) decided by the Joint CCG Committee: its record is read by those who may read
# the proposal (the assessor scored it), and by the committee's members, who decide; its authors prepare it; the
# committee's secretary (or the admin) runs the decision, the standstill and the award; the representations made
# in the standstill are for the decision-makers alone.
SELECTION_READERS = AUTHORS | OFFICERS | frozenset({"assessor", "jcc_member"}) | ADMIN
SELECTION_EDITORS = AUTHORS | ADMIN
DECISION_MAKERS = frozenset({"jcc_member"}) | ADMIN


# -- Outcomes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    name: str
    description: str

    def __str__(self):
        return f"{self.name} ({self.description})"


OK = Outcome("OK", "GET 200; POST 200/302 with its effect")
LOGIN = Outcome("LOGIN", "302 to sign in")
DENIED = Outcome("DENIED", "403 or 404")
BOUNCE = Outcome("BOUNCE", "302 back to the proposal")
API_SIGN_IN = Outcome("API_SIGN_IN", "401 or 403: the API asks for a token or a session")
REFUSED = Outcome("REFUSED", "200/302 with nothing changed")
READINESS = Outcome("READINESS", "200 or 503, as the services are: no sign-in")


@dataclass(frozen=True)
class RedirectTo(Outcome):
    to: str = ""


TO_MY_PROPOSALS = RedirectTo("REDIRECT", "302 to My proposals", "proposals:mine")
TO_SIGN_IN = RedirectTo("REDIRECT", "302 to the sign-in page (signed out)", "login")
TO_ADMIN_INDEX = RedirectTo("REDIRECT", "302 to the admin index", "admin:index")
TO_SET_UP = RedirectTo("REDIRECT", "302 to set up an authenticator app", "accounts:two_factor_setup")
TO_SECURITY = RedirectTo("REDIRECT", "302 to the user's sign-in page", "accounts:security")


# The public site: the same for everyone, signed in or not.
PUBLIC = {role: OK for role in ROLES}
NOT_PUBLIC = {role: DENIED for role in ROLES}
ASKER = "matrix-asker@example.org"


def may(allowed, others=DENIED, **special):
    """role -> outcome: OK for the allowed roles, LOGIN for anonymous, `others` for the rest."""
    table = {role: OK if role in allowed else others for role in ROLES}
    table["anonymous"] = LOGIN
    table.update(special)
    return table


def reading(label):
    return may(READERS[label])


def editing(label):
    """A business case page: its authors while it is a draft or returned; an author of a proposal
    that has moved on is sent back to it; everyone else 403, or 404 if they may not read it."""
    editors = (OWNERS[label] if label in EDITABLE else frozenset()) | ADMIN_BYPASSES_RULES
    table = may(editors)
    for role in OWNERS[label] - editors:
        table[role] = BOUNCE
    return table


def deciding(label):
    return may(DECIDERS[label] | ADMIN)


# -- The table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One URL of a row, tried by every role."""

    label: str
    method: str
    args: object  # world -> URL args
    expect: dict  # role -> Outcome
    data: object = None  # world -> POST data
    effect: object = None  # (world, user, response) -> truthy once an allowed POST has done its work
    fresh_client: bool = False  # the request changes the session (signing out)
    query: object = None  # world -> the query string's parameters (a GET form's fields)


def get(label, args, expect, query=None):
    return Case(label, "get", args, expect, query=query)


def post(label, args, expect, data=lambda w: {}, effect=None, **kwargs):
    return Case(label, "post", args, expect, data, effect, **kwargs)


def ref(label):
    return lambda w: [w.p[label].reference]


def state_is(label, state):
    return lambda w, user, response: Proposal.objects.get(pk=w.p[label].pk).state == state


def redirects_to_meeting(w, user, response):
    return response.status_code == 302 and response.url == reverse("governance:meeting", args=[w.meeting.pk])


def formset_data(formset, **changes):
    """What the browser posts back for a formset as it is rendered, with some values changed."""
    data = {f"{formset.prefix}-{name}": value for name, value in formset.management_form.initial.items()}
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False and value != "":
                data[form.add_prefix(name)] = value
    return {**data, **changes}


def gate_args(label):
    return lambda w: [w.p[label].reference, "qia"]


def finance_data(w, proposal):
    return {"finance_summary": "Savings from one diagnostic pathway across the ICS.",
            **formset_data(FinanceLineFormSet(instance=proposal, prefix="finance_lines"))}


def risks_data(w, proposal):
    return formset_data(RiskFormSet(instance=proposal, prefix="risks"), **{"risks-0-description": "Matrix risk"})


def details_data(w, proposal):
    return {"title": "Matrix renamed proposal", "sponsoring_workstream": w.workstream.pk,
            "service_area": ServiceArea.STROKE, "places": [w.place.pk], "add_co_authors": [w.users["other_lead"].pk]}


def business_case_page(data, changed, section=(), submitting=False):
    """A page of the business case, opened and posted on a draft (its authors change it) and on a
    submitted proposal (no author may: they are sent back to it). `data(world, proposal)` is what the
    page posts; `changed(proposal)` says whether the post made its change."""
    cases = []
    for label in ("draft", "submitted"):
        expect = editing(label)
        if submitting and label == "submitted" and "admin" in ADMIN_BYPASSES_RULES:
            expect = {**expect, "admin": REFUSED}  # let in (superuser), but a submitted proposal is not submitted again
        cases += [
            get(label, lambda w, label=label: [w.p[label].reference, *section], editing(label)),
            post(label, lambda w, label=label: [w.p[label].reference, *section], expect,
                 data=lambda w, label=label: data(w, Proposal.objects.get(pk=w.p[label].pk)),
                 effect=lambda w, u, r, label=label: changed(Proposal.objects.get(pk=w.p[label].pk))),
        ]
    return cases


def triage_answers(w):
    """What the secretary's triage form posts."""
    return {"nationally_described": "True", "vulnerability_across_icps": "True"}


def agenda_moved(w, item):
    """Moving an item answers with the agenda editor; a first item cannot go up nor a last one down,
    and either way the agenda keeps every item once."""
    orders = list(w.meeting.items.order_by("order").values_list("order", flat=True))
    return len(orders) == len(set(orders)) and w.meeting.items.filter(pk=getattr(w, item).pk).exists()


def icsmg_membership(w):
    return w.bodies["icsmg"].memberships.get(user=w.users["icsmg_member"])


def interest_on(item):
    return lambda w, u, r: ItemInterest.objects.filter(item=getattr(w, item), interest="Matrix interest").exists()


TABLE = {
    # -- The root
    "home": [get("", lambda w: [], {role: TO_MY_PROPOSALS for role in SIGNED_IN} | {"anonymous": LOGIN})],
    "login": [get("", lambda w: [], may(SIGNED_IN, anonymous=OK))],
    "logout": [post("", lambda w: [], {role: TO_SIGN_IN for role in ROLES}, fresh_client=True)],
    # -- Signing in with the organisation's account (not configured here) and the second factor. The admin
    # (staff) has an authenticator app, given this session; nobody else has one.
    "accounts:organisation_sign_in": [get("not configured", lambda w: [], NOT_PUBLIC)],
    "accounts:organisation_callback": [get("no sign-in begun", lambda w: [], NOT_PUBLIC)],
    "accounts:signed_out": [get("", lambda w: [], PUBLIC)],
    "accounts:two_factor": [
        get("", lambda w: [], may(ADMIN, others=TO_SET_UP)),
        post("a wrong code", lambda w: [], may(frozenset(), others=TO_SET_UP, admin=REFUSED),
             data=lambda w: {"code": "not-a-code"}),
    ],
    "accounts:two_factor_setup": [get("", lambda w: [], may(SIGNED_IN))],
    "accounts:security": [get("", lambda w: [], may(SIGNED_IN))],
    "accounts:recovery_codes": [
        get("check step", lambda w: [], may(ADMIN, others=TO_SECURITY)),
        post("", lambda w: [], may(ADMIN, others=TO_SECURITY),
             effect=lambda w, u, r: StaticToken.objects.filter(device__user=u).count() == 10),
    ],
    # -- The health endpoints, for the container runtime and monitoring: anyone, signed in or not
    "health-live": [get("", lambda w: [], may(SIGNED_IN, anonymous=OK))],
    "health-ready": [get("", lambda w: [], {role: READINESS for role in ROLES})],
    "session": [
        get("", lambda w: [], may(SIGNED_IN)),
        post("stay signed in", lambda w: [], may(SIGNED_IN),
             effect=lambda w, u, r: r.json() == {"seconds_left": settings.SESSION_IDLE_TIMEOUT}),
    ],
    # -- Proposals: lists, the guide, starting one
    "proposals:list": [get("", lambda w: [], may(SIGNED_IN))],
    "proposals:mine": [get("", lambda w: [], may(SIGNED_IN))],
    "proposals:how_it_works": [get("", lambda w: [], may(SIGNED_IN))],
    # Search: everyone signed in, finding only what they may read. The drafts' secret words are in
    # their titles, so "draft" finds them for their readers; the Part B minute's words, all but its secret.
    "proposals:search": [
        get("", lambda w: [], may(SIGNED_IN)),
        get("?q=draft", lambda w: [], may(SIGNED_IN), query=lambda w: {"q": "draft"}),
        get("?q=settlement figures", lambda w: [], may(SIGNED_IN), query=lambda w: {"q": "settlement figures"}),
    ],
    "proposals:create": [
        get("", lambda w: [], may(SIGNED_IN)),
        post("", lambda w: [], may(SIGNED_IN),
             data=lambda w: {"title": "Matrix new proposal", "sponsoring_workstream": w.workstream.pk,
                             "service_area": ServiceArea.CARDIOLOGY, "places": [w.place.pk]},
             effect=lambda w, u, r: Proposal.objects.filter(title="Matrix new proposal", lead_author=u).exists()),
    ],
    # -- The pipeline: committee officers
    "proposals:pipeline": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    "proposals:pipeline_list": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    "proposals:pipeline_csv": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    # The pipeline's figures: the same people as the pipeline.
    "analytics:figures": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    "analytics:figures_csv": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    # -- A proposal
    "proposals:detail": [get(label, ref(label), reading(label)) for label in READERS],
    "proposals:triage": [
        get("submitted", ref("submitted"), deciding("submitted")),
        # The triage page is for a proposal awaiting triage (or referred to place, to reopen).
        get("assessment", ref("assessment"), may(frozenset())),
        get("draft", ref("draft"), may(frozenset())),
    ],
    "proposals:record_triage": [
        post("submitted", ref("submitted"), deciding("submitted"), data=triage_answers,
             effect=lambda w, u, r: w.p["submitted"].triage_answers.filter(
                 question=TriageQuestion.NATIONALLY_DESCRIBED, answer=True, answered_by=u).exists()),
        # Triage answers are recorded only while the proposal is submitted: refused for everyone.
        post("assessment", ref("assessment"), may(frozenset()), data=triage_answers),
    ],
    # Questions 1 and 2 point to ICS level: the assessing body scores it (question 3 comes after).
    "proposals:accept_for_assessment": [
        post("submitted", ref("submitted"), deciding("submitted"),
             data=lambda w: {"assessing_body": w.bodies["clg"].pk}, effect=state_is("submitted", S.ASSESSMENT)),
        post("assessment", ref("assessment"), may(frozenset()), data=lambda w: {"assessing_body": w.bodies["clg"].pk}),
    ],
    "proposals:refer_to_place_based": [
        post("submitted", ref("submitted"), may(frozenset(), clg_secretary=REFUSED, admin=REFUSED),
             data=lambda w: {"reason": "Matrix reason"}),
    ],
    # Reopened only once referred to place: a submitted proposal is refused.
    "proposals:reopen_triage": [
        post("submitted", ref("submitted"), may(frozenset(), clg_secretary=REFUSED, admin=REFUSED),
             data=lambda w: {"reason": "Matrix reason"}),
    ],
    "proposals:withdraw": [
        case
        for label in ("draft", "submitted", "other_draft")
        for case in (
            get(label, ref(label), may(READERS[label] & (OWNERS[label] | ADMIN))),
            post(label, ref(label), may(READERS[label] & (OWNERS[label] | ADMIN)), data=lambda w: {"reason": "Matrix"},
                 effect=state_is(label, S.WITHDRAWN)),
        )
    ],
    # -- The business case: its authors, while it is a draft or returned
    "proposals:tasks": [get(label, ref(label), editing(label)) for label in ("draft", "submitted", "returned", "other_draft")],
    "proposals:edit_details": business_case_page(
        details_data, lambda p: p.title == "Matrix renamed proposal" and p.co_authors.filter(username="other_lead").exists()),
    "proposals:edit_finance": business_case_page(
        finance_data, lambda p: p.outline["finance_summary"].startswith("Savings from one diagnostic pathway")),
    # The options appraisal is the full case's (economic case): no outline has one, so not found for anyone.
    # (An author of a submitted one is sent back to it, as from any business case page.)
    "proposals:edit_options": [get("draft", ref("draft"), may(frozenset())),
                               get("submitted", ref("submitted"), may(frozenset(), lead=BOUNCE, co_author=BOUNCE))],
    # What was submitted, and what changed between versions: whoever may read the proposal.
    "proposals:versions": [get(label, ref(label), reading(label)) for label in ("draft", "quality_assurance")],
    "proposals:version": [
        get("quality assurance's first", lambda w: [w.p["quality_assurance"].reference, 1],
            reading("quality_assurance")),
        get("the draft's (none yet)", lambda w: [w.p["draft"].reference, 1], may(frozenset())),
    ],
    "proposals:edit_risks": business_case_page(risks_data, lambda p: p.risks.filter(description="Matrix risk").exists()),
    "proposals:edit_triage": business_case_page(
        lambda w, p: {"nationally_described": "True", "vulnerability_across_icps": "True"},
        lambda p: p.triage_answers.get(question=TriageQuestion.NATIONALLY_DESCRIBED).answer is True),
    "proposals:edit_section": business_case_page(
        lambda w, p: {"summary": "A matrix summary of the case for change."},
        lambda p: p.summary.startswith("A matrix summary"), section=["summary"]),
    "proposals:attachments": business_case_page(
        lambda w, p: {"title": "Matrix appendix", "kind": AttachmentKind.APPENDIX,
                      "file": upload("appendix.pdf", PDF, "application/pdf")},
        lambda p: p.attachments.filter(title="Matrix appendix").exists()),
    "proposals:check": [
        *business_case_page(lambda w, p: {}, lambda p: p.state == S.SUBMITTED, submitting=True),
        post("returned (resubmit)", ref("returned"), editing("returned"), effect=state_is("returned", S.SUBMITTED)),
    ],
    "proposals:attachment": [
        get("draft's", lambda w: [w.p["draft"].reference, w.attachments["draft"].pk], reading("draft")),
        get("at quality assurance", lambda w: [w.p["quality_assurance"].reference,
                                               w.attachments["quality_assurance"].pk], reading("quality_assurance")),
        get("other lead's", lambda w: [w.p["other_draft"].reference, w.attachments["other_draft"].pk],
            reading("other_draft")),
        get("withdrawn draft's", lambda w: [w.p["withdrawn_draft"].reference, w.attachments["withdrawn_draft"].pk],
            reading("withdrawn_draft")),
        # Another proposal's attachment through the URL of one the user may read: never.
        get("draft's, by the other draft's URL", lambda w: [w.p["other_draft"].reference, w.attachments["draft"].pk],
            may(frozenset())),
    ],
    "proposals:remove_attachment": [
        *(post(label, lambda w, label=label: [w.p[label].reference, w.attachments[label].pk], editing(label),
               effect=lambda w, u, r, label=label: not Attachment.objects.filter(pk=w.attachments[label].pk).exists())
          for label in ("draft", "submitted")),
        post("draft's, by the other draft's URL", lambda w: [w.p["other_draft"].reference, w.attachments["draft"].pk],
             may(frozenset())),
    ],
    # -- Statutory-duty gates: its authors and the secretaries concerned name who signs; only they sign
    "governance:gate_signatory": [
        get("quality assurance's", gate_args("quality_assurance"),
            may(AUTHORS | {"clg_secretary", "icsmg_secretary"} | ADMIN)),
        post("quality assurance's", gate_args("quality_assurance"),
             may(AUTHORS | {"clg_secretary", "icsmg_secretary"} | ADMIN),
             data=lambda w: {"signatory": w.users["clg_secretary"].pk},
             effect=lambda w, u, r: GateSignatory.objects.get(proposal=w.p["quality_assurance"]).named_by == u),
        # A gate its route does not need: not found for anyone.
        get("the draft's", gate_args("draft"), may(frozenset())),
    ],
    "governance:gate_sign": [
        get("quality assurance's", gate_args("quality_assurance"), may({"clg_secretary"})),
        post("quality assurance's", gate_args("quality_assurance"), may({"clg_secretary"}),
             data=lambda w: dated({"valid_until": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
                             "note": "Matrix sign-off", "declaration": "on", "evidence": upload("qia2.pdf", PDF)}),
             effect=lambda w, u, r: GateSignOff.objects.filter(note="Matrix sign-off", uploaded_by=u).exists()),
    ],
    "governance:gate_evidence": [
        get("quality assurance's", lambda w: [w.p["quality_assurance"].reference, w.sign_off.pk],
            reading("quality_assurance")),
        get("by another proposal's URL", lambda w: [w.p["draft"].reference, w.sign_off.pk], may(frozenset())),
    ],
    # -- Provider selection (procurement)
    "procurement:selection": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_READERS)),
        get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(SELECTION_READERS)),
        # Not started: its authors (and the admin) are offered to start it; for anyone else there is nothing.
        get("not started", lambda w: [w.unstarted.reference], may(SELECTION_EDITORS)),
    ],
    "procurement:start": [
        post("not started", lambda w: [w.unstarted.reference], may(SELECTION_EDITORS),
             effect=lambda w, u, r: ProviderSelection.objects.filter(proposal=w.unstarted).exists()),
    ],
    "procurement:process": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS)),
        post("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS),
             data=lambda w: {"process": "most_suitable", "conditions": conditions("most_suitable"),
                             "justification": "Matrix justification"},
             effect=lambda w, u, r: ProviderSelection.objects.get(pk=w.selection.pk).justification
             == "Matrix justification"),
        # Once decided, nobody changes it.
        post("in standstill", lambda w: [w.in_standstill.proposal.reference], may(frozenset()),
             data=lambda w: {"process": "most_suitable", "conditions": conditions("most_suitable"),
                             "justification": "Matrix justification"}),
    ],
    "procurement:contract": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS)),
        post("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS),
             data=lambda w: dated({"contract_title": "Matrix contract", "services": "Matrix services",
                                   "estimated_value": "1,000", "contract_starts": "", "contract_ends": "",
                                   "reasons": ""}),
             effect=lambda w, u, r: ProviderSelection.objects.get(pk=w.selection.pk).contract_title
             == "Matrix contract"),
    ],
    "procurement:providers": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS)),
        post("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS),
             data=lambda w: {"name": "Matrix provider", "address": "1 Matrix Road"},
             effect=lambda w, u, r: Provider.objects.filter(selection=w.selection, name="Matrix provider").exists()),
    ],
    "procurement:remove_provider": [
        get("being prepared", lambda w: [w.selection.proposal.reference, w.provider.pk], may(SELECTION_EDITORS)),
        post("being prepared", lambda w: [w.selection.proposal.reference, w.provider.pk], may(SELECTION_EDITORS),
             data=lambda w: {"confirmed": "yes"},
             effect=lambda w, u, r: not Provider.objects.filter(pk=w.provider.pk).exists()),
    ],
    "procurement:weights": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS)),
        post("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS),
             data=lambda w: {**WEIGHTS, "quality": 40, "access": 10, "social_value": 5},
             effect=lambda w, u, r: w.selection.weights.get(criterion="quality").weight == 40),
    ],
    "procurement:name_assessor": [
        post("being prepared", lambda w: [w.selection.proposal.reference], may(SELECTION_EDITORS),
             data=lambda w: {"assessor": w.users["conflicted_assessor"].pk},
             effect=lambda w, u, r: ProviderAssessment.objects.filter(
                 selection=w.selection, assessor=w.users["conflicted_assessor"]).exists()),
    ],
    "procurement:assessment": [
        get("named assessor", lambda w: [w.selection_assessment.pk], may({"assessor"})),
        post("named assessor", lambda w: [w.selection_assessment.pk], may({"assessor"}),
             data=lambda w: {"has_interest": "False"},
             effect=lambda w, u, r: ProviderAssessment.objects.get(pk=w.selection_assessment.pk).has_interest
             is False),
    ],
    "procurement:table": [
        get("being prepared", lambda w: [w.selection.proposal.reference], may(ADMIN)),
        # Not scored yet: the admin is let in, and refused.
        post("being prepared", lambda w: [w.selection.proposal.reference], may(frozenset(), admin=REFUSED),
             data=lambda w: {"meeting": w.jcc_meeting.pk, "part": "B"}),
    ],
    "procurement:notice": [get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(SELECTION_READERS))],
    "procurement:standstill": [
        get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(ADMIN)),
        post("in standstill", lambda w: [w.in_standstill.proposal.reference], may(frozenset(), admin=REFUSED),
             data=lambda w: {**dated({"published_on": w.in_standstill.notice_published_on}), "confirmed": "yes"}),
    ],
    "procurement:representations": [
        get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(DECISION_MAKERS)),
        post("in standstill", lambda w: [w.in_standstill.proposal.reference], may(ADMIN),
             data=lambda w: dated({"provider_name": "Matrix provider", "received_on": w.representation.received_on,
                                   "summary": "Matrix representation"}),
             effect=lambda w, u, r: Representation.objects.filter(summary="Matrix representation").exists()),
    ],
    "procurement:respond": [
        get("open", lambda w: [w.in_standstill.proposal.reference, w.representation.pk], may(ADMIN)),
        post("open", lambda w: [w.in_standstill.proposal.reference, w.representation.pk], may(ADMIN),
             data=lambda w: {**dated({"response": "Matrix response", "outcome": "proceed",
                                      "communicated_on": timezone.localdate()}), "confirmed": "yes"},
             effect=lambda w, u, r: Representation.objects.get(pk=w.representation.pk).outcome == "proceed"),
    ],
    # A representation is open: neither the award nor abandoning it can be recorded yet.
    "procurement:award": [
        get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(ADMIN)),
        post("in standstill", lambda w: [w.in_standstill.proposal.reference], may(frozenset(), admin=REFUSED),
             data=lambda w: {**dated({"awarded_on": timezone.localdate()}), "confirmed": "yes"}),
    ],
    "procurement:abandon": [
        get("in standstill", lambda w: [w.in_standstill.proposal.reference], may(ADMIN)),
        post("in standstill", lambda w: [w.in_standstill.proposal.reference], may(frozenset(), admin=REFUSED),
             data=lambda w: {"reason": "Matrix abandoning", "confirmed": "yes"}),
    ],
    "procurement:annual_summary": [get("", lambda w: [], may(OFFICERS | ADMIN))],
    # -- Scoring
    "scoring:mine": [get("", lambda w: [], may(SIGNED_IN))],
    "scoring:assessment": [
        get("assessor's draft", lambda w: [w.assessment.pk], may({"assessor"} | ADMIN_BYPASSES_RULES)),
        get("conflicted", lambda w: [w.conflicted.pk], may({"conflicted_assessor"} | ADMIN_BYPASSES_RULES)),
        post("assessor's draft", lambda w: [w.assessment.pk], may({"assessor"}), data=lambda w: w.score_data,
             effect=lambda w, u, r: CategoryScore.objects.filter(assessment=w.assessment,
                                                                 rationale="Matrix rationale").exists()),
        # An assessor who declared an interest does not score: refused even on their own assessment.
        post("conflicted", lambda w: [w.conflicted.pk], may(frozenset()), data=lambda w: w.score_data),
    ],
    "scoring:declare_interest": [
        # Only the assessor declares on their own assessment (anyone else: not even shown it).
        post("assessor's draft", lambda w: [w.assessment.pk], may({"assessor"}), data=lambda w: {"has_interest": "False"},
             effect=lambda w, u, r: Assessment.objects.get(pk=w.assessment.pk).has_interest is False),
    ],
    "scoring:reopen": [
        post("submitted assessment", lambda w: [w.submitted_assessment.pk], deciding("assessment"),
             data=lambda w: {"reason": "Matrix reopening"},
             effect=lambda w, u, r: Assessment.objects.get(pk=w.submitted_assessment.pk).status == "draft"),
    ],
    "scoring:summary": [
        get(label, ref(label), may(SCORE_READERS[label] & READERS[label]))
        for label in ("draft", "withdrawn_draft", "submitted", "assessment", "quality_assurance")
    ],
    "scoring:release": [
        post("assessment", ref("assessment"), deciding("assessment"),
             effect=lambda w, u, r: ScoreRelease.objects.filter(proposal=w.p["assessment"]).exists()),
        # Scoring is managed only while the proposal is in assessment: refused for everyone after.
        post("quality assurance", ref("quality_assurance"), may(frozenset())),
    ],
    "scoring:assign": [
        post("assessment", ref("assessment"), deciding("assessment"),
             data=lambda w: {"assessor": w.users["assessor"].pk},
             effect=lambda w, u, r: Assessment.objects.filter(proposal=w.p["assessment"],
                                                              assessor=w.users["assessor"]).exists()),
        post("quality assurance", ref("quality_assurance"), may(frozenset()),
             data=lambda w: {"assessor": w.users["assessor"].pk}),
    ],
    "scoring:moderate": [
        post("assessment", ref("assessment"), deciding("assessment"),
             data=lambda w: {"category": w.assessment.rubric.categories.first().pk, "score": "3.0",
                             "reason": "Matrix moderation"},
             effect=lambda w, u, r: ModeratedScore.objects.filter(proposal=w.p["assessment"]).exists()),
    ],
    # Let in, but not every assessor has submitted: refused.
    "scoring:complete": [
        post("assessment", ref("assessment"), may(frozenset(), clg_secretary=REFUSED, admin=REFUSED)),
    ],
    # Return, refer or reject: a check step, then done.
    "scoring:decide": [
        post("check step", ref("assessment"), deciding("assessment"),
             data=lambda w: {"decision": "reject", "reasons": "Matrix reasons"},
             effect=lambda w, u, r: b"This cannot be undone" in r.content and state_is("assessment", S.ASSESSMENT)(w, u, r)),
        *[post(f"confirmed: {decision}", ref("assessment"), deciding("assessment"),
               data=lambda w, decision=decision: {"decision": decision, "reasons": "Matrix reasons", "confirmed": "yes"},
               effect=state_is("assessment", outcome))
          for decision, outcome in [("return", S.RETURNED), ("not_supported", S.PLACE_BASED), ("reject", S.REJECTED)]],
    ],
    # -- Governance: lists
    "governance:bodies": [get("", lambda w: [], may(SIGNED_IN))],
    "governance:my_meetings": [get("", lambda w: [], may(SIGNED_IN))],
    "governance:decision_log": [get("", lambda w: [], may(SIGNED_IN))],
    "governance:decision_log_csv": [get("", lambda w: [], may(SIGNED_IN))],
    # -- A body
    "governance:body": [
        get(body, lambda w, body=body: [w.bodies[body].pk], may(BODY_READERS[body])) for body in BODY_READERS
    ],
    "governance:arrange_meeting": [
        post(body, lambda w, body=body: [w.bodies[body].pk], may(BODY_SECRETARY[body]),
             data=lambda w: dated({"starts_at": "2030-01-14 14:00", "location": "Matrix room"}),
             effect=lambda w, u, r, body=body: w.bodies[body].meetings.filter(location="Matrix room").exists())
        for body in BODY_READERS
    ],
    "governance:register_interest": [
        post("icsmg", lambda w: [w.bodies["icsmg"].pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: dated({"member": w.users["icsmg_member"].pk, "interest": "Matrix register",
                             "declared_from": "2026-01-01"}),
             effect=lambda w, u, r: w.bodies["icsmg"].registered_interests.filter(interest="Matrix register").exists()),
    ],
    "governance:programme": [
        get(body, lambda w, body=body: [w.bodies[body].pk], may(BODY_READERS[body])) for body in BODY_READERS
    ],
    # Roles on a body: its secretary (or the admin) gives and ends them.
    "governance:give_role": [
        post("icsmg", lambda w: [w.bodies["icsmg"].pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"email": w.users["jcc_member"].email, "role": MembershipRole.MEMBER},
             effect=lambda w, u, r: w.bodies["icsmg"].memberships.filter(user=w.users["jcc_member"]).exists()),
    ],
    "governance:end_role": [
        get("check step", lambda w: [w.bodies["icsmg"].pk, icsmg_membership(w).pk], may(BODY_SECRETARY["icsmg"])),
        post("", lambda w: [w.bodies["icsmg"].pk, icsmg_membership(w).pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: not w.bodies["icsmg"].memberships.filter(user=w.users["icsmg_member"]).exists()),
        get("another body's member", lambda w: [w.bodies["icsmg"].pk, w.bodies["hsg"].memberships.first().pk],
            may(frozenset())),
    ],
    "governance:programme_add": [
        post("icsmg", lambda w: [w.bodies["icsmg"].pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"proposal": w.p["quality_assurance"].pk, "meeting": w.later.pk},
             effect=lambda w, u, r: w.later.items.filter(proposal=w.p["quality_assurance"]).exists()),
    ],
    # A place-based referral's barriers: escalated by the referring body's secretary (the CLG's), put on an
    # agenda by the receiving body's.
    "governance:escalate": [
        get("referred to place", lambda w: [w.referred.reference], may({"clg_secretary"} | ADMIN)),
        post("referred to place", lambda w: [w.referred.reference], may({"clg_secretary"} | ADMIN),
             data=lambda w: {"body": w.bodies["icsmg"].pk, "barriers": "Matrix barriers", "confirmed": "yes"},
             effect=lambda w, u, r: Escalation.objects.filter(raised_by=u, barriers="Matrix barriers").exists()),
        get("at quality assurance (nothing to escalate)", ref("quality_assurance"), may(frozenset())),
    ],
    "governance:escalation_to_meeting": [
        post("icsmg's", lambda w: [w.bodies["icsmg"].pk, w.escalation.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"meeting": w.later.pk},
             effect=lambda w, u, r: Escalation.objects.get(pk=w.escalation.pk).item.meeting == w.later),
        # Through another body's programme: not found.
        post("by the hsg's URL", lambda w: [w.bodies["hsg"].pk, w.escalation.pk], may(frozenset()),
             data=lambda w: {"meeting": w.later.pk}),
    ],
    "governance:action_log": [
        get(body, lambda w, body=body: [w.bodies[body].pk], may(BODY_READERS[body])) for body in BODY_READERS
    ],
    # -- A meeting of the ICS Management Group (and its held meeting)
    "governance:meeting": [
        get("coming", lambda w: [w.meeting.pk], may(BODY_READERS["icsmg"])),
        get("held", lambda w: [w.held.pk], may(BODY_READERS["icsmg"])),
    ],
    # The meeting's life cycle: each move has a check page, then its post.
    "governance:meeting_publish": [
        get("later (draft)", lambda w: [w.later.pk], may(BODY_SECRETARY["icsmg"])),
        # Its packs were never built: the papers cannot be issued, and the page says why.
        post("later: no pack built", lambda w: [w.later.pk], may(frozenset(), icsmg_secretary=REFUSED, admin=REFUSED)),
    ],
    "governance:meeting_open": [
        get("begun (papers issued)", lambda w: [w.begun.pk], may(BODY_SECRETARY["icsmg"])),
        post("begun", lambda w: [w.begun.pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: Meeting.objects.get(pk=w.begun.pk).status == MeetingStatus.IN_SESSION),
        # The coming meeting has not begun: it cannot be opened yet.
        post("coming: not begun", lambda w: [w.meeting.pk], may(frozenset(), icsmg_secretary=REFUSED, admin=REFUSED)),
    ],
    "governance:meeting_close": [
        get("in session", lambda w: [w.in_session.pk], may(BODY_SECRETARY["icsmg"])),
        post("in session", lambda w: [w.in_session.pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: Meeting.objects.get(pk=w.in_session.pk).status == MeetingStatus.HELD),
    ],
    "governance:meeting_cancel": [
        get("later", lambda w: [w.later.pk], may(BODY_SECRETARY["icsmg"])),
        post("later", lambda w: [w.later.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"reason": "Matrix cancellation"},
             effect=lambda w, u, r: Meeting.objects.get(pk=w.later.pk).status == MeetingStatus.CANCELLED),
    ],
    "governance:meeting_postpone": [
        get("later", lambda w: [w.later.pk], may(BODY_SECRETARY["icsmg"])),
        post("later", lambda w: [w.later.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: dated({"starts_at": "2030-02-20 10:00", "reason": "Matrix postponement"}),
             effect=lambda w, u, r: Meeting.objects.get(pk=w.later.pk).postponed_to is not None),
    ],
    "governance:chairs_action": [
        get("proposal at quality assurance", lambda w: [w.bodies["icsmg"].pk, w.p["quality_assurance"].pk],
            may(BODY_SECRETARY["icsmg"])),
        post("proposal at quality assurance", lambda w: [w.bodies["icsmg"].pk, w.p["quality_assurance"].pk],
             may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"outcome": "returned", "concurring_member": w.users["icsmg_member"].pk,
                             "reason": "Matrix urgency", "minute": "Matrix reasons", "part": "A", "confirmed": "yes"},
             effect=lambda w, u, r: ChairsAction.objects.filter(reason="Matrix urgency").exists()),
        # A proposal the body does not decide now: not found through its URL.
        get("proposal in assessment", lambda w: [w.bodies["icsmg"].pk, w.p["assessment"].pk], may(frozenset())),
    ],
    "governance:ratify": [
        get("in session: a chair's action", lambda w: [w.in_session.pk, w.chairs_action_item.pk],
            may(BODY_SECRETARY["icsmg"])),
        post("in session: a chair's action", lambda w: [w.in_session.pk, w.chairs_action_item.pk],
             may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: ChairsAction.objects.get(item=w.chairs_action_item).is_ratified),
        post("a paper, not a chair's action", lambda w: [w.in_session.pk, w.in_session_paper.pk], may(frozenset())),
    ],
    "governance:agenda": [
        get("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"])),
    ],
    "governance:agenda_add_paper": [
        post("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"paper-title": "Matrix paper", "paper-purpose": "information", "paper-part": "A",
                             "paper-asks": "note"},
             effect=lambda w, u, r: w.meeting.items.filter(title="Matrix paper").exists()),
    ],
    "governance:cover_sheet": [
        *(case for item in ("item_a", "item_b") for case in (
            get(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
                may(BODY_SECRETARY["icsmg"])),
            post(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
                 may(BODY_SECRETARY["icsmg"]),
                 data=lambda w: {"title": "Matrix cover sheet", "purpose": "discussion", "asks": ["consider"],
                                 "next_steps": "Matrix next steps"},
                 effect=lambda w, u, r, item=item: (lambda paper: (paper.title, paper.asks))(
                     AgendaItem.objects.get(pk=getattr(w, item).pk)) == ("Matrix cover sheet", ["consider"])),
        )),
        # A decided paper's cover sheet stays as it was decided on: the page says so and changes nothing.
        get("held: a decided paper", lambda w: [w.held.pk, w.held_a.pk], may(BODY_SECRETARY["icsmg"])),
        post("held: a decided paper", lambda w: [w.held.pk, w.held_a.pk],
             may(frozenset(), icsmg_secretary=REFUSED, admin=REFUSED),
             data=lambda w: {"title": "Matrix cover sheet", "purpose": "information", "asks": ["note"]}),
        # Another body's item through this meeting's URL: never.
        get("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset())),
        post("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset()),
             data=lambda w: {"title": "Matrix cover sheet", "purpose": "information", "asks": ["note"]}),
    ],
    "governance:agenda_add_proposal": [
        post("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"proposal-proposal": w.p["quality_assurance"].pk, "proposal-part": "A"},
             effect=lambda w, u, r: w.meeting.items.filter(proposal=w.p["quality_assurance"]).exists()),
    ],
    "governance:attach_document": [
        post(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
             may(BODY_SECRETARY["icsmg"]),
             data=lambda w, item=item: {f"document-{getattr(w, item).pk}-title": "Matrix document",
                                        f"document-{getattr(w, item).pk}-file": upload("m.pdf", PDF, "application/pdf")},
             effect=lambda w, u, r, item=item: getattr(w, item).documents.filter(title="Matrix document").exists())
        for item in ("item_a", "item_b")
    ],
    **{f"governance:move_item_{way}": [
        post(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
             may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r, item=item: agenda_moved(w, item))
        for item in ("item_a", "item_b")
    ] for way in ("up", "down")},
    "governance:remove_item": [
        get("check step", lambda w: [w.meeting.pk, w.item_a.pk], may(BODY_SECRETARY["icsmg"])),
        post("not confirmed", lambda w: [w.meeting.pk, w.item_a.pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: b"Remove the item" in r.content and w.meeting.items.filter(pk=w.item_a.pk).exists()),
    ] + [
        post(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
             may(BODY_SECRETARY["icsmg"]), data=lambda w: {"confirmed": "yes"},
             effect=lambda w, u, r, item=item: not w.meeting.items.filter(pk=getattr(w, item).pk).exists())
        for item in ("item_a", "item_b")
    ] + [
        # Another body's item through this meeting's URL: never.
        post("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset())),
    ],
    "governance:attendance": [
        get("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"])),
        # Attendance is recorded at the meeting, not ahead of it.
        post("coming", lambda w: [w.meeting.pk], may(frozenset(), icsmg_secretary=REFUSED, admin=REFUSED),
             data=lambda w: {f"member_{w.users['icsmg_member'].pk}": AttendanceStatus.PRESENT}),
        post("in session", lambda w: [w.in_session.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {f"member_{w.users['icsmg_member'].pk}": AttendanceStatus.PRESENT},
             effect=lambda w, u, r: Attendance.objects.filter(meeting=w.in_session,
                                                              user=w.users["icsmg_member"]).exists()),
    ],
    "governance:decision": [
        *(case for item in ("item_a", "item_b") for case in (
            get(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
                may(BODY_SECRETARY["icsmg"])),
            # The coming meeting has not begun: its secretary is let in, and no decision is recorded yet.
            post(f"Part {item[-1].upper()} paper", lambda w, item=item: [w.meeting.pk, getattr(w, item).pk],
                 may(frozenset(), icsmg_secretary=REFUSED, admin=REFUSED),
                 data=lambda w: {"outcome": "noted", "minute": "Matrix minute", "confirmed": "yes"}),
        )),
        # Another body's item through this meeting's URL: never.
        get("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset())),
        post("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset()),
             data=lambda w: {"outcome": "noted", "minute": "Matrix minute", "confirmed": "yes"}),
    ],
    "governance:interest": [
        # Once the papers are issued a member gives notice of their own interest; the secretary records
        # anyone's at the meeting, not before it. Other committee officers may see the Part A item but
        # are not members, so the form refuses them.
        post("Part A paper", lambda w: [w.meeting.pk, w.item_a.pk],
             may(PART_B_READERS, clg_secretary=REFUSED, hsg_secretary=REFUSED, icsmg_secretary=REFUSED,
                 admin=REFUSED),
             data=lambda w: {"member": w.users["icsmg_member"].pk, "interest": "Matrix interest"},
             effect=interest_on("item_a")),
        post("Part B paper", lambda w: [w.meeting.pk, w.item_b.pk],
             may(PART_B_READERS, icsmg_secretary=REFUSED, admin=REFUSED),
             data=lambda w: {"member": w.users["icsmg_member"].pk, "interest": "Matrix interest"},
             effect=interest_on("item_b")),
        post("in session", lambda w: [w.in_session.pk, w.in_session_paper.pk],
             may(PART_B_READERS, clg_secretary=REFUSED, hsg_secretary=REFUSED),
             data=lambda w: {"member": w.users["icsmg_member"].pk, "interest": "Matrix interest"},
             effect=lambda w, u, r: w.in_session_paper.interests.exists()),
        post("another meeting's item", lambda w: [w.meeting.pk, w.elsewhere_item.pk], may(frozenset()),
             data=lambda w: {"member": w.users["icsmg_member"].pk, "interest": "Matrix interest"}),
    ],
    "governance:paper_document": [
        get("Part A", lambda w: [w.meeting.pk, w.item_a.pk, w.document_a.pk], may(BODY_READERS["icsmg"])),
        get("Part B", lambda w: [w.meeting.pk, w.item_b.pk, w.document_b.pk], may(PART_B_READERS)),
        get("Part B document by the Part A item's URL", lambda w: [w.meeting.pk, w.item_a.pk, w.document_b.pk],
            may(frozenset())),
    ],
    "governance:raise_action": [
        post(f"held: Part {item[-1].upper()} decision", lambda w, item=item: [w.held.pk, getattr(w, item).pk],
             may(BODY_SECRETARY["icsmg"]),
             data=lambda w: dated({"description": "Matrix action", "owner": w.users["icsmg_member"].pk,
                             "due_on": "2030-01-31"}),
             effect=lambda w, u, r, item=item: Action.objects.filter(decision__item=getattr(w, item),
                                                                     description="Matrix action").exists())
        for item in ("held_a", "held_b")
    ],
    "governance:minutes": [
        get("held", lambda w: [w.held.pk], may(BODY_READERS["icsmg"])),
        post("held", lambda w: [w.held.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"opening": "Matrix opening", "closing": ""},
             effect=lambda w, u, r: Minutes.objects.get(pk=w.minutes.pk).opening == "Matrix opening"),
    ],
    "governance:draft_minutes": [
        # The held meeting's minutes are started already: starting again keeps them as they are.
        post("held", lambda w: [w.held.pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: Minutes.objects.filter(meeting=w.held).count() == 1),
    ],
    "governance:print_minutes": [
        post("held", lambda w: [w.held.pk], may(BODY_SECRETARY["icsmg"]),
             effect=lambda w, u, r: r.status_code == 302),
    ],
    "governance:minutes_pdf": [
        get("held: public", lambda w: [w.held.pk, "a"], may(BODY_READERS["icsmg"])),
        get("held: confidential", lambda w: [w.held.pk, "b"], may(PART_B_READERS)),
        get("held: no such part", lambda w: [w.held.pk, "c"], may(frozenset())),
    ],
    "governance:minutes_to_agenda": [
        post("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"]), data=lambda w: {"minutes": w.minutes.pk},
             effect=lambda w, u, r: w.meeting.items.filter(approves=w.minutes).exists()),
    ],
    "governance:pack_status": [
        get("Part A", lambda w: [w.meeting.pk, "a"], may(BODY_READERS["icsmg"])),
        get("Part B", lambda w: [w.meeting.pk, "b"], may(PART_B_READERS)),
    ],
    "governance:pack_build": [
        # Nothing has changed since the packs were built, so the build answers with the current pack.
        post("Part A", lambda w: [w.meeting.pk, "a"], may(BODY_SECRETARY["icsmg"]), effect=redirects_to_meeting),
        post("Part B", lambda w: [w.meeting.pk, "b"], may(BODY_SECRETARY["icsmg"]), effect=redirects_to_meeting),
    ],
    "governance:pack_download": [
        get("Part A", lambda w: [w.meeting.pk, "a"], may(BODY_READERS["icsmg"])),
        get("Part B", lambda w: [w.meeting.pk, "b"], may(PART_B_READERS)),
        # The part is checked before the user: a 404 even for anonymous, which says nothing.
        get("no such part", lambda w: [w.meeting.pk, "c"], may(frozenset(), anonymous=DENIED)),
    ],
    # -- Questions from the public, moderated by the body's secretary
    "governance:public_questions": [
        get("coming", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"])),
        post("set the deadline", lambda w: [w.meeting.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: dated({"closes_at": timezone.localtime(w.meeting.starts_at - datetime.timedelta(hours=3))
                             .strftime("%Y-%m-%d %H:%M")}),
             effect=lambda w, u, r: Meeting.objects.get(pk=w.meeting.pk).questions_close_at
             == (w.meeting.starts_at - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)),
    ],
    "governance:moderate_question": [
        get("", lambda w: [w.meeting.pk, w.question.pk], may(BODY_SECRETARY["icsmg"])),
        post("accept", lambda w: [w.meeting.pk, w.question.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"status": "accepted", "answer": "Yes, from April."},
             effect=lambda w, u, r: PublicQuestion.objects.get(pk=w.question.pk).status == "accepted"),
        # Through another meeting's URL: not found, even for its secretary.
        get("another meeting's", lambda w: [w.later.pk, w.question.pk], may(frozenset())),
    ],
    # -- Meetings in public: anyone, signed in or not; never a body that does not meet in public, a
    # meeting of another body, Part B, or minutes not yet approved.
    "public:index": [get("", lambda w: [], PUBLIC)],
    "public:accessibility": [get("", lambda w: [], PUBLIC)],
    **{name: [get("public body", lambda w: [w.bodies["icsmg"].pk], PUBLIC),
              get("private body", lambda w: [w.bodies["hsg"].pk], NOT_PUBLIC)]
       for name in ("public:body", "public:past_meetings", "public:decisions", "public:calendar", "public:papers_feed")},
    "public:meeting": [
        get("coming", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk], PUBLIC),
        get("draft", lambda w: [w.bodies["icsmg"].pk, w.later.pk], PUBLIC),
        get("another body's", lambda w: [w.bodies["icsmg"].pk, w.elsewhere_item.meeting_id], NOT_PUBLIC),
        get("private body", lambda w: [w.bodies["hsg"].pk, w.elsewhere_item.meeting_id], NOT_PUBLIC),
    ],
    "public:pack": [
        get("coming", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk], PUBLIC),
        get("draft", lambda w: [w.bodies["icsmg"].pk, w.later.pk], NOT_PUBLIC),
    ],
    "public:paper": [
        get("Part A", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk, w.item_a.pk], PUBLIC),
        get("Part B", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk, w.item_b.pk], NOT_PUBLIC),
    ],
    "public:paper_document": [
        get("Part A", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk, w.item_a.pk, 1], PUBLIC),
        get("Part B", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk, w.item_b.pk, 1], NOT_PUBLIC),
    ],
    "public:minutes": [
        get("approved", lambda w: [w.bodies["icsmg"].pk, w.approved.pk], PUBLIC),
        get("draft", lambda w: [w.bodies["icsmg"].pk, w.held.pk], NOT_PUBLIC),
    ],
    "public:ask": [
        get("coming", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk], PUBLIC),
        post("coming", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk], PUBLIC,
             data=lambda w: {"name": "Matrix public", "email": "public@example.org", "question": "Why?"},
             effect=lambda w, u, r: PublicQuestion.objects.filter(name="Matrix public").exists()),
        post("private body", lambda w: [w.bodies["hsg"].pk, w.elsewhere_item.meeting_id], NOT_PUBLIC,
             data=lambda w: {"name": "Matrix public", "email": "public@example.org", "question": "Why?"}),
    ],
    "public:question_sent": [get("", lambda w: [w.bodies["icsmg"].pk, w.meeting.pk], PUBLIC)],
    # -- Notifications
    "notifications:needs": [get("", lambda w: [], may(SIGNED_IN))],
    "notifications:action_done": [
        # The action's owner or the body's secretary.
        post("Part A action (the member's)", lambda w: [w.action_a.pk], may({"icsmg_member"} | BODY_SECRETARY["icsmg"]),
             data=lambda w: {"note": "Matrix done"},
             effect=lambda w, u, r: Action.objects.get(pk=w.action_a.pk).status == "done"),
        post("Part B action (the secretary's)", lambda w: [w.action_b.pk], may(BODY_SECRETARY["icsmg"]),
             data=lambda w: {"note": "Matrix done"},
             effect=lambda w, u, r: Action.objects.get(pk=w.action_b.pk).status == "done"),
    ],
    "notifications:settings": [
        get("", lambda w: [], may(SIGNED_IN)),
        post("", lambda w: [], may(SIGNED_IN), data=lambda w: {"frequency": "daily"},
             effect=lambda w, u, r: NotificationSetting.objects.filter(user=u, frequency="daily").exists()),
    ],
    # -- The admin site: its own URL patterns are Django's; a few representative ones. Staff only.
    # -- The analysts' API: JSON, what the pages show and no more; a token or the session
    "api:schema": [get("", lambda w: [], may(SIGNED_IN, anonymous=API_SIGN_IN))],
    "api:proposal-list": [get("", lambda w: [], may(SIGNED_IN, anonymous=API_SIGN_IN))],
    "api:proposal-detail": [get(label, ref(label), {**reading(label), "anonymous": API_SIGN_IN}) for label in READERS],
    "api:meeting-list": [get("", lambda w: [], may(SIGNED_IN, anonymous=API_SIGN_IN))],
    "api:meeting-detail": [
        get("coming", lambda w: [w.meeting.pk], may(BODY_READERS["icsmg"], anonymous=API_SIGN_IN)),
        get("held", lambda w: [w.held.pk], may(BODY_READERS["icsmg"], anonymous=API_SIGN_IN)),
    ],
    "api:body-list": [get("", lambda w: [], may(SIGNED_IN, anonymous=API_SIGN_IN))],
    "api:body-detail": [get("", lambda w: [w.bodies["icsmg"].pk], may(SIGNED_IN, anonymous=API_SIGN_IN))],
    "api:not_found": [get("", lambda w: ["no-such-thing"], may(frozenset(), anonymous=DENIED))],
    "api:token": [
        get("", lambda w: [], may(SIGNED_IN)),
        post("create", lambda w: [], may(SIGNED_IN), data=lambda w: {"create": "1"},
             effect=lambda w, u, r: Token.objects.filter(user=u).exists()),
    ],
    "admin:index": [get("", lambda w: [], may(ADMIN, others=LOGIN))],
    # The admin's sign-in is the site's own (with the second factor).
    "admin:login": [get("", lambda w: [], may(frozenset(), others=LOGIN, admin=TO_ADMIN_INDEX))],
    "admin:proposals_proposal_changelist": [get("", lambda w: [], may(ADMIN, others=LOGIN))],
    "admin:proposals_proposal_change": [get("draft", lambda w: [w.p["draft"].pk], may(ADMIN, others=LOGIN))],
    "admin:scoring_assessment_change": [get("assessor's draft", lambda w: [w.assessment.pk], may(ADMIN, others=LOGIN))],
    "admin:auth_user_changelist": [get("", lambda w: [], may(ADMIN, others=LOGIN))],
}


# -- The site's URL names ---------------------------------------------------------------------------


def site_url_names(patterns=None, namespace="", prefix=""):
    """{name: route} of every URL pattern, namespaced as reverse() wants it; an unnamed one as "?route"
    (in its namespace): it cannot have a row, so it fails the test below until it is named."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(site_url_names(pattern.url_patterns, inner, route))
        elif isinstance(pattern, URLPattern):
            found[f"{namespace}{pattern.name}" if pattern.name else f"{namespace}?{route}"] = route
    return found


def is_admin_sites_own(name):
    return name.startswith("admin:")


def test_every_url_pattern_has_a_row_in_the_matrix():
    site = {name: route for name, route in site_url_names().items() if not is_admin_sites_own(name)}
    ours = {name for name in TABLE if not is_admin_sites_own(name)}
    missing = sorted(set(site) - ours)
    stale = sorted(ours - set(site))
    assert not missing, (
        "URL patterns with no row in tests/test_authorisation_matrix.py TABLE (say who may use them): "
        + ", ".join(f"{name} ({site[name]})" for name in missing)
    )
    assert not stale, "Rows in TABLE for URL names the site no longer has: " + ", ".join(stale)
    admin = set(site_url_names()) - set(site)
    assert {name for name in TABLE if is_admin_sites_own(name)} <= admin, "admin rows must name real admin URLs"


# -- The data -----------------------------------------------------------------------------------------


@dataclass(repr=False)
class World:
    users: dict
    bodies: dict
    p: dict = field(default_factory=dict)
    attachments: dict = field(default_factory=dict)


def attach(proposal, by, name):
    return Attachment.objects.create(
        proposal=proposal, title=f"{name} costing", kind=AttachmentKind.COSTING,
        file=upload(f"{name}.pdf", PDF, "application/pdf"), content_type="application/pdf",
        original_name=f"{name}.pdf", size=len(PDF), uploaded_by=by,
    )


@pytest.fixture
def world(cast, proposal_in, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    icsmg_member = MembershipFactory(body=cast.icsmg, role=MembershipRole.MEMBER,
                                     user=UserFactory(username="icsmg_member")).user
    w = World(
        users={
            "lead": cast.author, "co_author": cast.co_author, "other_lead": cast.other_lead,
            "assessor": cast.assessors[0], "conflicted_assessor": cast.assessors[2],
            "clg_secretary": cast.clg_secretary, "icsmg_secretary": cast.icsmg_secretary,
            "hsg_secretary": cast.hsg_secretary, "icsmg_member": icsmg_member, "jcc_member": cast.member,
            "admin": cast.admin,
        },
        bodies={"clg": cast.clg, "icsmg": cast.icsmg, "hsg": cast.hsg},
    )
    w.workstream = BodyFactory(name="Cardiology workstream", sponsors_proposals=True)
    w.place = PlaceFactory(name="Riverside ICP")

    # Proposals: the drafts' titles carry secret words (secrets() below).
    w.p = {
        "draft": proposal_in(S.DRAFT, title="Kestrel hub draft"),
        "submitted": proposal_in(S.SUBMITTED),
        "assessment": proposal_in(S.ASSESSMENT),
        "quality_assurance": proposal_in(S.QUALITY_ASSURANCE),  # scored by assessors 0 and 1
        "returned": proposal_in(S.RETURNED),
        "other_draft": ProposalFactory(lead_author=cast.other_lead, title="Osprey pathway draft"),
        "withdrawn_draft": proposal_in(S.WITHDRAWN, title="Avocet draft, withdrawn unsubmitted"),
    }
    for label in ("draft", "submitted", "quality_assurance", "other_draft", "withdrawn_draft"):
        w.attachments[label] = attach(w.p[label], w.p[label].lead_author, label)

    # In assessment: the assessor's draft, another assessor's submitted scores, a conflicted assessor.
    in_assessment = w.p["assessment"]
    w.assessment, w.submitted_assessment, w.conflicted = (
        assign_assessor(in_assessment, assessor, by=cast.clg_secretary) for assessor in cast.assessors
    )
    score_all(in_assessment, cast.assessors[1], [3, 3, 3, 3, 3])
    declare_interest(w.conflicted, by=cast.assessors[2], has_interest=True,
                     details="Non-executive director of a bidding provider")
    declare_interest(w.assessment, by=cast.assessors[0], has_interest=False)
    category = w.assessment.rubric.categories.first()
    record_scores(w.assessment, {category: (2, "Heron: unsubmitted rationale")}, by=cast.assessors[0])
    w.score_data = {f"score_{category.pk}": "4", f"rationale_{category.pk}": "Matrix rationale"}

    # A coming meeting of the ICS Management Group, which meets in public: the proposal at quality
    # assurance, a Part A paper and a Part B paper, each with a document (its packs are built at the end,
    # the Part A one published), taking questions from the public, with one asked.
    secretary, now = cast.icsmg_secretary, timezone.now()
    cast.icsmg.meets_in_public = True
    cast.icsmg.save()
    w.meeting = MeetingFactory(body=cast.icsmg, starts_at=now + datetime.timedelta(days=7),
                               status=MeetingStatus.PUBLISHED, questions_close_at=now + datetime.timedelta(days=6))
    w.question = PublicQuestion.objects.create(meeting=w.meeting, name="Matrix asker", email=ASKER,
                                               question="Will the clinic open on Saturdays?", sender="0" * 64)
    services.add_proposal_to_agenda(w.meeting, w.p["quality_assurance"], by=secretary)
    # Referred to place, its barriers escalated to the ICS Management Group.
    w.referred = proposal_in(S.PLACE_BASED, title="Merlin pathway, referred to place")
    w.escalation = escalations.escalate(w.referred, by=cast.clg_secretary, barriers="Barriers raised before")
    # Its route needs a quality impact assessment (at formal approval), which the CLG's secretary is named to
    # sign, and has signed.
    at_qa = w.p["quality_assurance"]
    RouteGate.objects.create(route=at_qa.route, gate=DutyGate.QIA, needed_from=Stage.FORMAL_APPROVAL,
                             signing_body=cast.clg)
    duty_gates.name_signatory(at_qa, DutyGate.QIA, user=cast.clg_secretary, by=cast.author)
    w.sign_off = duty_gates.sign(at_qa, DutyGate.QIA, by=cast.clg_secretary,
                                 valid_until=timezone.localdate() + datetime.timedelta(days=90),
                                 file=upload("qia.pdf", PDF), content_type="application/pdf", original_name="qia.pdf")
    w.item_a = services.add_paper(w.meeting, by=secretary, title="Winter resilience update", purpose="information")
    w.item_b = services.add_paper(w.meeting, by=secretary, title="Lapwing provider market evaluation",
                                  purpose="decision", part="B")
    # The Part A one a readable PDF, so that it is appended to the pack and published with it.
    w.document_a, w.document_b = (
        services.attach_document(item, by=secretary, title=title, file=upload(f"{name}.pdf", content),
                                 content_type="application/pdf", original_name=f"{name}.pdf")
        for item, title, name, content in [
            (w.item_a, "Winter dashboard", "winter", HTML(string="<p>Winter dashboard</p>").write_pdf()),
            (w.item_b, "Lapwing bidder price schedule", "prices", PDF)]
    )
    w.later = MeetingFactory(body=cast.icsmg, starts_at=now + datetime.timedelta(days=35))

    # A held meeting: decisions on a Part A and a Part B paper, an action from each, minutes and their PDFs.
    w.held = MeetingFactory(body=cast.icsmg, starts_at=now - datetime.timedelta(days=14))
    w.held_a = services.add_paper(w.held, by=secretary, title="Annual operating plan", purpose="decision")
    w.held_b = services.add_paper(w.held, by=secretary, title="Plover settlement terms", purpose="decision", part="B",
                                  asks=["note", "agree"])
    services.record_attendance(w.held, {secretary: AttendanceStatus.PRESENT, icsmg_member: AttendanceStatus.PRESENT},
                               by=secretary)
    decision_a = services.record_decision(w.held_a, by=secretary, outcome="agreed", minute="The plan was agreed.")
    decision_b = services.record_decision(w.held_b, by=secretary, outcome="noted",
                                          minute="Plover settlement figures noted in confidence.")
    Meeting.objects.filter(pk=w.held.pk).update(status="held")
    w.held.refresh_from_db()
    due = timezone.localdate() + datetime.timedelta(days=14)
    w.action_a = services.raise_action(decision_a, by=secretary, description="Circulate the agreed plan",
                                       owner=icsmg_member, due_on=due)
    w.action_b = services.raise_action(decision_b, by=secretary, description="Renegotiate the Plover cap",
                                       owner=secretary, due_on=due)
    w.minutes = minutes_services.draft(w.held, by=secretary)
    minutes_services.build_pdf(w.minutes.pk)
    w.minutes.refresh_from_db()
    assert w.minutes.file_public and w.minutes.file_confidential

    # A meeting whose minutes were approved: the public read them, but for its Part B business.
    w.approved = MeetingFactory(body=cast.icsmg, starts_at=now - datetime.timedelta(days=42))
    services.add_paper(w.approved, by=secretary, title="Annual report", purpose="information")
    services.add_paper(w.approved, by=secretary, title="Plover archive terms", purpose="information", part="B")
    Meeting.objects.filter(pk=w.approved.pk).update(status=MeetingStatus.HELD)
    w.approved.refresh_from_db()
    approved_minutes = minutes_services.draft(w.approved, by=secretary)
    Minutes.objects.filter(pk=approved_minutes.pk).update(status=MinutesStatus.APPROVED, approved_at=now)
    Meeting.objects.filter(pk=w.approved.pk).update(status=MeetingStatus.MINUTES_APPROVED)

    # A meeting whose papers were issued and whose start has passed (to be opened); and one in session,
    # with attendance, a paper and a chair's action awaiting ratification.
    w.begun = MeetingFactory(body=cast.icsmg, starts_at=now - datetime.timedelta(hours=1), status=MeetingStatus.PUBLISHED)
    w.in_session = MeetingFactory(body=cast.icsmg, starts_at=now - datetime.timedelta(hours=2))
    services.record_attendance(w.in_session, {secretary: AttendanceStatus.PRESENT}, by=secretary)
    w.in_session_paper = services.add_paper(w.in_session, by=secretary, title="Matrix in-session paper",
                                            purpose="information")
    w.chairs_action_item = AgendaItem.objects.create(meeting=w.in_session, order=9, title="Urgent bed capacity")
    Decision.objects.create(item=w.chairs_action_item, outcome="agreed", method=DecisionMethod.CHAIRS_ACTION,
                            recorded_by=secretary)
    ChairsAction.objects.create(item=w.chairs_action_item, reason="Winter pressures", chair=secretary,
                                concurring_member=icsmg_member)
    MembershipFactory(body=cast.icsmg, role=MembershipRole.CHAIR, is_voting=True,
                      user=UserFactory(username="icsmg_chair"))
    Membership.objects.filter(body=cast.icsmg, user=icsmg_member).update(is_voting=True)

    # The coming meeting's packs, built last: they print the open actions of the held meeting too.
    w.packs = [packs.build(packs.request_build(w.meeting, part, by=secretary)) for part in "AB"]
    for pack in w.packs:
        pack.refresh_from_db()  # the Part A one's published version is stored by its build
    assert w.packs[0].accessible_file

    # Another body's meeting, whose item is tried through the ICS Management Group meeting's URLs.
    elsewhere = MeetingFactory(body=cast.hsg, starts_at=now + datetime.timedelta(days=10))
    w.elsewhere_item = services.add_paper(elsewhere, by=cast.hsg_secretary, title="Strategy refresh",
                                          purpose="information")

    # Provider selections decided by the Joint CCG Committee (jcc_member is one of its members): one being
    # prepared, whose named assessor (the assessor) has yet to declare; one not started; one decided at a meeting
    # three weeks ago, in standstill, with a representation open.
    w.selection = prepare_selection(cast, proposal_in(S.APPROVED, procurement_route="most_suitable"), score=False)
    w.selection_assessment = procurement_services.name_assessor(w.selection, cast.assessors[0], by=cast.author)
    w.provider = w.selection.providers.get(is_existing=False)
    w.unstarted = proposal_in(S.APPROVED, procurement_route="competitive")
    w.in_standstill = prepare_selection(cast, proposal_in(S.APPROVED, procurement_route="most_suitable"))
    w.jcc_meeting = MeetingFactory(body=cast.jcc, starts_at=now + datetime.timedelta(days=9))
    decided = MeetingFactory(body=cast.jcc, starts_at=now - datetime.timedelta(days=21))
    item = procurement_services.table(w.in_standstill, decided, by=cast.jcc_secretary, part="B")
    services.record_attendance(decided, {cast.member: AttendanceStatus.PRESENT}, by=cast.jcc_secretary)
    services.record_decision(item, by=cast.jcc_secretary, outcome="approved")
    published = next_working_day(timezone.localdate(decided.starts_at))
    procurement_services.publish_notice(w.in_standstill, by=cast.jcc_secretary, published_on=published)
    w.representation = procurement_services.log_representation(
        w.in_standstill, by=cast.jcc_secretary, provider_name="Valley Rehabilitation CIC",
        received_on=working_days_after(published, 1), summary="Godwit: the panel misread our social value plan.")
    w.in_standstill.refresh_from_db()
    return w


def secrets(w):
    """Words only some roles may ever be shown, on any page or in any file: {word: roles who may}. Each
    is in the titles (and minutes, actions) of what it guards, and nowhere else."""
    return {
        "Lapwing": PART_B_READERS,  # the coming meeting's Part B paper and its document
        "Plover": PART_B_READERS,  # the held meeting's Part B paper, its minute and its action
        "Kestrel": READERS["draft"],
        "Osprey": READERS["other_draft"],
        "Avocet": READERS["withdrawn_draft"],
        # A question from the public: its asker's e-mail address, for the body's secretary alone.
        ASKER: BODY_SECRETARY["icsmg"],
        # The assessor's unsubmitted rationale: the admin reads it only in the admin site, which keeps
        # Django's superuser powers (the site's own pages refuse them the assessment).
        "Heron": {"assessor"} | ADMIN,
        # What a provider said in its representation during the standstill: the decision-makers' alone.
        "Godwit": DECISION_MAKERS,
    }


def stored_files(w):
    files = [pack.file for pack in w.packs] + [w.packs[0].accessible_file, w.attachments["draft"].file,
                                               w.document_b.file, w.minutes.file_public, w.minutes.file_confidential]
    assert all(files)
    return [file.name for file in files]


# -- Running the matrix ---------------------------------------------------------------------------


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
LOGIN_PATHS = {resolve_url(settings.LOGIN_URL), "/admin/login/"}


def is_login_redirect(response):
    return response.status_code == 302 and urlparse(response.url).path in LOGIN_PATHS


def judge(outcome, response, method, args):
    """None if the response is the outcome expected, else what was wrong."""
    code = response.status_code
    if outcome is OK:
        good = code == 200 if method == "get" else code == 200 or (code == 302 and not is_login_redirect(response))
    elif outcome is REFUSED:
        good = code == 200 or (code == 302 and not is_login_redirect(response))
    elif outcome is LOGIN:
        good = is_login_redirect(response)
    elif outcome is DENIED:
        good = code in (403, 404)
    elif outcome is API_SIGN_IN:
        good = code in (401, 403)
    elif outcome is READINESS:
        good = code in (200, 503)
    elif outcome is BOUNCE:
        good = code == 302 and urlparse(response.url).path == reverse("proposals:detail", args=args[:1])
    elif isinstance(outcome, RedirectTo):
        good = code == 302 and urlparse(response.url).path == reverse(outcome.to)
    else:
        raise AssertionError(outcome)
    if good:
        return None
    where = f" to {response.url}" if code in (301, 302) else ""
    return f"expected {outcome}, got {code}{where}"


def text_of(response):
    """What the response shows: a page, a CSV file, or a PDF's text."""
    # Reading a download to its end also closes its file (the test client's closing wrapper). Don't
    # call response.close() as well: its request_finished would close the test's database connection.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if not kind.startswith(("text/html", "text/csv", "text/plain", "application/pdf", "application/json")):
        return ""
    if kind.startswith("application/pdf"):
        try:
            return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
        except Exception:  # noqa: BLE001 - pypdf raises many kinds of error; tests/documents.PDF has no pages
            return ""
    return body.decode("utf-8", "replace")


def snapshot():
    """Every row of the product's own tables."""
    rows = {}
    for label in ("proposals", "scoring", "governance", "notifications"):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return rows


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


def run(case, url, role, client, w, baseline, hidden, seen):
    """Make the request as the role in a transaction that is rolled back; return what was wrong, if
    anything. Adds to `seen` the secrets the response showed to a role that may read them."""
    outcome = case.expect[role]
    args = case.args(w)
    user = w.users.get(role)
    problems = []
    with transaction.atomic():
        reset_queries()  # the log keeps 9,000 queries: a full one would capture nothing
        with CaptureQueriesContext(connection) as queries:
            if case.method == "get":
                response = client.get(url)
            else:
                response = client.post(url, case.data(w))
        wrong = judge(outcome, response, case.method, args)
        if wrong:
            problems.append(wrong)
        text = text_of(response)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            problems += [f"invalid page: {problem}" for problem in page_problems(text)]
        shown = [secret for secret in hidden if secret in text]
        seen.update(secret for secret in shown if role in hidden[secret])
        shown = [secret for secret in shown if role not in hidden[secret]]
        if shown:
            problems.append(f"shows what {role} may not read: {shown}")
        if case.method == "post":
            if outcome is OK:
                if case.effect is None:
                    problems.append("an allowed POST needs an effect to check")
                elif not wrong and not case.effect(w, user, response):
                    problems.append(f"{response.status_code} but the change was not made")
            else:
                writes = [q["sql"] for q in queries.captured_queries
                          if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]
                if writes:
                    tables = changed_tables(baseline, snapshot())
                    if tables:
                        problems.append(f"not allowed, yet changed {tables}")
        transaction.set_rollback(True)
    return problems


def signed_in(client, user):
    """Signed in as `user`; the admin, being staff, with their second factor given too."""
    if user.is_staff:
        return sign_in_with_second_factor(client, user)
    client.force_login(user)
    return client


def test_who_may_open_and_use_every_page(world, caplog):
    w = world
    for name in ("django.request", "axes", "ics_commissioning", "governance"):  # a line per 403/404, sign-in, …
        caplog.set_level(logging.ERROR, logger=name)
    clients = {"anonymous": Client()}
    for role, user in w.users.items():
        clients[role] = signed_in(Client(), user)
    baseline = snapshot()
    hidden = secrets(w)
    failures, cases, seen = [], 0, set()
    for name, row in TABLE.items():
        for case in row:
            assert set(case.expect) == set(ROLES), f"{name} {case.label}: expectations for every role"
            url = reverse(name, args=case.args(w))
            if case.query:
                url += "?" + urlencode(case.query(w))
            for role in ROLES:
                client = clients[role]
                if case.fresh_client:
                    client = Client()
                    if role != "anonymous":
                        signed_in(client, w.users[role])
                try:
                    problems = run(case, url, role, client, w, baseline, hidden, seen)
                except Exception as error:  # noqa: BLE001 - one failing case must not hide the others
                    problems = [f"raised {type(error).__name__}: {error}"]
                client.cookies.pop("messages", None)
                cases += 1
                failures += [f"{case.method.upper()} {url} [{name} {case.label}] as {role}: {p}" for p in problems]
    # Stored files are never public media URLs, whoever asks: only the views above hand them out.
    for name in stored_files(w):
        url = f"/{settings.MEDIA_URL.strip('/')}/{name}"
        for role in ROLES:
            response = clients[role].get(url)
            cases += 1
            if response.status_code != 404:
                failures.append(f"GET {url} [stored file] as {role}: expected 404, got {response.status_code}")
    # The secret words are really shown (to those who may read them): the check above is not vacuous.
    if seen != set(hidden):
        failures.append(f"secret words never shown to anyone, so not checked: {sorted(set(hidden) - seen)}")
    print("authorisation cases:", cases)
    assert cases >= 1500, "fewer cases than the table had: rows or roles lost?"
    assert not failures, f"{len(failures)} of {cases} authorisation cases failed:\n" + "\n".join(failures)
