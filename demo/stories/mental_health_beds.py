"""A demo proposal. Formal approval: the FT Committees in Common approved; the Joint CCG Committee was not
quorate for it (two members declared interests), so its chair approved it by chair's action, which the
Committee's next meeting is to ratify; NHS Coastline CCG's Governing Body is still to decide."""

from demo.organisation import prose
from demo.stories.steps import (
    ALL_PLACES,
    Accept,
    Approve,
    CompleteAssessment,
    DeferInquorate,
    Finance,
    K,
    ProposalSpec,
    QualityAssure,
    RiskSpec,
    Score,
    SignOff,
    Submit,
    TakeChairsAction,
    Triage,
)
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Single operating model for mental health acute and PICU beds",
    lead="lead2",
    workstream="mh",
    service_area=ServiceArea.MENTAL_HEALTH,
    places=ALL_PLACES,
    summary=prose("""
        Adults who need a mental health acute or psychiatric intensive care unit (PICU) bed are too
        often admitted far from home. In 2025/26, 214 people from the ICS were placed out of area,
        61 of them in PICU beds more than 50 miles away, at an average cost of £780 a night. Each
        trust manages its own beds, and a patient in one ICP may be sent out of area while a
        suitable bed is free in another.

        This case proposes a single operating model for acute and PICU beds across the ICS: one bed
        management hub with real-time sight of every bed, common admission and discharge criteria,
        a shared escalation protocol, and a standard commissioning approach to acute and PICU
        services. It also commits the ICS to a peer review of local crisis services, so that risk and
        benefit can be understood and managed across the system.
    """),
    ics_aspirations=prose("""
        The proposal supports the ICS aspirations to end inappropriate out-of-area placements, to
        treat people in the least restrictive setting close to home, and to narrow the differences
        in access to mental health care between places.

        It is a system-level issue: no single trust or ICP has enough PICU capacity to manage peaks
        on its own, and the ICS's beds only work as one resource if they are managed as one.
    """),
    quality_safety=prose("""
        National reviews and the experience of other systems show that out-of-area placements are
        associated with longer stays, weaker links with community teams and family, and poorer
        experience. Seventeen serious incidents in 2025/26 involved delayed transfer or placement far
        from home.

        A single hub, run by Fellside and Coast Mental Health NHS Foundation Trust on behalf of all
        providers, would give clinicians one view of capacity and make gatekeeping by crisis teams
        consistent. PICU standards would be commissioned in line with the national minimum
        standards, and the peer review of crisis services will report to the Mental Health Programme
        Board.
    """),
    finance_summary=prose("""
        Recurrent cost of £380k a year for the bed management hub (clinical bed managers, a
        consultant lead and the bed visibility system licence), plus £60k non-recurrent for set-up in
        quarter 1 2026/27.

        Savings come from reducing out-of-area placements by at least 60% over two years: £750k in
        2026/27 and £1.4m in 2027/28. Savings are shared between commissioners in proportion to their
        2025/26 out-of-area spend, and a share is reinvested in crisis alternatives under the risk and
        gain share.
    """),
    contracting=prose("""
        Fellside and Coast Mental Health NHS Foundation Trust would host the hub under a variation to
        its existing contract, with a hub specification agreed by all commissioners. The other mental
        health provider would sign a memorandum of understanding on bed sharing and escalation.

        Spot purchasing of independent sector beds would move to a single ICS framework with two
        approved providers, replacing four separate CCG arrangements, which are decommissioned when
        the framework starts. The standard acute and PICU specification would be in every provider's
        contract from 2027/28.
    """),
    delivery=prose("""
        Quarter 1 2026/27: hub staff recruited and bed visibility system installed. Quarter 2: hub
        live in shadow form, reporting daily bed states. Quarter 3: common admission criteria and
        escalation protocol in force; independent sector framework procured. Quarter 4: peer review
        of crisis services complete.

        Progress will be reported monthly to the Mental Health Programme Board and quarterly to the
        Joint CCG Committee, with out-of-area placements as the headline measure.
    """),
    engagement=prose("""
        Service users and carers co-designed the escalation protocol in three workshops run with the
        local mental health forum, and two lived-experience representatives sit on the programme
        board. Their priority, being kept close to family, is the headline measure of success.

        The proposal changes how beds are managed, not where services are provided, and no bed
        closures are proposed, so formal consultation is not required. The overview and scrutiny
        committees will receive a briefing.
    """),
    finance=Finance(
        spend=(95 * K,) * 8,
        savings=(50 * K, 150 * K, 250 * K, 300 * K, 350 * K, 350 * K, 350 * K, 350 * K),
        set_up=(("2026/27", 1, 60 * K),),
    ),
    risks=(
        RiskSpec("Demand exceeds the ICS's total bed capacity, so out-of-area placements continue despite "
                 "the hub.", 3, 4,
                 "Crisis alternatives funded from reinvested savings; monthly review of length of stay and "
                 "delayed discharges.", "Mental Health Programme Director"),
        RiskSpec("Providers are reluctant to admit patients from outside their own catchment.", 3, 3,
                 "Memorandum of understanding with an agreed escalation route; clinical leadership through "
                 "the programme board.", "Medical Director, Fellside and Coast Mental Health NHS FT"),
        RiskSpec("Procurement of the independent sector framework is delayed.", 2, 3,
                 "Interim call-off from existing arrangements; procurement timetable agreed with the "
                 "commissioning support unit.", "Head of Contracting"),
    ),
    scores={"assessor1": (4, 4, 4, 3, 3), "assessor2": (4, 3, 5, 3, 3), "assessor3": (4, 5, 4, 4, 3)},
    score_notes={
        "aspirations": "Clear links to ending out-of-area placements and care close to home, and a "
                       "convincing argument that beds only work as one ICS resource.",
        "quality": "Out-of-area numbers, serious incidents and national evidence are cited; outcome measures "
                   "beyond placements are thin.",
        "finance": "The savings rest on current out-of-area spend, with a quarterly profile and a risk and "
                   "gain share.",
        "risks": "Capacity, provider behaviour and procurement risks are identified with mitigations.",
        "contracting": "Hosting by variation and a single independent sector framework are described; the "
                       "framework timetable is tight.",
    },
    remarks={
        "assessor2": {"finance": "The out-of-area baseline reconciles to the CCG ledgers."},
        "assessor3": {"quality": "Service users co-designing the escalation protocol is a real strength."},
    },
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}. The Group "
                                    "discussed the two-point spread on quality and safety and accepted the "
                                    "assessors' scores."),
        QualityAssure("icsmg-1", "Quality assured and ready for stakeholder sign-off."),
        SignOff("hsg-1", ("ft-cic", "jcc", "coastline-ccg"),
                "Signed off. The hub is hosted by one trust on behalf of all providers, so the FT "
                "Committees in Common must approve as well as the Joint CCG Committee; NHS Coastline CCG's "
                "Governing Body approves as the lead commissioner of the hub's contract."),
        Approve("ft-cic", "ft-cic-1", "The Committees in Common approved the hosting of the bed management "
                                      "hub and the memorandum of understanding on bed sharing."),
        DeferInquorate(
            "jcc-1",
            (("jcc_northfell", "Chair of the Mental Health Programme Board, which sponsors the proposal."),
             ("jcc_riverside", "A close family member is a consultant psychiatrist at the trust proposed to host "
                               "the bed management hub.")),
            "Deferred: with two members declaring interests the Committee was not quorate for this item. The "
            "chair is asked to consider chair's action, given the winter bed position.",
        ),
        TakeChairsAction(
            "jcc", "approved", "jcc_moorside",
            "Out-of-area placements rise each winter: the hub must be hosted from January, before the "
            "Committee next meets.",
            "Approved on the Committees in Common's terms: hosting by one trust, and the memorandum of "
            "understanding on bed sharing.",
        ),
    ),
)
