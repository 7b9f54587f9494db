"""A demo proposal. Withdrawn by the author before triage."""

from demo.organisation import prose
from demo.stories.steps import ALL_PLACES, Finance, K, ProposalSpec, RiskSpec, Submit, Withdraw
from proposals.enums import ServiceArea

STORY = ProposalSpec(
    title="Single ICS individual funding request policy and panel",
    lead="lead",
    workstream="elective",
    service_area=ServiceArea.OTHER,
    places=ALL_PLACES,
    author_triage=(True, False),
    summary=prose("""
        Each CCG runs its own individual funding request (IFR) panel, applying the same national
        framework through local policies that differ. Panels meet at different intervals, and similar
        requests can be decided differently in different CCGs.

        This case proposes a single ICS IFR policy and panel, supported by one team.
    """),
    ics_aspirations=prose("""
        The proposal supports equity of access and consistent decision-making across the ICS.

        Shared policy development, including IFRs, is named in the ICS remit.
    """),
    quality_safety=prose("""
        Consistency is the main quality benefit: a review of 2025/26 decisions found eleven cases where
        similar requests were decided differently.

        A single panel would build expertise and draw clinical advice from a wider pool.
    """),
    finance_summary=prose("""
        Recurrent cost of £60k a year for a single IFR team, offset by £40k a year of savings from
        merging four panels.

        The case is broadly cost neutral: its benefit is consistency rather than savings.
    """),
    contracting=prose("""
        No contracting implications beyond updating contract references to IFR policies.

        The shared IFR team would be hosted by Riverside CCG under a hosting agreement.
    """),
    delivery=prose("""
        Quarter 2 2026/27: policy agreed and team hosted. Quarter 3: single panel in place.

        The four CCG panels would close once the single panel has run for three months.
    """),
    engagement=prose("""
        Patient representatives on the existing panels were consulted and support a single panel.

        No formal consultation is required.
    """),
    finance=Finance(spend=(15 * K,) * 8, savings=(10 * K,) * 8),
    risks=(
        RiskSpec("Backlog of requests during the move to a single panel.", 2, 3,
                 "Panels run in parallel for three months.", "IFR Team Manager"),
        RiskSpec("Differences in local policy are exposed and challenged.", 3, 2,
                 "Harmonised policy published before the single panel starts.", "Head of Corporate Affairs"),
    ),
    route=(
        Submit(),
        Withdraw("Withdrawn by the author: NHS England has announced a regional review of IFR arrangements "
                 "that will set a common policy framework. The Elective Care Programme Board will align the "
                 "ICS approach to that review instead of running a separate process."),
    ),
)
