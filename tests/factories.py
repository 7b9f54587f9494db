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


# A complete outline proposal's words (with the factory's finance line, risk and triage answers).
OUTLINE = {
    "summary": "Bring specialised and non-specialised cardiology budgets together across the pathway.",
    "ics_aspirations": "Contributes to equity of access, one of the ICS outcome aspirations.",
    "quality_safety": "Network data show shorter transfer times for NSTEMI patients.",
    "finance_summary": "Savings from reduced duplicate diagnostics; see the costing spreadsheet.",
    "contracting": "Existing block contracts continue; no decommissioning in year one.",
}
SECTION_KEYS = (*OUTLINE, "delivery", "engagement")
# What a full business case adds to the outline's words (see complete_full_case).
FULL_CASE = {
    "engagement": "Patient panels in each ICP before any service change.",
    "procurement": "The current providers deliver the pathway; no new provider is needed.",
    "procurement_route": "existing_contract",
    "delivery": "Phased over eight quarters from April.",
    "benefits": "Fewer duplicate diagnostics, measured quarterly against the 2025/26 baseline.",
    "review": "A post-implementation review at twelve months, reported to the ICS Management Group.",
}
OPTIONS = [
    {"title": "Do nothing", "description": "Budgets stay separate.", "net_cost": None, "is_do_nothing": True,
     "is_preferred": False},
    {"title": "One pathway budget", "description": "Pool the budgets across the pathway.", "net_cost": 80000,
     "is_do_nothing": False, "is_preferred": True},
]


def complete_full_case(proposal, by=None, **words):
    """Write the rest of a supported proposal's full business case, through the service its pages use
    (`words` in place of FULL_CASE's, e.g. procurement_route="competitive")."""
    from proposals import services

    services.save_business_case(proposal, by=by or proposal.lead_author, words={**FULL_CASE, **words},
                                rows={"options": OPTIONS})
    return proposal


class ProposalFactory(DjangoModelFactory):
    """A draft whose business case is complete apart from the triage answers."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Collaborative commissioning proposal {n}")
    lead_author = factory.SubFactory(UserFactory)
    service_area = ServiceArea.CARDIOLOGY
    outline = factory.LazyFunction(lambda: dict(OUTLINE))

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        """A section's words may be given by its key (summary="…"): they go into the outline."""
        words = {key: kwargs.pop(key) for key in list(kwargs) if key in SECTION_KEYS}
        if words:
            kwargs["outline"] = {**kwargs.get("outline", OUTLINE), **words}
        return kwargs

    @factory.post_generation
    def with_finance_and_risk(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            FinanceLine.objects.create(
                proposal=obj, financial_year="2026/27", quarter=1, projected_spend=120000, projected_savings=40000
            )
            Risk.objects.create(proposal=obj, description="Clinical workforce gaps", likelihood=3, impact=4,
                                mitigation="Joint recruitment", owner="Workstream lead")
