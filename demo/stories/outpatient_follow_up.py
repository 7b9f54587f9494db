"""A demo proposal. Rejected: assessed below the eligibility threshold."""

from demo.organisation import prose
from demo.stories.steps import Accept, Finance, K, ProposalSpec, Reject, RiskSpec, Score, Submit, Triage
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Eliminating unnecessary outpatient follow-up appointments",
    lead="lead",
    workstream="elective",
    service_area=ServiceArea.ELECTIVE,
    places=("Central ICP", "South ICP"),
    author_triage=(True, False),
    summary=prose("""
        Around 60% of outpatient appointments in the Central and South ICPs are follow-ups, and
        clinical audit suggests that some have little clinical value. This proposal seeks a common ICS
        approach to reducing unnecessary follow-ups, including patient-initiated follow-up and advice
        and guidance.

        It proposes an ICS-wide target ratio of new to follow-up appointments, a common
        patient-initiated follow-up policy for six specialties, and a small central team to support
        trusts.
    """),
    ics_aspirations=prose("""
        The proposal contributes to the aspiration of making the best use of resources and may release
        outpatient capacity to reduce waiting times.

        It is less clear how it contributes to other ICS objectives, and each trust already has its own
        outpatient transformation programme.
    """),
    quality_safety=prose("""
        National guidance supports patient-initiated follow-up for suitable conditions. The case cites
        a national evaluation but offers no local audit of which follow-ups are unnecessary.

        Clinicians are concerned that a blanket ratio could lead to patients with deteriorating
        conditions being lost to follow-up; the proposal does not yet set out safeguards.
    """),
    finance_summary=prose("""
        Recurrent cost of £100k a year for a central support team. Savings of £80k a year are assumed
        from reduced follow-up activity under activity-based payment.

        Under block and aligned payment arrangements, less follow-up activity does not release cash to
        commissioners, so these savings may not be realised.
    """),
    contracting=prose("""
        The target ratio would be a local quality requirement in acute contracts. No procurement is
        needed.

        How this interacts with trusts' outpatient transformation plans and with the national payment
        arrangements has not been worked through.
    """),
    delivery=prose("""
        Quarter 2 2026/27: target ratios agreed with trusts. Quarter 3: patient-initiated follow-up
        policies in place for six specialties. Quarter 4: first review.

        Delivery would be overseen by the Elective Care Programme Board.
    """),
    engagement=prose("""
        The proposal has been discussed with trusts' outpatient leads. Patients have not yet been
        engaged.

        An engagement plan would be developed if the proposal proceeds.
    """),
    finance=Finance(spend=(25 * K,) * 8, savings=(20 * K,) * 8),
    risks=(
        RiskSpec("Patients lost to follow-up come to harm.", 2, 5,
                 "Safeguards to be developed with clinicians.", "Elective Care Programme Director"),
        RiskSpec("Savings are not realised under aligned payment arrangements.", 4, 3,
                 "Review with the Financial Leadership Group.", "Senior Finance Business Partner"),
    ),
    scores={"assessor1": (3, 2, 2, 2, 2), "assessor2": (2, 2, 2, 2, 2), "assessor3": (3, 3, 2, 3, 2)},
    score_notes={
        "aspirations": "It contributes to the best use of resources; other links to ICS objectives are weak "
                       "and overlap the trusts' own programmes.",
        "quality": "It relies on a national evaluation with no local audit, and safeguards for patients with "
                   "deteriorating conditions are missing.",
        "finance": "The savings are not credible under block and aligned payment arrangements.",
        "risks": "Two risks are named but their mitigations are still to be developed.",
        "contracting": "A local quality requirement is proposed, but its interaction with existing plans and "
                       "payment arrangements is not worked through.",
    },
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        Reject("clg-2", "Rejected: the total score of {total} is below the eligibility threshold of "
                        "{threshold}. Unnecessary follow-ups are best tackled through each trust's outpatient "
                        "transformation programme at place; the Elective Care Programme Board is asked to share "
                        "good practice across ICPs instead."),
    ),
)
