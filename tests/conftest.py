import importlib
from dataclasses import dataclass

import pytest
from django.db import connection

from governance.enums import MembershipRole, Stage
from governance.models import Route
from proposals import services
from proposals.enums import ProposalState, TriageQuestion
from scoring import services as scoring_services
from scoring.models import RubricVersion
from scoring.services import assign_assessor, declare_interest, record_scores

from .factories import BodyFactory, MembershipFactory, ProposalFactory, UserFactory

S = ProposalState


@dataclass
class Cast:
    """The people and bodies of the governance route, one of each."""

    author: object
    co_author: object
    other_lead: object
    assessors: list
    clg: object
    icsmg: object
    hsg: object
    jcc: object
    ccg: object
    clg_secretary: object
    icsmg_secretary: object
    hsg_secretary: object
    jcc_secretary: object
    ccg_secretary: object
    member: object
    admin: object

    @property
    def everyone(self):
        return {
            "author": self.author, "co_author": self.co_author, "other_lead": self.other_lead,
            "assessor": self.assessors[0], "clg_secretary": self.clg_secretary,
            "icsmg_secretary": self.icsmg_secretary, "hsg_secretary": self.hsg_secretary,
            "jcc_secretary": self.jcc_secretary, "ccg_secretary": self.ccg_secretary,
            "member": self.member, "admin": self.admin,
        }


def _secretary(body, username):
    return MembershipFactory(body=body, role=MembershipRole.SECRETARY, user=UserFactory(username=username)).user


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process unless a test starts a real worker (see test_board_packs)."""
    from ics_commissioning.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def user_cache_off(settings):
    """Pages work out their navigation each time, so that counting a page's queries counts it too;
    tests of the cache itself turn it on (the user_cache fixture)."""
    settings.USER_CACHE_SECONDS = 0


@pytest.fixture
def user_cache(settings):
    from ics_commissioning.user_cache import forget_everything

    forget_everything()  # not cache.clear(): in CI the cache is the Redis that Celery uses
    settings.USER_CACHE_SECONDS = 60


@pytest.fixture
def cast(db):
    clg = BodyFactory(name="Clinical Leadership Group", assesses_proposals=True)
    icsmg = BodyFactory(name="ICS Management Group", assesses_proposals=True)
    hsg = BodyFactory(name="Health Strategy Group", sponsors_proposals=False)
    jcc = BodyFactory(name="Joint CCG Committee", makes_statutory_decisions=True, decides_by_vote=True)
    ccg = BodyFactory(name="Riverside CCG Governing Body", makes_statutory_decisions=True)
    assessors = [UserFactory(username=f"assessor{i}") for i in range(3)]
    for assessor in assessors:
        MembershipFactory(body=clg, user=assessor, role=MembershipRole.ASSESSOR)
    member = MembershipFactory(body=jcc, role=MembershipRole.MEMBER, user=UserFactory(username="member"),
                               is_voting=True).user
    # The seed's 2020 route: the stage owners are data (governance.models.Route).
    Route.objects.build("ICS governance route (2020)", {Stage.DEVELOPMENT: clg, Stage.QUALITY_ASSURANCE: icsmg,
                                                        Stage.STAKEHOLDER_SIGNOFF: hsg})
    return Cast(
        author=UserFactory(username="author"),
        co_author=UserFactory(username="co_author"),
        other_lead=UserFactory(username="other_lead"),
        assessors=assessors,
        clg=clg, icsmg=icsmg, hsg=hsg, jcc=jcc, ccg=ccg,
        clg_secretary=_secretary(clg, "clg_secretary"),
        icsmg_secretary=_secretary(icsmg, "icsmg_secretary"),
        hsg_secretary=_secretary(hsg, "hsg_secretary"),
        jcc_secretary=_secretary(jcc, "jcc_secretary"),
        ccg_secretary=_secretary(ccg, "ccg_secretary"),
        member=member,
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
    )


def score_all(proposal, assessor, scores):
    """Assessor scores every category of the proposal's rubric (scores: one int per category) and submits."""
    assessment = proposal.assessments.get(assessor=assessor)
    if assessment.has_interest is None:
        declare_interest(assessment, by=assessor, has_interest=False)
    categories = list(assessment.rubric.categories.all())
    record_scores(
        assessment,
        {c: (s, f"Rationale for {c.name}") for c, s in zip(categories, scores, strict=True)},
        by=assessor,
        submit=True,
    )


def assessed(cast, proposal, scores=(4, 4, 4, 4, 4)):
    """A submitted proposal triaged, accepted, scored by two assessors and its assessment completed: it goes
    to the next stage its route has."""
    services.record_triage(proposal, {TriageQuestion.LEADERSHIP_SUPPORT: True}, by=cast.clg_secretary,
                           on_behalf_of=cast.clg)
    services.accept_for_assessment(proposal, by=cast.clg_secretary)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, list(scores))
    scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
    proposal.refresh_from_db()
    return proposal


ROUTE = [S.DRAFT, S.SUBMITTED, S.ASSESSMENT, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL, S.APPROVED]


@pytest.fixture
def proposal_in(cast):
    """Make a proposal and walk it along the route, through the services, to the state asked for."""

    def make(state, **kwargs):
        proposal = ProposalFactory(lead_author=cast.author, **kwargs)
        proposal.co_authors.add(cast.co_author)
        services.record_triage(
            proposal, {TriageQuestion.NATIONALLY_DESCRIBED: False, TriageQuestion.VULNERABILITY_ACROSS_ICPS: True},
            by=cast.author,
        )
        if state == S.DRAFT:
            return proposal
        if state in (S.WITHDRAWN,):
            services.withdraw(proposal, by=cast.author, reason="No longer needed")
            return proposal
        services.submit(proposal, by=cast.author)
        if state == S.SUBMITTED:
            return proposal
        if state in (S.RETURNED, S.REJECTED):
            action = services.return_for_revision if state == S.RETURNED else services.reject
            action(proposal, by=cast.clg_secretary, reasons="Finance section needs a quarterly breakdown")
            return proposal
        if state == S.PLACE_BASED:
            services.record_triage(proposal, {TriageQuestion.LEADERSHIP_SUPPORT: False}, by=cast.clg_secretary)
            services.refer_to_place_based(proposal, by=cast.clg_secretary, reason="Best commissioned at place")
            return proposal
        services.record_triage(proposal, {TriageQuestion.LEADERSHIP_SUPPORT: True}, by=cast.clg_secretary,
                               on_behalf_of=cast.clg)
        services.accept_for_assessment(proposal, by=cast.clg_secretary)
        if state == S.ASSESSMENT:
            return proposal
        for assessor in cast.assessors[:2]:
            assign_assessor(proposal, assessor, by=cast.clg_secretary)
            score_all(proposal, assessor, [3, 3, 3, 3, 3])
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary)
        if state == S.QUALITY_ASSURANCE:
            return proposal
        services.quality_assure(proposal, by=cast.icsmg_secretary)
        if state == S.STAKEHOLDER_SIGNOFF:
            return proposal
        services.sign_off(proposal, by=cast.hsg_secretary, formal_bodies=[cast.jcc, cast.ccg])
        if state == S.FORMAL_APPROVAL:
            return proposal
        services.record_formal_decision(proposal, body=cast.jcc, approved=True, by=cast.jcc_secretary)
        services.record_formal_decision(proposal, body=cast.ccg, approved=True, by=cast.ccg_secretary)
        assert proposal.state == S.APPROVED
        return proposal

    return make


@pytest.fixture
def rubric(db):
    return RubricVersion.objects.active()


@pytest.fixture
def seed_rubric(transactional_db):
    """Transactional tests (threads, the live server) flush the database after each test, and
    with it the rubric the data migration loaded: put it back the same way."""
    from django.apps import apps

    if not RubricVersion.objects.exists():
        migration = importlib.import_module("scoring.migrations.0002_seed_rubric")
        migration.load_rubric(apps, None)


def on_postgresql():
    return connection.vendor == "postgresql"
