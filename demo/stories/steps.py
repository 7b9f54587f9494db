"""What a demo proposal is made of (its business case, finance, risks and scores) and the steps of
its route, which demo.seeding takes through the real services."""

from dataclasses import dataclass, field

from demo.organisation import PLACES

# -- Proposals -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finance:
    """Recurrent spend and savings per quarter, 2026/27 Q1 to 2027/28 Q4, and one-off spend."""

    spend: tuple
    savings: tuple
    set_up: tuple = ()  # (financial year, quarter, amount) of non-recurrent spend


@dataclass(frozen=True)
class RiskSpec:
    description: str
    likelihood: int
    impact: int
    mitigation: str
    owner: str


@dataclass(frozen=True)
class InProgress:
    """An assessor's marks saved but not submitted; None where a category is not yet scored."""

    scores: tuple


# The route: each step is one action on the proposal, taken by whoever takes it in real life
# (the author, the secretary of the body that owns the stage, a named stage 4 body's secretary).
# A step that names a meeting puts the proposal on that meeting's agenda first.


@dataclass(frozen=True)
class Submit:
    pass


@dataclass(frozen=True)
class Triage:
    meeting: str
    # Whether the triaging body confirms the authors' answers to questions 1 and 2 (else it answers both
    # no: place-based). Question 3 waits for the assessment exercise.
    confirms: bool


@dataclass(frozen=True)
class Escalate:
    """The referring body's secretary escalates a place-based referral's barriers to sustainability."""

    barriers: str


@dataclass(frozen=True)
class SubmitFullCase:
    """The authors submit the full business case the assessing body supported. (A story that goes on past
    its assessment submits it without saying so.)"""


@dataclass(frozen=True)
class Accept:
    meeting: str
    comment: str = "Accepted for the assessment exercise."


@dataclass(frozen=True)
class ReferToPlace:
    meeting: str
    reason: str


@dataclass(frozen=True)
class Score:
    """Assign the proposal's assessors and record their marks (ProposalSpec.scores)."""


@dataclass(frozen=True)
class CompleteAssessment:
    meeting: str
    minute: str  # may use {total} and {threshold}


@dataclass(frozen=True)
class QualityAssure:
    meeting: str
    minute: str


@dataclass(frozen=True)
class Defer:
    meeting: str
    reason: str


@dataclass(frozen=True)
class SignOff:
    meeting: str
    bodies: tuple  # the stage 4 bodies that must formally approve
    minute: str


@dataclass(frozen=True)
class Approve:
    body: str
    meeting: str
    minute: str
    votes: tuple = ()  # (for, against, abstaining) where the body decides by vote


@dataclass(frozen=True)
class DeferInquorate:
    """At a body that votes: members declare interests in the item, which leaves the meeting short of
    its quorum for it, so it can only be deferred (the seeder checks that it is inquorate)."""

    meeting: str
    interests: tuple  # (username, interest)
    reason: str


@dataclass(frozen=True)
class TakeChairsAction:
    """An urgent decision between meetings by the body's chair and one other voting member; it goes on
    the body's next meeting's agenda to be ratified."""

    body: str
    outcome: str
    member: str  # the voting member who agreed it
    reason: str  # why it could not wait
    minute: str = ""


@dataclass(frozen=True)
class Return:
    meeting: str
    reasons: str


@dataclass(frozen=True)
class Reject:
    meeting: str
    reasons: str  # may use {total} and {threshold}


@dataclass(frozen=True)
class Withdraw:
    reason: str


@dataclass(frozen=True)
class Table:
    """Put the proposal on an upcoming meeting's agenda; nothing is decided yet."""

    meeting: str


@dataclass(frozen=True)
class ProposalSpec:
    title: str
    lead: str  # username
    workstream: str  # body key
    service_area: str
    places: tuple
    summary: str
    ics_aspirations: str
    quality_safety: str
    finance_summary: str
    contracting: str
    delivery: str
    engagement: str
    finance: Finance
    risks: tuple
    co_authors: tuple = ()
    # The author's answers to triage questions 1 and 2 (nationally described? vulnerable across ICPs?).
    author_triage: tuple = (True, True)
    # username -> five marks in CATEGORY_KEYS order (submitted), InProgress(...), or None (not started).
    scores: dict = field(default_factory=dict)
    # category key -> the observation every assessor's rationale for that category rests on.
    score_notes: dict = field(default_factory=dict)
    # username -> {category key: a further remark of that assessor's own}.
    remarks: dict = field(default_factory=dict)
    route: tuple = ()
    # The commercial case's procurement route (governance.enums.ProcurementRoute) and its rationale.
    procurement_route: str = "existing_contract"
    procurement: str = ("The services are provided under existing NHS contracts; the change is made by contract "
                        "variation, with the providers' agreement, so no new provider is selected.")

    @property
    def outline(self):
        return {name: getattr(self, name) for name in (
            "summary", "ics_aspirations", "quality_safety", "finance_summary", "contracting")}

    @property
    def full_case(self):
        """The full business case's words: the outline's, and what the five-case model adds, in the
        words of the proposal's own story."""
        return {
            **self.outline, "delivery": self.delivery, "engagement": self.engagement,
            "procurement": self.procurement, "procurement_route": self.procurement_route,
            "benefits": "The benefits set out in the case for change, measured quarterly against the 2025/26 "
                        "baseline and reported to the sponsoring workstream's programme board.",
            "review": "A post-implementation review twelve months after go-live, reported to the ICS Management "
                      "Group with the benefits measured and any lessons for other pathways.",
        }

    @property
    def options(self):
        """The economic case: doing nothing, and the proposal."""
        return [
            {"title": "Do nothing", "description": "Services continue as now, commissioned separately by each "
             "place; the problems in the case for change remain.", "net_cost": None, "is_do_nothing": True,
             "is_preferred": False},
            {"title": self.title, "description": self.summary.split("\n\n")[0], "net_cost": sum(self.finance.spend),
             "is_do_nothing": False, "is_preferred": True},
        ]


# What an assessor writes for each score, before the observation about this proposal.
VERDICTS = {
    "aspirations": (
        "I could not find a link to the ICS outcome aspirations.",
        "A limited contribution to some of the ICS outcome aspirations.",
        "Contributes to one ICS objective.",
        "A clear contribution to more than one ICS objective.",
        "A significant contribution to more than one ICS outcome aspiration.",
    ),
    "quality": (
        "Not enough quality evidence.",
        "Some quality evidence, but weak.",
        "A reasonable amount of quality evidence.",
        "An adequate quality evidence base.",
        "A strong quality evidence base.",
    ),
    "finance": (
        "The costing does not suggest credible savings from commissioning at scale.",
        "The costing is weak and the savings forecast is not properly broken down.",
        "Viable and affordable, with a breakdown of spend and credible forecast savings.",
        "Quarterly expenditure is set out; affordable and achievable, with projected savings.",
        "Cost effective, with savings detailed during and beyond delivery and a full costing spreadsheet.",
    ),
    "risks": (
        "No real consideration of risk.",
        "Some consideration of risk management.",
        "Risks are considered, with a strategy and contingency plans.",
        "A detailed risk register, including interdependencies.",
        "Risks, including those to the wider health economy, are clearly identified with mitigating actions.",
    ),
    "contracting": (
        "The contracting and procurement implications are not identified.",
        "Shows how services would be affected, but the contracting route is unclear.",
        "The implications for timelines and delivery are indicated.",
        "The approach and the options considered are clearly set out.",
        "Contracting, procurement, existing contractors and decommissioning are all clearly addressed.",
    ),
}

ALL_PLACES = PLACES
K = 1000  # finance figures below are in pounds
