from functools import cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

from governance.enums import MeetingStatus, MembershipRole
from governance.models import AgendaItem, Body, Meeting, Membership, Place
from proposals.enums import ServiceArea
from proposals.models import FinanceLine, Proposal, Risk

PASSWORD = "correct-horse-battery-staple"


@cache
def password_hash():
    # Hashing is deliberately slow; hash the shared test password once, not per user.
    return make_password(PASSWORD)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.LazyFunction(password_hash)


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Place {n} ICP")


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Programme Board {n}")
    # What it may do is data: by default a programme board that sponsors proposals.
    makes_statutory_decisions = False
    assesses_proposals = False
    sponsors_proposals = factory.LazyAttribute(lambda b: not (b.makes_statutory_decisions or b.assesses_proposals))


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = MembershipRole.MEMBER


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.Faker("future_datetime", tzinfo=__import__("datetime").timezone.utc)
    location = "Boardroom, Civic Centre"
    # A meeting whose start has passed is in session, as its secretary would have opened it; one ahead
    # is a draft. Tests of the life cycle itself say which status they start from.
    status = factory.LazyAttribute(
        lambda meeting: MeetingStatus.IN_SESSION if meeting.starts_at <= timezone.now() else MeetingStatus.DRAFT
    )


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Faker("sentence", nb_words=6)
    order = factory.Sequence(int)


class ProposalFactory(DjangoModelFactory):
    """A draft whose business case is complete apart from the triage answers."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Collaborative commissioning proposal {n}")
    lead_author = factory.SubFactory(UserFactory)
    service_area = ServiceArea.CARDIOLOGY
    summary = "Bring specialised and non-specialised cardiology budgets together across the pathway."
    ics_aspirations = "Contributes to equity of access, one of the ICS outcome aspirations."
    quality_safety = "Network data show shorter transfer times for NSTEMI patients."
    finance_summary = "Savings from reduced duplicate diagnostics; see the costing spreadsheet."
    contracting = "Existing block contracts continue; no decommissioning in year one."
    delivery = "Phased over eight quarters from April."
    engagement = "Patient panels in each ICP before any service change."

    @factory.post_generation
    def with_finance_and_risk(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            FinanceLine.objects.create(
                proposal=obj, financial_year="2026/27", quarter=1, projected_spend=120000, projected_savings=40000
            )
            Risk.objects.create(proposal=obj, description="Clinical workforce gaps", likelihood=3, impact=4,
                                mitigation="Joint recruitment", owner="Workstream lead")
