"""A demo proposal. Returned: passed assessment at the threshold; the ICS Management Group sent it back."""

from demo.organisation import prose
from demo.stories.steps import (
    Accept,
    CompleteAssessment,
    Finance,
    K,
    ProposalSpec,
    Return,
    RiskSpec,
    Score,
    Submit,
    Triage,
)
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Co-commissioning of specialised complex neurorehabilitation",
    lead="lead",
    workstream="speccomm",
    service_area=ServiceArea.REHABILITATION,
    places=("North ICP", "Central ICP", "North Cumbria ICP"),
    author_triage=(False, True),
    summary=prose("""
        Complex neurorehabilitation, for people with acquired brain injury, spinal cord injury and
        complex neurological conditions, is commissioned by both NHS England specialised commissioning
        (level 1 and 2 inpatient services) and the CCGs (level 3 and community services). Pathways are
        fragmented and community provision is patchy: patients ready to leave a specialist unit wait
        for community rehabilitation that in some places does not exist.

        This case proposes a joint review and a co-commissioning arrangement between NHS England and
        the CCGs for complex rehabilitation in the North, Central and North Cumbria ICPs, with a
        community neurorehabilitation team in each ICP and an aligned budget for the whole pathway.
    """),
    ics_aspirations=prose("""
        The proposal supports the aspirations of care closer to home, less unwarranted variation
        between places, and joined-up specialised and non-specialised care. It builds on the
        cross-boundary arrangements for spinal cord injury and step-up and step-down care that worked
        well during the pandemic response.

        It would also contribute to the national programme for a coordinated rehabilitation network
        and to a wider model of rehabilitation across commissioned pathways.
    """),
    quality_safety=prose("""
        Delayed discharges from the specialist rehabilitation unit average 34 days, and 40% of the
        patients delayed are waiting for community rehabilitation or a care package. Patients and
        families tell us they lose the gains made in hospital while they wait.

        The national audit of specialist rehabilitation shows good functional gains from specialist
        rehabilitation for complex needs. National guidance recommends community neurorehabilitation
        teams, but we have little local outcome data on how well they work.
    """),
    finance_summary=prose("""
        Recurrent cost of £480k a year for three community neurorehabilitation teams, starting in
        quarter 3 2026/27. Savings from fewer delayed discharges and readmissions are estimated at £40k
        in 2026/27 and £340k in 2027/28.

        The proposal is not cash positive within two years. Further savings are expected from smaller
        long-term care packages but have not yet been quantified, and NHS England's contribution to the
        aligned budget is still under discussion.
    """),
    contracting=prose("""
        Community teams would be commissioned through variations to the existing community contracts in
        each ICP. The specialist inpatient unit stays under NHS England's contract.

        A section 13V agreement between NHS England and the CCGs would be needed to align budgets; its
        terms have not yet been drafted.
    """),
    delivery=prose("""
        Quarters 1 and 2 2026/27: joint review of the pathway and agreement of the aligned budget.
        Quarter 3: community teams mobilised in two ICPs. Quarter 4: third team mobilised.

        Delivery would be overseen by the Specialised Commissioning Strategy Board.
    """),
    engagement=prose("""
        People with lived experience of brain injury and their carers, reached through local brain
        injury support groups, contributed case studies about the wait for community rehabilitation.

        The proposal adds community services rather than moving existing ones, so formal consultation is
        not expected to be required.
    """),
    finance=Finance(
        spend=(0, 0, 120 * K, 120 * K, 120 * K, 120 * K, 120 * K, 120 * K),
        savings=(0, 0, 0, 40 * K, 60 * K, 80 * K, 100 * K, 100 * K),
    ),
    risks=(
        RiskSpec("NHS England does not agree its share of the aligned budget.", 4, 4,
                 "Discussion through the Specialised Commissioning Strategy Board; fallback of CCG-only "
                 "funding for the community teams.", "Head of Specialised Commissioning"),
        RiskSpec("Therapists for the community teams cannot be recruited.", 3, 4,
                 "Rotational posts with the specialist unit.", "Director of Community Services"),
    ),
    scores={"assessor1": (4, 4, 2, 3, 3), "assessor2": (3, 3, 2, 3, 2), "assessor3": (4, 4, 2, 3, 3)},
    score_notes={
        "aspirations": "The links to care closer to home and to joining up specialised and non-specialised "
                       "care are clear.",
        "quality": "The delayed discharge data are compelling; local evidence on community team outcomes is "
                   "limited.",
        "finance": "Not cash positive in two years, and NHS England's share of the budget is not agreed.",
        "risks": "Budget and workforce risks are identified; the fallback of CCG-only funding is not "
                 "costed.",
        "contracting": "A section 13V agreement is needed but not drafted, and the contracting route in each "
                       "ICP is only outlined.",
    },
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        CompleteAssessment("clg-2", "Eligible at the threshold: total {total} against {threshold}. The Group "
                                    "drew the finance and contracting scores to the ICS Management "
                                    "Group's attention."),
        Return("icsmg-1", prose("""
            The ICS Management Group supports the aim but returns the business case for revision:
            - confirm NHS England's contribution to the aligned budget in writing;
            - quantify the savings from smaller long-term care packages and show when the proposal
              becomes cash positive;
            - draft heads of terms for the section 13V agreement.

            The Group would welcome the revised case at a future meeting.
        """)),
    ),
)
