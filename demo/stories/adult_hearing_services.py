"""A demo proposal. Returned at triage: its outline did not yet show the spend by quarter."""

from demo.organisation import prose
from demo.stories.steps import Finance, K, ProposalSpec, Return, RiskSpec, Submit
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="One service specification for adult hearing services",
    lead="lead2",
    workstream="elective",
    service_area=ServiceArea.ELECTIVE,
    places=("North ICP", "South ICP"),
    author_triage=(True, True),
    summary=prose("""
        Adult hearing services are commissioned from five providers on four different specifications,
        with waits for a hearing assessment between six and twenty-two weeks depending on where people
        live.

        This outline proposes one service specification and one set of prices for the North and South
        places, following the national commissioning framework for adult hearing services.
    """),
    ics_aspirations=prose("""
        One specification would reduce unwarranted variation in access between places, one of the ICS
        outcome aspirations, and support people to stay independent and in work.
    """),
    quality_safety=prose("""
        Two providers do not yet report the outcome measures the national framework recommends; one
        specification would require all five to report them.
    """),
    finance_summary=prose("""
        The outline expects the change to be cost neutral overall, with prices aligned to the lower
        quartile. A quarterly breakdown is being prepared with the providers.
    """),
    contracting=prose("""
        Any qualified provider contracts continue; the specification and prices would be varied from
        April, with six months' notice to providers.
    """),
    delivery=prose("""
        Specification agreed in quarter 1; contract variations issued in quarter 2; new prices from
        quarter 3.
    """),
    engagement=prose("""
        Hearing loss charities and a user panel will review the draft specification.
    """),
    finance=Finance(spend=(25 * K,) * 8, savings=(25 * K,) * 8),
    risks=(
        RiskSpec("A provider leaves the market at the lower price.", 2, 3,
                 "Price review with providers before the variation.", "Head of Contracting"),
    ),
    route=(
        Submit(),
        Return("clg-1", prose("""
            Returned before triage: the outline says the change is cost neutral, but the Clinical Leadership
            Group cannot test that without the spend and savings by quarter and by provider. Please add them
            and resubmit for the next meeting.
        """)),
    ),
)
