"""A demo proposal. Approved: ready to consult, approved by the host FT board and the Joint CCG Committee."""

from demo.organisation import prose
from demo.stories.steps import (
    Accept,
    Approve,
    CompleteAssessment,
    Finance,
    K,
    ProposalSpec,
    QualityAssure,
    RiskSpec,
    Score,
    SignOff,
    Submit,
    Triage,
)
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Configuration of hyper-acute and acute stroke services",
    lead="lead2",
    workstream="uec",
    service_area=ServiceArea.STROKE,
    places=("North ICP", "Central ICP", "South ICP"),
    summary=prose("""
        Stroke care across the North, Central and South ICPs is provided from five hospital sites.
        Three admit fewer than 600 confirmed strokes a year, below the level at which a hyper-acute
        stroke unit can sustain consultant-led cover seven days a week. Performance in the national
        stroke audit varies: two sites are rated C or below, and door-to-needle times for
        thrombolysis range from 38 to 71 minutes.

        This outline business case asks the ICS to agree a preferred configuration of three
        hyper-acute stroke units, each with an acute stroke unit, with rehabilitation and TIA
        clinics continuing at the other two sites, and to decide that the proposal is ready for
        public consultation. A full business case would follow the consultation.
    """),
    ics_aspirations=prose("""
        Stroke is a leading cause of death and the largest single cause of complex disability in the
        ICS. A configuration that meets the national specification contributes directly to the
        aspirations of reducing premature mortality, reducing unwarranted variation between places
        and making the best use of a scarce specialist workforce.

        The configuration of hyper-acute and acute stroke services is a system-level decision in the
        ICS's remit: no single ICP can secure the sustainability of its own service alone.
    """),
    quality_safety=prose("""
        The national stroke specification and the clinical evidence show that patients treated in
        high-volume hyper-acute units are more likely to survive and to live independently. The
        stroke network's modelling estimates that the preferred configuration would see 48 more
        patients a year living independently at six months, and would raise the proportion scanned
        within an hour of arrival from 54% to over 80%.

        Each hyper-acute unit would provide seven-day consultant-led care and a dependable
        thrombectomy referral route to the regional neuroscience centre. Travel-time analysis shows
        97% of the population within 45 minutes of a hyper-acute unit by blue-light ambulance.
    """),
    finance_summary=prose("""
        Additional recurrent cost of £720k a year from quarter 3 2026/27 for consultant, specialist
        nursing and therapy posts at the three hyper-acute units, and £400k non-recurrent in 2026/27
        for public consultation and transitional costs. Capital for ward changes (£2.1m) is being
        sought through the ICS capital programme and is not included here.

        Savings come from shorter stays and lower long-term care costs as more patients return home
        independent: £180k in 2026/27 rising to £920k in 2027/28, so the proposal is cash positive
        from 2027/28. The figures will be refreshed for the full business case.
    """),
    contracting=prose("""
        Stroke services are provided under existing acute contracts. No procurement is proposed: the
        change would be made through variations to the contracts of the three host trusts and the two
        trusts whose hyper-acute activity would move, with a common stroke service schedule.

        Changes to ambulance conveyance will be agreed through the ambulance lead commissioner. The
        two sites that would stop admitting hyper-acute cases keep acute rehabilitation and TIA
        clinics, so no service leaves either site entirely.
    """),
    delivery=prose("""
        Subject to approval, a twelve-week public consultation would start in quarter 2 2026/27. Its
        outcome would come to the Joint CCG Committee in quarter 3, with a decision on the full
        business case in quarter 4.

        Implementation would be phased: the first transfer of hyper-acute activity no earlier than
        quarter 1 2027/28, and only once the receiving unit meets the workforce and bed readiness
        criteria agreed by the stroke network.
    """),
    engagement=prose("""
        This is a substantial variation in service and requires formal public consultation. An
        eight-week pre-consultation engagement programme heard from over 1,100 people, including
        stroke survivors and carers through local stroke survivor groups. Travel for visitors was
        the most frequent concern and is addressed in the consultation document.

        The three overview and scrutiny committees have been briefed and a joint health scrutiny
        committee will be formed. NHS England's assurance of the proposal will be completed before
        consultation begins.
    """),
    finance=Finance(
        spend=(0, 0, 180 * K, 180 * K, 180 * K, 180 * K, 180 * K, 180 * K),
        savings=(0, 0, 60 * K, 120 * K, 200 * K, 220 * K, 240 * K, 260 * K),
        set_up=(("2026/27", 1, 150 * K), ("2026/27", 2, 250 * K)),
    ),
    risks=(
        RiskSpec("The consultation is challenged on travel times and access for visitors.", 3, 5,
                 "Independent travel analysis published; visitor transport options set out in the "
                 "consultation document; legal review of the consultation process.",
                 "Head of Communications and Engagement"),
        RiskSpec("Receiving units cannot recruit consultant and nursing posts before activity moves.", 4, 4,
                 "Transfers phased against readiness criteria; joint appointments across sites through the "
                 "stroke network.", "Clinical Director, Stroke Network"),
        RiskSpec("Ambulance conveyance times rise beyond the modelled levels.", 2, 4,
                 "Ambulance modelling validated; on-scene-to-door times monitored after each phase.",
                 "Ambulance Lead Commissioner"),
        RiskSpec("Capital for ward changes is not secured in time.", 3, 3,
                 "Scheme prioritised in the ICS capital programme; phasing allows interim use of existing "
                 "beds.", "ICS Director of Finance"),
    ),
    scores={"assessor1": (5, 5, 3, 4, 3), "assessor2": (4, 4, 3, 4, 3), "assessor3": (5, 5, 3, 4, 3)},
    score_notes={
        "aspirations": "Stroke configuration is a system decision in the ICS remit and the case ties it to "
                       "mortality, variation and workforce.",
        "quality": "Audit ratings by site, door-to-needle times and the network's outcome modelling make a "
                   "compelling case.",
        "finance": "Revenue costs and savings are profiled by quarter, but capital sits outside the case and "
                   "the savings are modelled rather than tested.",
        "risks": "Consultation, workforce, ambulance and capital risks are each identified with an owner and "
                 "a mitigation.",
        "contracting": "Delivery through contract variations is described; the ambulance contract changes "
                       "need more detail in the full business case.",
    },
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}."),
        QualityAssure("icsmg-1", "Quality assured. The consultation document must set out the capital "
                                 "assumptions."),
        SignOff("hsg-1", ("riverside-ft", "jcc"),
                "Signed off as ready to consult. Riverside Hospitals NHS Foundation Trust would host the "
                "largest hyper-acute unit, so its Board must also approve the configuration."),
        Approve("riverside-ft", "riverside-ft-1", "The Board approved the preferred configuration and the "
                                                  "Trust's role as host of a hyper-acute stroke unit, "
                                                  "subject to the workforce readiness criteria."),
        Approve("jcc", "jcc-1", "The Committee approved the outline business case and agreed the proposal "
                                "is ready for public consultation. The Moorside CCG representative "
                                "abstained pending the travel analysis for the upland villages.",
                votes=(3, 0, 1)),
    ),
)
