"""A demo proposal. Draft: still being written."""

from demo.organisation import prose
from demo.stories.steps import ALL_PLACES, Finance, K, ProposalSpec, RiskSpec
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Commissioning for outcomes in lung cancer care",
    lead="lead2",
    co_authors=("coauthor",),
    workstream="cancer",
    service_area=ServiceArea.CANCER,
    places=ALL_PLACES,
    author_triage=(False, True),
    summary=prose("""
        Cancer services across the ICS are commissioned through activity-based contracts that pay for
        procedures and appointments rather than outcomes. A commissioning for outcomes approach would
        agree a set of outcomes for a tumour-site pathway (earlier diagnosis, one-year survival, patient
        experience) and align contracts and incentives with them.

        This draft proposes to start with lung cancer, where the ICS's one-year survival is below the
        national average and where the targeted lung health check programme gives a platform for earlier
        diagnosis.
    """),
    ics_aspirations=prose("""
        The proposal would contribute to the ICS aspirations to diagnose cancer earlier, to improve
        survival and to reduce the gap in outcomes between the most and least deprived places.

        Agreeing new strategic approaches to commissioning cancer care, building on commissioning for
        outcomes, is a system-level function.
    """),
    quality_safety=prose("""
        Only 31% of lung cancers in the ICS are diagnosed at stages 1 and 2. Where lung health checks
        have run, the proportion diagnosed early has roughly doubled.

        An outcomes framework would be developed with the cancer alliance's lung pathway group and
        patients; the draft measures are in the appendix.
    """),
    finance_summary=prose("""
        Draft: recurrent cost of £280k a year for pathway navigation and outcomes reporting, and £50k
        non-recurrent for developing the framework.

        Savings from earlier diagnosis and fewer emergency presentations are estimated at £130k in
        2026/27 and £480k in 2027/28. These figures are still being checked with the Financial Leadership
        Group.
    """),
    contracting=prose("""
        An outcomes schedule would be added to the lung pathway contracts of the three acute trusts, with
        a share of payment linked to outcomes from 2027/28.

        The contracting approach is still to be agreed with the trusts' finance directors.
    """),
    delivery=prose("""
        Quarters 1 and 2 2026/27: outcomes framework agreed. Quarters 3 and 4: shadow year of reporting.
        2027/28: outcome-linked payment starts.

        Delivery would be overseen by the Cancer Programme Board.
    """),
    engagement=prose("""
        People affected by lung cancer will help choose the outcome measures through the cancer
        alliance's patient panel.

        Engagement plans will be completed before submission.
    """),
    finance=Finance(
        spend=(70 * K,) * 8,
        savings=(0, 0, 50 * K, 80 * K, 120 * K, 120 * K, 120 * K, 120 * K),
        set_up=(("2026/27", 1, 50 * K),),
    ),
    risks=(
        RiskSpec("Outcome measures take longer to agree than planned.", 3, 3,
                 "Start from the national cancer outcome measures.", "Cancer Programme Manager"),
        RiskSpec("Trusts resist linking payment to outcomes.", 3, 4,
                 "Shadow year before any payment is at risk.", "Head of Contracting"),
    ),
    route=(),
)
