"""A demo proposal. Stakeholder sign-off: deferred once by the Health Strategy Group, back at its next meeting."""

from demo.organisation import prose
from demo.stories.steps import (
    ALL_PLACES,
    Accept,
    CompleteAssessment,
    Defer,
    Finance,
    K,
    ProposalSpec,
    QualityAssure,
    RiskSpec,
    Score,
    Submit,
    Table,
    Triage,
)
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Integrated urgent care: NHS 111 and GP out-of-hours services",
    lead="lead2",
    co_authors=("coauthor",),
    workstream="uec",
    service_area=ServiceArea.URGENT_CARE,
    places=ALL_PLACES,
    summary=prose("""
        NHS 111 and GP out-of-hours services in the ICS are commissioned under five separate
        contracts that end between March and September 2027. Callers who need a clinician are passed
        between services, and the share of 111 calls receiving clinical input varies from 31% to 52%
        between ICPs.

        This case asks the ICS to agree a single integrated urgent care specification and business
        case, incorporating the future arrangements for NHS 111 and GP out-of-hours services, and the
        commissioning and procurement process to deliver the service from April 2027.
    """),
    ics_aspirations=prose("""
        An integrated service is central to the ICS aspirations for urgent and emergency care: the
        right care first time, fewer avoidable emergency department attendances and ambulance
        dispatches, and the same access wherever people live. One clinical assessment service that
        practices can rely on out of hours also supports the resilience of general practice.

        111 and ambulance services are named in the ICS remit as strategic commissioning functions
        best carried out at system scale.
    """),
    quality_safety=prose("""
        The national integrated urgent care specification sets the standards. Locally, 23% of 111
        callers are advised to attend an emergency department, against 15% in systems with a
        clinical assessment service. Audits show repeat calls and duplicate triage when patients are
        transferred between 111 and out-of-hours providers.

        A single clinical assessment service, with direct booking into urgent treatment centres,
        same-day emergency care and general practice, would cut handoffs and give every caller who
        needs one access to a clinician. One clinical governance group would report to the Urgent and
        Emergency Care Programme Board.
    """),
    finance_summary=prose("""
        The five current contracts are worth £14.6m a year. The new service is expected to cost
        £15.4m, an increase of £840k a year from 2027/28 for the enhanced clinical assessment
        service. Non-recurrent procurement and mobilisation costs are £400k in 2026/27.

        Savings from avoided emergency department attendances and ambulance dispatches, and from
        removing overheads duplicated across five contracts, are estimated at £1.1m in 2027/28, so
        the service is cash positive in its first full year. The costing spreadsheet and activity
        model are attached.
    """),
    contracting=prose("""
        A competitive procurement under the Provider Selection Regime is proposed, for a five-year
        contract with an option to extend for two years. The five existing contracts will be allowed
        to expire; two need short extensions, permitted under their terms, to align their end dates
        to 31 March 2027.

        A collaboration agreement between the CCGs will make Coastline CCG lead commissioner. The
        contract will include the national specification, a local clinical assessment service
        schedule and outcome-based key performance indicators.
    """),
    delivery=prose("""
        Quarter 1 2026/27: specification and business case approved. Quarter 2: market engagement and
        invitation to tender. Quarter 3: evaluation and contract award. Quarter 4: mobilisation,
        including transfer of staff under TUPE where it applies. Service starts 1 April 2027.

        A mobilisation board chaired by the lead commissioner will oversee readiness, with go-live
        assurance from NHS England's regional team.
    """),
    engagement=prose("""
        A survey of 1,850 people who had used 111 or out-of-hours services, and sessions with patient
        participation groups in every ICP, informed the specification: callers want fewer repeated
        questions and a clear time for a call back.

        The way people reach the service does not change (they still call 111), so formal consultation
        is not expected to be required. This has been discussed with the chairs of the overview and
        scrutiny committees, who will receive the final specification.
    """),
    finance=Finance(
        spend=(0, 0, 0, 0, 210 * K, 210 * K, 210 * K, 210 * K),
        savings=(0, 0, 0, 0, 180 * K, 260 * K, 320 * K, 340 * K),
        set_up=(("2026/27", 1, 90 * K), ("2026/27", 2, 60 * K), ("2026/27", 4, 250 * K)),
    ),
    risks=(
        RiskSpec("Few providers can deliver an integrated service at ICS scale.", 3, 4,
                 "Early market engagement; a decision point to divide the contract into lots if interest "
                 "is low.", "Head of Contracting"),
        RiskSpec("The mobilisation period is too short for a safe transfer of service.", 3, 5,
                 "Six-month mobilisation; contingency extension clauses agreed with the current providers.",
                 "Lead Commissioner, Urgent Care"),
        RiskSpec("Clinicians for the clinical assessment service cannot be recruited.", 3, 4,
                 "Remote working model; shared rota with general practice; workforce plan required in "
                 "tenders.", "Urgent and Emergency Care Programme Director"),
    ),
    scores={"assessor1": (4, 4, 3, 3, 4), "assessor2": (4, 3, 4, 3, 5), "assessor3": (4, 4, 3, 4, 4)},
    score_notes={
        "aspirations": "Supports the urgent care aspirations and the resilience of general practice; 111 is "
                       "named in the ICS remit as a system function.",
        "quality": "Local disposition and repeat-call data are compared with systems that have a clinical "
                   "assessment service.",
        "finance": "A clear comparison of current and future contract values with quarterly mobilisation "
                   "costs; the avoided-attendance savings depend on changes in behaviour.",
        "risks": "Market, mobilisation and workforce risks are identified; the response to a failed "
                 "procurement could be firmer.",
        "contracting": "The procurement route, contract length, alignment of end dates and the lead "
                       "commissioner arrangement are all set out.",
    },
    procurement_route="competitive",
    procurement="A competitive process under the Provider Selection Regime: several providers could deliver an "
                "integrated 111 and clinical assessment service at ICS scale, and market engagement showed "
                "interest from three. Bids are assessed against the five key criteria, quality and integration "
                "weighted highest.",
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}."),
        QualityAssure("icsmg-1", "Quality assured. The procurement timetable should include a decision point "
                                 "if market interest is low."),
        Defer("hsg-1", "Deferred to the next meeting: the Group asked to see the outcome of market "
                       "engagement before giving sign-off."),
        Table("hsg-2"),
    ),
)
