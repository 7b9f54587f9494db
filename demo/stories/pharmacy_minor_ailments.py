"""A demo proposal. Place-based: triage found no ICS-level issue."""

from demo.organisation import prose
from demo.stories.steps import Accept, Escalate, Finance, K, ProposalSpec, ReferToPlace, RiskSpec, Submit, Triage
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Community pharmacy minor ailments service",
    lead="lead2",
    workstream="uec",
    service_area=ServiceArea.PRIMARY_CARE,
    places=("Central ICP", "South ICP"),
    author_triage=(True, False),
    summary=prose("""
        People with minor ailments often go to general practice, an urgent treatment centre or an
        emergency department when a community pharmacist could help. This proposal seeks a common minor
        ailments service from community pharmacies across the Central and South ICPs, building on the
        national community pharmacist consultation service.

        It would add a local formulary of medicines that pharmacists can supply free of charge to people
        exempt from prescription charges, and a referral route from 111 and general practice.
    """),
    ics_aspirations=prose("""
        The service supports the ICS aspirations to improve access to primary care and to meet urgent
        care demand in the right place.

        Local pharmacy services are a place-level responsibility in the ICS's remit.
    """),
    quality_safety=prose("""
        Evaluations of minor ailments schemes show outcomes comparable with general practice for common
        conditions. The national consultation service has its own standards and training.

        Locally, 14% of general practice appointments are for self-limiting minor conditions.
    """),
    finance_summary=prose("""
        Recurrent cost of £160k a year for pharmacy consultation fees and the local formulary. Savings of
        £120k a year from reduced general practice and urgent treatment centre activity, released as
        capacity rather than cash.

        Costs would be shared between the CCGs of the two ICPs in proportion to population.
    """),
    contracting=prose("""
        Commissioned as a locally commissioned service from community pharmacies, through each CCG's
        standard agreement and with the local pharmaceutical committee.

        No procurement is needed: any pharmacy meeting the service standards may sign up.
    """),
    delivery=prose("""
        Quarter 2 2026/27: specification agreed with the local pharmaceutical committee. Quarter 3:
        training and sign-up. Quarter 4: service live.

        The service would be evaluated after twelve months.
    """),
    engagement=prose("""
        A Healthwatch survey showed strong support for getting help at a pharmacy. Pharmacy contractors
        were engaged through the local pharmaceutical committee.

        No formal consultation is required.
    """),
    finance=Finance(spend=(40 * K,) * 8, savings=(30 * K,) * 8),
    risks=(
        RiskSpec("Few pharmacies in deprived areas take up the service.", 3, 3,
                 "Targeted support from the local pharmaceutical committee.",
                 "Primary Care Commissioning Manager"),
        RiskSpec("The public are not aware of the service.", 3, 2,
                 "Campaign with 111 and general practices.", "Head of Communications and Engagement"),
    ),
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1", "Nationally described: the Group will consider whether an ICS-level solution adds anything."),
        ReferToPlace("clg-2", "The standards and service model are described nationally and this is not an "
                              "area of service vulnerability affecting more than one ICP. The Group did not "
                              "support an ICS-level solution: the service is best commissioned by each place "
                              "with its local pharmaceutical committee, escalating any barriers to "
                              "sustainability to the ICS Management Group."),
        Escalate(prose("""
            Two places cannot sustain the service on their own: community pharmacy opening hours in the
            rural north of the ICS are too short, and the local pharmaceutical committee covers four
            places with one officer. The Group asks the ICS Management Group to consider a shared
            workforce and communications offer that the places could draw on.
        """)),
    ),
)
