"""A demo proposal. Assessment: one assessor has submitted, one is part-way through, one has not started."""

from demo.organisation import prose
from demo.stories.steps import (
    ALL_PLACES,
    Accept,
    Finance,
    InProgress,
    K,
    ProposalSpec,
    RiskSpec,
    Score,
    Submit,
    Table,
    Triage,
)
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Children and young people's mental health inpatient units integrated with local pathways",
    lead="lead2",
    workstream="mh",
    service_area=ServiceArea.CHILDREN,
    places=ALL_PLACES,
    author_triage=(False, True),
    summary=prose("""
        Young people from the ICS who need a mental health inpatient bed are often admitted many miles
        from home: in 2025/26, 38 of 71 admissions were to units outside the region. Inpatient services
        are commissioned by NHS England, and community and crisis services by the CCGs, and the two are
        not planned together.

        This case sets out a plan for children and young people's inpatient units integrated with local
        pathways: a 12-bed general adolescent unit within the ICS, an intensive home treatment service
        in each ICP to prevent admission and support early discharge, and joint commissioning with NHS
        England through the provider collaborative.
    """),
    ics_aspirations=prose("""
        The plan supports the ICS aspirations for children and young people: care close to home and
        family, early intervention, and parity of esteem between mental and physical health.

        Integrating specialised inpatient commissioning with local pathways is a system-level issue that
        no single ICP can resolve.
    """),
    quality_safety=prose("""
        Admission far from home disrupts education and family contact, and stays are longer: the median
        length of stay is 74 days for out-of-region admissions against 41 days within the region.
        National reviews of inpatient care for young people recommend intensive community alternatives
        and local beds.

        Intensive home treatment teams elsewhere have reduced admissions by a quarter. The new unit would
        meet the national quality network standards, and its clinical model has been reviewed by the
        provider collaborative's clinical reference group.
    """),
    finance_summary=prose("""
        Recurrent cost of £600k a year from quarter 3 2026/27 for intensive home treatment teams, and
        £100k non-recurrent in quarter 2 for set-up. The inpatient unit's capital and running costs sit
        within the provider collaborative's budget and are not included here.

        Savings from fewer out-of-region admissions and shorter stays: £240k in 2026/27 and £880k in
        2027/28.
    """),
    contracting=prose("""
        Intensive home treatment would be commissioned by variation to the existing children and young
        people's mental health contracts in each ICP. The inpatient unit would be commissioned by the
        provider collaborative under its delegated arrangements with NHS England.

        Commissioners will agree a joint pathway schedule covering admission, home treatment and
        discharge.
    """),
    delivery=prose("""
        Quarter 2 2026/27: recruitment to home treatment teams. Quarter 3: teams live in two ICPs.
        Quarter 4: teams live in all four ICPs. The inpatient unit is planned to open in 2028, subject
        to capital.

        Progress will be overseen by the Mental Health Programme Board.
    """),
    engagement=prose("""
        Young people with lived experience co-produced the home treatment model through the youth
        advisory group, and parents and carers took part in two workshops. Schools and local authority
        children's services were engaged throughout.

        A new inpatient unit is a significant service change: a consultation plan for its location will
        be brought separately.
    """),
    finance=Finance(
        spend=(0, 0, 150 * K, 150 * K, 150 * K, 150 * K, 150 * K, 150 * K),
        savings=(0, 0, 80 * K, 160 * K, 220 * K, 220 * K, 220 * K, 220 * K),
        set_up=(("2026/27", 2, 100 * K),),
    ),
    risks=(
        RiskSpec("Capital for the inpatient unit is not secured.", 3, 4,
                 "Capital bid through the provider collaborative; home treatment goes ahead regardless.",
                 "Provider Collaborative Director"),
        RiskSpec("Specialist staff for home treatment cannot be recruited.", 4, 3,
                 "Joint posts with the inpatient unit; rotational training.",
                 "Children and Young People's Mental Health Commissioning Lead"),
        RiskSpec("Out-of-region admissions continue for specialist beds outside the unit's scope, such as "
                 "eating disorders.", 3, 3,
                 "Scope monitored; link with the eating disorder network.", "Mental Health Programme Director"),
    ),
    scores={
        "assessor1": (4, 4, 3, 3, 3),
        "assessor3": InProgress((4, 5, None, None, None)),
        "assessor2": None,
    },
    score_notes={
        "aspirations": "A clear contribution to care close to home and early intervention for children and "
                       "young people.",
        "quality": "The length-of-stay comparison and the evidence from home treatment teams elsewhere "
                   "support the case.",
        "finance": "Home treatment costs and savings are profiled; the inpatient unit's costs sit with the "
                   "provider collaborative and are not shown.",
        "risks": "Capital, workforce and scope risks are identified with owners.",
        "contracting": "The variation for home treatment is clear; the joint arrangement with the provider "
                       "collaborative needs more detail.",
    },
    route=(
        Submit(),
        Triage("clg-2", confirms=True),
        Accept("clg-2"),
        Score(),
        Table("clg-3"),
    ),
)
