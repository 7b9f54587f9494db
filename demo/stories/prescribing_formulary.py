"""A demo proposal. Submitted: awaiting triage at the next Clinical Leadership Group."""

from demo.organisation import prose
from demo.stories.steps import ALL_PLACES, Finance, K, ProposalSpec, RiskSpec, Submit, Table
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Shared ICS prescribing policy and joint formulary",
    lead="lead",
    workstream="elective",
    service_area=ServiceArea.PRIMARY_CARE,
    places=ALL_PLACES,
    author_triage=(True, False),
    summary=prose("""
        The four CCGs each keep their own formulary and prescribing policies, and the two area
        prescribing committees make overlapping decisions. Prescribers working across boundaries, and
        trusts serving several CCGs, face different rules for the same medicines.

        This case proposes a single ICS prescribing policy and joint formulary, one area prescribing
        committee for the ICS, and a common approach to efficient prescribing, including switching to
        best-value biosimilars, reducing low-value prescribing and consistent shared care arrangements.
    """),
    ics_aspirations=prose("""
        The proposal supports the ICS aspirations for equity, efficiency and safety in the use of
        medicines. Shared policy development is named in the ICS remit.

        A single formulary also supports the ICS's digital aspirations: one formulary can be built into
        every prescribing system.
    """),
    quality_safety=prose("""
        Differences between formularies cause confusion when care is transferred: medicines
        reconciliation audits found formulary differences in 9% of discharges across CCG boundaries.

        Shared care arrangements for specialist medicines differ between CCGs, so some patients are asked
        to go back to hospital for a prescription. A single policy removes that risk.
    """),
    finance_summary=prose("""
        Recurrent cost of £80k a year for medicines optimisation pharmacist time to run the single
        committee and formulary.

        Savings from biosimilar switching and less low-value prescribing are estimated at £560k in
        2026/27 and £880k in 2027/28, based on national prescribing comparators.
    """),
    contracting=prose("""
        No procurement. Formulary compliance would be written into acute and community contracts as a
        schedule, and the CCG formularies withdrawn.

        Shared care agreements would be reissued as ICS agreements with general practice, through the
        local medical committee.
    """),
    delivery=prose("""
        Quarter 1 2026/27: single area prescribing committee established. Quarters 2 and 3: formularies
        merged chapter by chapter. Quarter 4: single formulary live.

        Prescribing data will be monitored monthly.
    """),
    engagement=prose("""
        The local medical committee, local pharmaceutical committee and trust drugs and therapeutics
        committees have been engaged. Patient representatives will sit on the area prescribing
        committee.

        No change to patients' access to medicines is intended, so formal consultation is not expected
        to be required; any medicine removed from the formulary will have a patient communication plan.
    """),
    finance=Finance(
        spend=(20 * K,) * 8,
        savings=(60 * K, 120 * K, 180 * K, 200 * K, 220 * K, 220 * K, 220 * K, 220 * K),
    ),
    risks=(
        RiskSpec("Clinicians disagree on formulary choices where CCG formularies differ.", 3, 3,
                 "Chapter-by-chapter clinical review with specialist input.", "ICS Chief Pharmacist"),
        RiskSpec("Patients are worried about switching medicines.", 3, 2,
                 "Patient information and clinician-led switches.", "Medicines Optimisation Lead"),
    ),
    route=(Submit(), Table("clg-3")),
)
