import datetime
import importlib
import logging
import os
import runpy
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from governance.enums import MembershipRole, Stage
from governance.models import Route
from proposals import services
from proposals.enums import ProposalState, TriageQuestion
from scoring import services as scoring_services
from scoring.models import RubricVersion
from scoring.services import assign_assessor, declare_interest, record_scores

from .factories import BodyFactory, MembershipFactory, ProposalFactory, UserFactory, complete_full_case

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


@pytest.fixture(autouse=True)
def public_cache_off(settings):
    """The public pages are rendered each time: in CI the cache is one Redis shared by the test processes,
    whose databases number their rows alike. Tests of the cache itself give it one of its own (public_cache)."""
    settings.PUBLIC_PAGE_SECONDS = 0


@pytest.fixture
def public_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"public-pages-{uuid.uuid4().hex}"}}
    settings.PUBLIC_PAGE_SECONDS = 600


@pytest.fixture
def user_cache(settings):
    """The navigation and pages kept (ics_commissioning.user_cache), in a cache of the test's own: on SQLite a
    rolled-back test gives its rows' numbers and its generation to the next."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"user-cache-{uuid.uuid4().hex}"}}
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


def issue_papers(meeting, secretary, capture):
    """Build the meeting's packs, then issue its papers (capture: django_capture_on_commit_callbacks)."""
    from governance import packs
    from governance import services as governance_services

    with capture(execute=True):
        for part in packs.parts_needed(meeting):
            packs.request_build(meeting, part, by=secretary)
    with capture(execute=True):
        governance_services.publish_meeting(meeting, by=secretary)
    meeting.refresh_from_db()


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


def assessed(cast, proposal, scores=(4, 4, 4, 4, 4), *, full_case=True):
    """A submitted proposal triaged, accepted, scored by two assessors and supported by the assessing body;
    then (unless full_case=False) its full business case written and submitted: it goes to the next
    stage its route has."""
    services.accept_for_assessment(proposal, by=cast.clg_secretary)
    for assessor in cast.assessors[:2]:
        assign_assessor(proposal, assessor, by=cast.clg_secretary)
        score_all(proposal, assessor, list(scores))
    scoring_services.complete_assessment(proposal, by=cast.clg_secretary, on_behalf_of=cast.clg)
    proposal.refresh_from_db()
    if full_case:
        complete_full_case(proposal)
        services.submit_full_case(proposal, by=proposal.lead_author)
        proposal.refresh_from_db()
    return proposal


ROUTE = [S.DRAFT, S.SUBMITTED, S.ASSESSMENT, S.QUALITY_ASSURANCE, S.STAKEHOLDER_SIGNOFF, S.FORMAL_APPROVAL, S.APPROVED]


@pytest.fixture
def proposal_in(cast):
    """Make a proposal and walk it along the route, through the services, to the state asked for."""

    def make(state, procurement_route=None, **kwargs):
        """procurement_route: the full case's commercial case names it (FULL_CASE's otherwise)."""
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
            services.record_triage(proposal, {TriageQuestion.VULNERABILITY_ACROSS_ICPS: False}, by=cast.clg_secretary)
            services.refer_to_place_based(proposal, by=cast.clg_secretary, reason="Best commissioned at place")
            return proposal
        services.accept_for_assessment(proposal, by=cast.clg_secretary)
        if state == S.ASSESSMENT:
            return proposal
        for assessor in cast.assessors[:2]:
            assign_assessor(proposal, assessor, by=cast.clg_secretary)
            score_all(proposal, assessor, [3, 3, 3, 3, 3])
        scoring_services.complete_assessment(proposal, by=cast.clg_secretary, on_behalf_of=cast.clg)
        if state == S.FULL_CASE and not procurement_route:
            return proposal
        complete_full_case(proposal, by=cast.author,
                           **({"procurement_route": procurement_route} if procurement_route else {}))
        if state == S.FULL_CASE:
            return proposal
        services.submit_full_case(proposal, by=cast.author)
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


# -- Where media are kept: the filesystem, or an S3 bucket ------------------------------------


@pytest.fixture(scope="session")
def s3_server():
    """An S3-compatible server on this machine (moto's, in a thread of this process, on a free
    port): each test process has its own, so parallel runs never share one. Its address."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line for every request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_KEYS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}


def storages_from_environment(**environment):
    """STORAGES as ics_commissioning/settings.py makes it from these environment variables."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        path = Path(__file__).resolve().parent.parent / "ics_commissioning" / "settings.py"
        return runpy.run_path(str(path))["STORAGES"]


@dataclass
class Media:
    """Where a test's media are kept, and what is there."""

    kind: str  # "filesystem" or "s3"
    root: Path  # MEDIA_ROOT: where files go on the filesystem; under S3, nothing may be written there
    bucket: str = ""
    location: str = ""
    client: object = None

    def stored(self):
        """The names of the files kept, as a FileField names them."""
        if self.kind == "filesystem":
            return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file())
        found = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        assert all(obj["Key"].startswith(f"{self.location}/") for obj in found)
        return sorted(obj["Key"].removeprefix(f"{self.location}/") for obj in found)

    def read(self, name):
        if self.kind == "filesystem":
            return (self.root / name).read_bytes()
        return self.client.get_object(Bucket=self.bucket, Key=f"{self.location}/{name}")["Body"].read()


@pytest.fixture(params=["filesystem", "s3"])
def media_storage(request, settings, tmp_path):
    """Media kept on the filesystem under MEDIA_ROOT, as by default, or in a bucket of its own on
    the local S3 server, with the storage the settings make from the production variables."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "filesystem":
        yield Media("filesystem", settings.MEDIA_ROOT)
        return
    import boto3

    endpoint = request.getfixturevalue("s3_server")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    media = Media("s3", settings.MEDIA_ROOT, bucket=f"ics-media-{worker}-{uuid.uuid4().hex[:12]}", location="media",
                  client=boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-2",
                                      aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
                                      aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"]))
    media.client.create_bucket(Bucket=media.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    settings.STORAGES = storages_from_environment(
        AWS_STORAGE_BUCKET_NAME=media.bucket, AWS_S3_ENDPOINT_URL=endpoint, AWS_S3_REGION_NAME="eu-west-2",
        AWS_LOCATION=media.location, **S3_KEYS,
    )
    yield media
    assert not settings.MEDIA_ROOT.exists(), "a file was written to the filesystem, not to the bucket"


# -- Signing in: the organisation's identity provider, and the second factor --------------------


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider on this machine (tests/oidc/provider.mjs): one per test process. Its issuer."""
    from . import identity_provider as provider

    with provider.running() as issuer:
        yield issuer


@pytest.fixture
def organisation_sign_in(settings, identity_provider):
    """The site configured to sign in with the test provider, registered there for the test client's address."""
    from . import identity_provider as provider

    client = provider.register(identity_provider, "http://testserver")
    provider.configure(settings, client)
    return client


def sign_in_with_second_factor(client, user):
    """Sign `user` in, with their second factor given (an authenticator app, set up for them if they have none)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def sign_in(client, user):
    """Sign `user` in as the site would let them in: a staff account with its second factor given too."""
    if user.is_staff or user.is_superuser:
        return sign_in_with_second_factor(client, user)
    client.force_login(user)
    return client


# -- Dates as the date inputs post them -------------------------------------------------------------

# The forms' date fields (ics_commissioning.date_input), and whether each has a Time box too.
DATE_FIELDS = {"starts_at": True, "closes_at": True, "paper_deadline": False, "declared_from": False,
               "declared_to": False, "due_on": False, "valid_until": False, "published_on": False, "received_on": False,
               "communicated_on": False, "awarded_on": False, "contract_starts": False, "contract_ends": False}


def date_parts(value, with_time):
    """Day, Month, Year (and Time) as a person types them, from a date, a datetime, or "2027-01-14 14:00";
    anything else (say "soon") typed into the Day box."""
    import datetime as dt

    from django.utils import timezone

    if value in ("", None):
        return [""] * (4 if with_time else 3)
    if isinstance(value, str):
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                value = dt.datetime.strptime(value, pattern)
                break
            except ValueError:
                continue
        else:
            return [value] + [""] * (3 if with_time else 2)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    parts = [str(value.day), str(value.month), str(value.year)]
    if with_time:
        parts.append(f"{value:%H:%M}" if isinstance(value, dt.datetime) else "")
    return parts


def dated(data):
    """Form data with its dates split into the date inputs' boxes (<name>_day, _month, _year, _time)."""
    out = {}
    for key, value in data.items():
        if key in DATE_FIELDS:
            boxes = ("day", "month", "year", "time")[:4 if DATE_FIELDS[key] else 3]
            out.update({f"{key}_{box}": part for box, part in zip(boxes, date_parts(value, DATE_FIELDS[key]), strict=True)})
        else:
            out[key] = value
    return out


# -- A provider selection (procurement) -------------------------------------------------------------

WEIGHTS = {"quality": 30, "value": 25, "integration": 20, "access": 15, "social_value": 10}


def conditions(process):
    """Every condition of a process of the Provider Selection Regime, as its form posts them."""
    from procurement import regime

    return [regime.condition_value(process, c) for c in regime.RULES[process].conditions]


def prepare_selection(cast, proposal, process="most_suitable", *, score=True):
    """A provider selection ready to table: the process with its conditions, the contract, two providers (the
    existing one recommended), the weights, and (with `score`) two assessors' submitted scores."""
    from procurement import services

    selection = services.start_selection(proposal, by=cast.author)
    services.choose_process(selection, by=cast.author, process=process, conditions=conditions(process),
                            justification="The community neurorehabilitation market has two credible providers.")
    services.save_contract(selection, by=cast.author, contract_title="Community neurorehabilitation",
                           services="Early supported discharge and community rehabilitation.",
                           estimated_value=1_200_000, contract_starts=datetime.date(2027, 4, 1),
                           contract_ends=datetime.date(2030, 3, 31),
                           reasons="Riverside Community Health scored highest on quality and integration.")
    riverside = services.add_provider(selection, by=cast.author, name="Riverside Community Health NHS Trust",
                                      address="1 Quay Street, Riverside RV1 1AA", is_existing=True)
    services.add_provider(selection, by=cast.author, name="Valley Rehabilitation CIC", address="4 Mill Lane, Valley")
    services.recommend(selection, [riverside], by=cast.author)
    services.save_weights(selection, WEIGHTS, by=cast.author)
    if score:
        for assessor, mark in zip(cast.assessors[:2], (4, 3), strict=True):
            assessment = services.name_assessor(selection, assessor, by=cast.author)
            services.declare_interest(assessment, by=assessor, has_interest=False)
            submit_provider_scores(selection, assessor, lambda p, mark=mark: mark if p == riverside else 2)
    selection.refresh_from_db()
    return selection


def submit_provider_scores(selection, assessor, mark):
    """The assessor scores every provider (`mark(provider)`) on every key criterion, and submits."""
    from procurement import services
    from procurement.regime import KeyCriterion

    services.record_scores(selection.assessments.get(assessor=assessor), {
        (p, c): (mark(p), f"{p.name} on {c}") for p in selection.providers.all() for c in KeyCriterion.values
    }, by=assessor, submit=True)
