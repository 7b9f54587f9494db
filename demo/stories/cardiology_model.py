"""A demo proposal. Approved: the Joint CCG Committee and the Riverside CCG Governing Body both approved."""

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
    title="Collaborative commissioning model for cardiology in the Central ICP",
    lead="lead",
    co_authors=("coauthor",),
    workstream="speccomm",
    service_area=ServiceArea.CARDIOLOGY,
    places=("Central ICP",),
    author_triage=(False, True),
    summary=prose("""
        Cardiology services for the Central ICP are commissioned in separate pieces. NHS England
        specialised commissioning funds interventional cardiology, complex devices and cardiac
        surgery; Riverside CCG and its neighbours fund diagnostics, heart failure services and
        cardiac rehabilitation. Each budget is managed on its own terms and no one commissioner
        sees the whole pathway a patient travels.

        This business case proposes a collaborative commissioning model for the whole cardiology
        pathway in the Central ICP, led by the Specialised Commissioning Strategy Board as a proof
        of principle for place-based specialised commissioning. Commissioners would agree one
        pathway specification, one set of outcome measures and an aligned budget, breaking down
        organisational boundaries so that resources and infrastructure are used to secure equity of
        access for patients, whichever organisation holds the contract.

        The Joint CCG Committee first identified cardiology as an emerging area of focus for its
        work programme. This case sets out the model, the first two years' costs and savings, and
        the approvals needed.
    """),
    ics_aspirations=prose("""
        The proposal contributes to three of the ICS's outcome aspirations: longer healthy life
        expectancy, through earlier diagnosis and management of heart failure; fair access to
        specialist care wherever a patient lives; and a sustainable, efficient health system. It
        is also a practical test of the ICS principle of doing the right things at the right level
        with the right partners.

        Learning from the Central ICP will inform whether, and how, similar arrangements are
        extended to other ICPs and to other pathways where specialised and non-specialised budgets
        meet, such as complex rehabilitation and renal services.
    """),
    quality_safety=prose("""
        Separate commissioning of the parts of one pathway results in delays and poor patient
        experience. In the Central ICP the median wait from referral to echocardiography is eleven
        weeks, against six weeks in the best-performing ICP, and one in five patients with a new
        diagnosis of heart failure waits more than four weeks for a specialist review. Inpatients
        awaiting transfer for angiography wait a median of 4.2 days.

        The cardiac network's shared referral and waiting-list system, piloted in 2025/26, reduced
        inter-hospital transfer waits for NSTEMI patients by 1.5 days. The model would commission
        that system across the pathway, add a single point of access for heart failure and extend
        community cardiac rehabilitation, where uptake is 38% against a national ambition of 85%.
        Primary PCI remains a high-performing service across the footprint and will be protected.
    """),
    finance_summary=prose("""
        The pathway's combined budget in the Central ICP is £46.8m, of which £29.1m is NHS England
        specialised commissioning and £17.7m CCG. The proposal does not pool these budgets in year
        one; it aligns them under a shared framework with a risk and gain share agreement.

        Investment: £200k non-recurrent in 2026/27 to extend the referral system and set up the
        single point of access, and £240k a year recurrent for a pathway coordination team. Savings
        come from fewer inpatient bed days awaiting transfer and fewer duplicated diagnostic tests:
        £250k in 2026/27, rising to £600k a year from 2027/28. The costing spreadsheet is attached.
    """),
    contracting=prose("""
        Existing contracts with Riverside Hospitals NHS Foundation Trust and the two tier 2
        providers continue in 2026/27, with a shared pathway schedule added by variation. No service
        is decommissioned in the first year. NHS England keeps formal responsibility for the
        specialised element; the CCGs and NHS England will sign a collaboration agreement under
        section 13V of the NHS Act 2006 setting out the aligned budget and how decisions are made.

        From 2027/28 a lead-provider arrangement for the whole pathway will be considered, subject
        to a separate procurement decision by the Joint CCG Committee. The contract schedules will
        carry the outcome measures in this case.
    """),
    delivery=prose("""
        Quarter 1 2026/27: collaboration agreement signed; pathway board established under the
        Specialised Commissioning Strategy Board. Quarter 2: referral system extended to all three
        hospitals; heart failure single point of access live. Quarters 3 and 4: community
        rehabilitation expanded; first outcome report to the Joint CCG Committee.

        A twelve-month evaluation led by the ICS analytics team will report in quarter 2 2027/28 and
        recommend whether to extend the model beyond the Central ICP.
    """),
    engagement=prose("""
        The proposal changes how services are commissioned rather than where they are provided, so
        formal public consultation is not expected to be required. This view will be confirmed with
        the Central ICP's overview and scrutiny committee before implementation.

        Patients with heart conditions have been involved through the cardiac network's patient
        panel and two focus groups run with the local Healthwatch, whose feedback on travel, waiting
        and communication between hospitals shaped the pathway specification. The pathway board will
        include two patient representatives.
    """),
    finance=Finance(
        spend=(60 * K,) * 8,
        savings=(0, 40 * K, 90 * K, 120 * K, 150 * K, 150 * K, 150 * K, 150 * K),
        set_up=(("2026/27", 1, 120 * K), ("2026/27", 2, 80 * K)),
    ),
    risks=(
        RiskSpec("NHS England and CCG budgets stay separately accountable; disagreement over the risk "
                 "share could stall decisions.", 3, 4,
                 "Risk and gain share agreed in the section 13V collaboration agreement before go-live; "
                 "escalation route to the Joint CCG Committee.", "Head of Specialised Commissioning"),
        RiskSpec("Savings from bed days released are not cashable because the beds are re-used.", 4, 3,
                 "Track savings as capacity released and reinvested in elective cardiology; report the "
                 "cashable element separately.", "Senior Finance Business Partner"),
        RiskSpec("Shortage of cardiac physiologists limits extra echocardiography capacity.", 3, 3,
                 "Network-wide physiology rota and shared training posts through the cardiac network.",
                 "Clinical Director, Cardiac Network"),
    ),
    scores={"assessor1": (5, 4, 4, 4, 4), "assessor2": (4, 4, 4, 4, 3), "assessor3": (5, 5, 3, 4, 4)},
    score_notes={
        "aspirations": "The case links the model to healthy life expectancy, fair access and system "
                       "sustainability, and makes it the test case for place-based specialised commissioning.",
        "quality": "Waiting-time and transfer data are given for the Central ICP against the best ICP, and "
                   "the NSTEMI pilot result is a useful local measure.",
        "finance": "A quarterly breakdown and the costing spreadsheet are provided; the savings rely on bed "
                   "days released, which may not all be cashable.",
        "risks": "The register covers the budget risk share, cash release and workforce, each with an owner "
                 "and a mitigation.",
        "contracting": "The section 13V collaboration agreement and the contract variations are clear; the "
                       "later lead-provider option will need its own decision.",
    },
    remarks={"assessor2": {"finance": "I would like the cashable savings reported to the Financial "
                                      "Leadership Group quarterly."}},
    procurement_route="direct_award",
    procurement="The community cardiac rehabilitation service, whose contract with Riverside Community Health "
                "NHS Trust ends on 31 March 2027, is re-awarded to it under direct award process C of the Provider "
                "Selection Regime, with the pathway's outcome measures added: the provider is meeting its current "
                "contract and the service does not change considerably. The Joint CCG Committee decides the award.",
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1", "Accepted for assessment. The Group asked the Financial Leadership Group to look "
                        "closely at the savings."),
        Score(),
        CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}. The Group "
                                    "noted the assessors' comments on cash-releasing savings."),
        QualityAssure("icsmg-1", "Quality assured and ready for stakeholder sign-off, subject to finance "
                                 "confirming the cash-releasing element of the savings before the Joint "
                                 "CCG Committee."),
        SignOff("hsg-1", ("jcc", "riverside-ccg"),
                "Clinical and managerial sign-off given. As the model varies Riverside CCG's contracts, "
                "the Riverside CCG Governing Body must also approve."),
        Approve("jcc", "jcc-1", "The Committee approved the collaborative commissioning model for "
                                "cardiology in the Central ICP and asked for a first outcome report in "
                                "quarter 4.", votes=(4, 0, 0)),
        Approve("riverside-ccg", "riverside-ccg-1", "The Governing Body approved the proposal and "
                                                    "delegated signature of the collaboration agreement "
                                                    "to the Accountable Officer."),
    ),
)
