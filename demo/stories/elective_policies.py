"""A demo proposal. Quality assurance: deferred once by the ICS Management Group, on its next agenda."""

from demo.organisation import prose
from demo.stories.steps import (
    ALL_PLACES,
    Accept,
    CompleteAssessment,
    Defer,
    Finance,
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
    title="ICS commissioning policies for elective care: pre-surgery optimisation and procedures of "
          "low clinical value",
    lead="lead",
    co_authors=("coauthor",),
    workstream="elective",
    service_area=ServiceArea.ELECTIVE,
    places=ALL_PLACES,
    author_triage=(True, False),
    summary=prose("""
        Each CCG in the ICS has its own policies for pre-surgery optimisation and for procedures of
        low clinical value, written at different times and with different thresholds. Whether a
        patient can have a hip replacement, a tonsillectomy or varicose vein surgery can depend on
        which side of a CCG boundary they live, and providers serving several CCGs apply four sets of
        rules.

        This case proposes one set of ICS commissioning policies for elective care, in two parts: a
        pre-surgery optimisation policy supporting healthier choices before planned surgery (stop
        smoking and weight management support offered while the referral continues), and common
        clinical thresholds for procedures of low clinical value, aligned with the national
        evidence-based interventions programme.
    """),
    ics_aspirations=prose("""
        Common policies support the ICS aspirations for equity of access, prevention and the best use
        of resources. Pre-surgery optimisation links directly to the ICS prevention priorities on
        smoking and obesity.

        Shared policy development is named in the ICS remit as a system-wide coordination function.
    """),
    quality_safety=prose("""
        Patients who stop smoking before surgery have fewer wound and respiratory complications, and
        for many procedures of low clinical value the benefit to patients below certain thresholds is
        small. The evidence for each threshold is summarised in the policy appendix, drawing on
        national guidance.

        A clinical reference group of surgeons from each trust and GPs from each ICP agreed the
        thresholds. The equality impact assessment found that optimisation must never become a bar to
        surgery, so the policy says support is offered, not required.
    """),
    finance_summary=prose("""
        Recurrent cost of £180k a year for a prior approval and audit function and for extra capacity
        in stop smoking and weight management services, plus £35k non-recurrent in 2026/27 for changes
        to clinical systems.

        Savings arise from fewer procedures below the agreed thresholds: £430k in 2026/27 and £720k in
        2027/28, based on 2025/26 activity. The Financial Leadership Group has asked for the savings
        assumptions to be tested against the activity of all four CCGs before implementation.
    """),
    contracting=prose("""
        The policies will be added to every acute contract, including those with independent sector
        providers, as a schedule of commissioning policies from 1 October 2026. Prior approval will be
        handled by the ICS's shared individual funding request team.

        No services are decommissioned. The existing CCG policies will be withdrawn on the same date so
        that no conflicting rules remain.
    """),
    delivery=prose("""
        Quarter 1 2026/27: policies approved. Quarter 2: clinical system templates updated; briefings
        for GPs and providers. Quarter 3: policies in force from 1 October. Quarter 4: first compliance
        audit.

        Compliance will be monitored quarterly by the Elective Care Programme Board.
    """),
    engagement=prose("""
        A six-week engagement exercise on the draft policies received 412 responses; 71% supported
        common policies across the ICS. Concern that optimisation could delay surgery led to the
        change that support is offered but not required.

        The overview and scrutiny committees considered the engagement report and agreed that formal
        consultation is not required.
    """),
    finance=Finance(
        spend=(45 * K,) * 8,
        savings=(40 * K, 90 * K, 140 * K, 160 * K, 180 * K, 180 * K, 180 * K, 180 * K),
        set_up=(("2026/27", 1, 35 * K),),
    ),
    risks=(
        RiskSpec("Patients see the pre-surgery policy as rationing.", 3, 3,
                 "Clear public information; the policy says support is offered, not required; equality "
                 "monitoring.", "Head of Communications and Engagement"),
        RiskSpec("Savings are overstated because current CCG policies already restrict activity.", 4, 3,
                 "Savings re-tested by the Financial Leadership Group against each CCG's activity.",
                 "Senior Finance Business Partner"),
        RiskSpec("Providers apply prior approval inconsistently.", 3, 2,
                 "Contract schedule and quarterly audit; non-compliant activity not paid for.",
                 "Head of Contracting"),
    ),
    scores={"assessor1": (3, 3, 4, 3, 3), "assessor2": (3, 3, 4, 3, 3), "assessor3": (3, 4, 3, 3, 3)},
    score_notes={
        "aspirations": "Equity of access and prevention are addressed; the contribution is mainly to one "
                       "objective.",
        "quality": "An evidence summary for each threshold and clinical reference group agreement; little "
                   "local outcome data.",
        "finance": "A quarterly profile is given, but the savings are not yet tested against all four CCGs' "
                   "activity.",
        "risks": "The key risks have mitigations; interdependencies with waiting list recovery are not "
                 "explored.",
        "contracting": "Implementation through a contract schedule is straightforward and the timeline is "
                       "indicated.",
    },
    route=(
        Submit(),
        Triage("clg-1", confirms=True),
        Accept("clg-1"),
        Score(),
        CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}."),
        Defer("icsmg-1", "Deferred to the next meeting: the Financial Leadership Group is to re-test the "
                         "savings against each CCG's 2025/26 activity before quality assurance."),
        Table("icsmg-2"),
    ),
)
