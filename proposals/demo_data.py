"""
The invented Integrated Care System that `manage.py seed_demo` loads: its places, governance
bodies, people, meetings and a dozen commissioning proposals, each with the route it has
travelled so far. Every person, organisation, figure and finding here is made up; the subjects
follow the source documents in shared/seeds.

This module is data only. The command (proposals/management/commands/seed_demo.py) reads it and
moves each proposal along its route through proposals.services and scoring.services, acting as
the demo user who would take each step.
"""

from dataclasses import dataclass, field
from textwrap import dedent

from governance.enums import BodyKind, MeetingStatus, MembershipRole, PaperPurpose
from proposals.enums import ProposalState, ServiceArea

DEMO_PASSWORD = "commissioning-demo-2026"
EMAIL_DOMAIN = "example.nhs.uk"
FINANCIAL_YEARS = ("2026/27", "2027/28")
# Rubric version 1 category keys, in order (scoring/migrations/0002_seed_rubric.py).
CATEGORY_KEYS = ("aspirations", "quality", "finance", "risks", "contracting")


def prose(text):
    """A triple-quoted block as paragraphs: dedented, blank-line separated, each line re-flowed.
    Lines starting "- " stay on their own line, so short lists survive."""
    paragraphs = []
    for block in dedent(text).strip().split("\n\n"):
        lines = []
        for line in block.strip().splitlines():
            line = line.strip()
            if lines and not line.startswith("- "):
                lines[-1] += " " + line
            else:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


# -- Places and bodies ---------------------------------------------------------------------

PLACES = ("North ICP", "Central ICP", "South ICP", "North Cumbria ICP")


@dataclass(frozen=True)
class BodySpec:
    name: str
    short_name: str
    kind: str
    organisation: str = ""
    decides_by_vote: bool = False


# Keys are how the rest of this module refers to a body.
BODIES = {
    # Stage 1: workstream programme boards, and the bodies that triage and assess.
    "speccomm": BodySpec("Specialised Commissioning Strategy Board", "SCSB", BodyKind.WORKSTREAM),
    "uec": BodySpec("Urgent and Emergency Care Programme Board", "UEC PB", BodyKind.WORKSTREAM),
    "mh": BodySpec("Mental Health Programme Board", "MH PB", BodyKind.WORKSTREAM),
    "elective": BodySpec("Elective Care Programme Board", "Elective PB", BodyKind.WORKSTREAM),
    "cancer": BodySpec("Cancer Programme Board", "Cancer PB", BodyKind.WORKSTREAM),
    "clg": BodySpec("Clinical Leadership Group", "CLG", BodyKind.CLINICAL_LEADERSHIP_GROUP),
    "flg": BodySpec("Financial Leadership Group", "FLG", BodyKind.FINANCIAL_LEADERSHIP_GROUP),
    "jc-subgroup": BodySpec(
        "Joint Committee Commissioning Sub-group", "JC sub-group", BodyKind.JOINT_COMMITTEE_SUBGROUP
    ),
    # Stages 2 and 3.
    "icsmg": BodySpec("ICS Management Group", "ICS MG", BodyKind.ICS_MANAGEMENT_GROUP),
    "hsg": BodySpec("Health Strategy Group", "HSG", BodyKind.HEALTH_STRATEGY_GROUP),
    # Stage 4: statutory decision-makers.
    "jcc": BodySpec("Joint CCG Committee", "JCC", BodyKind.JOINT_CCG_COMMITTEE, decides_by_vote=True),
    "riverside-ccg": BodySpec(
        "Riverside CCG Governing Body", "Riverside CCG GB", BodyKind.CCG_GOVERNING_BODY, "NHS Riverside CCG"
    ),
    "northfell-ccg": BodySpec(
        "Northfell CCG Governing Body", "Northfell CCG GB", BodyKind.CCG_GOVERNING_BODY, "NHS Northfell CCG"
    ),
    "coastline-ccg": BodySpec(
        "Coastline CCG Governing Body", "Coastline CCG GB", BodyKind.CCG_GOVERNING_BODY, "NHS Coastline CCG"
    ),
    "moorside-ccg": BodySpec(
        "Moorside CCG Governing Body", "Moorside CCG GB", BodyKind.CCG_GOVERNING_BODY, "NHS Moorside CCG"
    ),
    "riverside-ft": BodySpec(
        "Riverside Hospitals NHS Foundation Trust Board", "Riverside Hospitals FT Board", BodyKind.FT_BOARD,
        "Riverside Hospitals NHS Foundation Trust",
    ),
    "fellside-ft": BodySpec(
        "Fellside and Coast Mental Health NHS Foundation Trust Board", "Fellside and Coast FT Board",
        BodyKind.FT_BOARD, "Fellside and Coast Mental Health NHS Foundation Trust",
    ),
    "ft-cic": BodySpec(
        "Foundation Trust Committees in Common", "FT CiC", BodyKind.FT_COMMITTEES_IN_COMMON,
        "Riverside Hospitals NHS FT; Fellside and Coast Mental Health NHS FT",
    ),
}


# -- People --------------------------------------------------------------------------------

ICS_OFFICE = "ICS Partnership Office"


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    job_title: str
    organisation: str
    try_this: str  # printed in the table of demo logins
    is_superuser: bool = False

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def signature(self):
        """How the person is named as an author or sponsor on a paper."""
        return f"{self.full_name}, {self.job_title}"

    @property
    def email(self):
        return f"{self.first_name}.{self.last_name}@{EMAIL_DOMAIN}".lower().replace(" ", "")


USERS = (
    UserSpec("admin", "Morag", "Ellison", "ICS Systems Administrator", ICS_OFFICE,
             "Everything: the admin site, bodies, memberships, rubric versions, users.", is_superuser=True),
    UserSpec("lead", "Hannah", "Whitlock", "Senior Commissioning Manager, Specialised Services",
             "NHS Riverside CCG",
             "Commissioning lead: revise and resubmit the returned neurorehabilitation case; follow the "
             "approved cardiology case and the submitted prescribing policy."),
    UserSpec("lead2", "Daniel", "Ashworth", "Head of Commissioning, Urgent Care and Mental Health",
             "NHS Coastline CCG",
             "Commissioning lead: finish and submit the draft lung cancer case; follow stroke, mental health "
             "beds and urgent care."),
    UserSpec("coauthor", "Ruth", "Penhaligon", "Senior Finance Business Partner", "NHS Northfell CCG",
             "Co-author of the cardiology, urgent care, elective policies and cancer cases."),
    UserSpec("assessor1", "Imran", "Qadir", "GP and Clinical Lead for Planned Care", "NHS Moorside CCG",
             "Clinical Leadership Group assessor: read past scores and rationales."),
    UserSpec("assessor2", "Fiona", "Greatorex", "Deputy Chief Finance Officer", "NHS Riverside CCG",
             "Financial Leadership Group assessor: score the children and young people's inpatient case "
             "(not started)."),
    UserSpec("assessor3", "Eleanor", "Brack", "Director of Nursing and Quality", "NHS Coastline CCG",
             "Clinical Leadership Group assessor: finish and submit the half-scored children and young "
             "people's inpatient case."),
    UserSpec("clg_secretary", "Tom", "Hebden", "Corporate Governance Officer", ICS_OFFICE,
             "Secretary of the Clinical and Financial Leadership Groups: triage the shared prescribing policy, "
             "chase the outstanding assessors."),
    UserSpec("icsmg_secretary", "Lucy", "Farrimond", "ICS Governance Manager", ICS_OFFICE,
             "ICS Management Group secretary: quality-assure the deferred elective policies case."),
    UserSpec("hsg_secretary", "Grace", "Adeyemi", "Head of Corporate Affairs", ICS_OFFICE,
             "Health Strategy Group secretary: sign off integrated urgent care and name the stage 4 bodies."),
    UserSpec("jcc_secretary", "Martin", "Sowerby", "Joint Committee Secretary", ICS_OFFICE,
             "Joint CCG Committee secretary: record the Committee's vote on the mental health beds model."),
    UserSpec("ccg_secretary", "Joanne", "Liddle", "Head of Governance, CCG Governing Bodies",
             "NHS Riverside, Northfell, Coastline and Moorside CCGs",
             "Secretary of all four CCG governing bodies: see the Riverside decision on cardiology."),
    UserSpec("ft_secretary", "Kenneth", "Ollerton", "Company Secretary (shared)",
             "Riverside Hospitals NHS FT and Fellside and Coast Mental Health NHS FT",
             "Secretary of both FT boards and the FT Committees in Common: see their stage 4 decisions."),
    UserSpec("jcc_chair", "Miriam", "Coldwell", "Clinical Chair, NHS Coastline CCG", "NHS Coastline CCG",
             "Chair of the Joint CCG Committee: read the next meeting's agenda, including Part B."),
    UserSpec("jcc_riverside", "Nadia", "Osei", "Clinical Chair, NHS Riverside CCG", "NHS Riverside CCG",
             "Voting member of the Joint CCG Committee; chair of the Riverside CCG Governing Body."),
    UserSpec("jcc_northfell", "Gareth", "Pryce", "Accountable Officer, NHS Northfell CCG", "NHS Northfell CCG",
             "Voting member of the Joint CCG Committee; chair of the Mental Health Programme Board."),
    UserSpec("jcc_moorside", "Callum", "Reaney", "Clinical Chair, NHS Moorside CCG", "NHS Moorside CCG",
             "Voting member of the Joint CCG Committee; chair of the Urgent and Emergency Care Programme Board."),
    UserSpec("specomm", "Beverley", "Naylor", "Head of Specialised Commissioning (North)", "NHS England",
             "Non-voting member of the Joint CCG Committee; chair of the Specialised Commissioning Strategy Board."),
    UserSpec("clg_chair", "Rhys", "Bannerman", "ICS Medical Director", ICS_OFFICE,
             "Chair of the Clinical Leadership Group and the Cancer Programme Board."),
    UserSpec("icsmg_chair", "Claire", "Towers", "ICS Director of Strategy and Transformation", ICS_OFFICE,
             "Chair of the ICS Management Group and the Elective Care Programme Board."),
    UserSpec("hsg_chair", "Judith", "Cairncross", "ICS Independent Chair", ICS_OFFICE,
             "Chair of the Health Strategy Group."),
)


@dataclass(frozen=True)
class MembershipSpec:
    username: str
    body: str
    role: str
    is_voting: bool = False
    organisation: str = ""  # the organisation represented, when it is not the person's own


CHAIR, MEMBER, SECRETARY, ASSESSOR = (
    MembershipRole.CHAIR, MembershipRole.MEMBER, MembershipRole.SECRETARY, MembershipRole.ASSESSOR
)

MEMBERSHIPS = (
    # Workstream programme boards: the chair sponsors the board's proposals.
    MembershipSpec("specomm", "speccomm", CHAIR),
    MembershipSpec("lead", "speccomm", MEMBER),
    MembershipSpec("jcc_moorside", "uec", CHAIR),
    MembershipSpec("lead2", "uec", MEMBER),
    MembershipSpec("jcc_northfell", "mh", CHAIR),
    MembershipSpec("lead2", "mh", MEMBER),
    MembershipSpec("icsmg_chair", "elective", CHAIR),
    MembershipSpec("lead", "elective", MEMBER),
    MembershipSpec("coauthor", "elective", MEMBER),
    MembershipSpec("clg_chair", "cancer", CHAIR),
    MembershipSpec("lead2", "cancer", MEMBER),
    MembershipSpec("coauthor", "cancer", MEMBER),
    # Clinical and Financial Leadership Groups, and the Joint Committee's sub-group.
    MembershipSpec("clg_chair", "clg", CHAIR),
    MembershipSpec("clg_secretary", "clg", SECRETARY),
    MembershipSpec("assessor1", "clg", MEMBER),
    MembershipSpec("assessor1", "clg", ASSESSOR),
    MembershipSpec("assessor3", "clg", MEMBER),
    MembershipSpec("assessor3", "clg", ASSESSOR),
    MembershipSpec("assessor2", "flg", CHAIR),
    MembershipSpec("assessor2", "flg", ASSESSOR),
    MembershipSpec("coauthor", "flg", MEMBER),
    MembershipSpec("clg_secretary", "flg", SECRETARY),
    MembershipSpec("jcc_chair", "jc-subgroup", CHAIR),
    MembershipSpec("jcc_northfell", "jc-subgroup", MEMBER),
    MembershipSpec("jcc_secretary", "jc-subgroup", SECRETARY),
    # ICS Management Group and Health Strategy Group.
    MembershipSpec("icsmg_chair", "icsmg", CHAIR),
    MembershipSpec("icsmg_secretary", "icsmg", SECRETARY),
    MembershipSpec("clg_chair", "icsmg", MEMBER),
    MembershipSpec("assessor2", "icsmg", MEMBER),
    MembershipSpec("hsg_chair", "hsg", CHAIR),
    MembershipSpec("hsg_secretary", "hsg", SECRETARY),
    MembershipSpec("clg_chair", "hsg", MEMBER),
    MembershipSpec("icsmg_chair", "hsg", MEMBER),
    MembershipSpec("assessor3", "hsg", MEMBER),
    MembershipSpec("jcc_chair", "hsg", MEMBER),
    # Joint CCG Committee: CCG representatives with delegated authority vote.
    MembershipSpec("jcc_chair", "jcc", CHAIR, is_voting=True),
    MembershipSpec("jcc_riverside", "jcc", MEMBER, is_voting=True),
    MembershipSpec("jcc_northfell", "jcc", MEMBER, is_voting=True),
    MembershipSpec("jcc_moorside", "jcc", MEMBER, is_voting=True),
    MembershipSpec("specomm", "jcc", MEMBER),
    MembershipSpec("jcc_secretary", "jcc", SECRETARY),
    # CCG governing bodies, FT boards and the FT Committees in Common.
    MembershipSpec("jcc_riverside", "riverside-ccg", CHAIR, is_voting=True),
    MembershipSpec("assessor2", "riverside-ccg", MEMBER, is_voting=True),
    MembershipSpec("jcc_northfell", "northfell-ccg", MEMBER, is_voting=True),
    MembershipSpec("jcc_chair", "coastline-ccg", CHAIR, is_voting=True),
    MembershipSpec("jcc_moorside", "moorside-ccg", CHAIR, is_voting=True),
    *(MembershipSpec("ccg_secretary", ccg, SECRETARY)
      for ccg in ("riverside-ccg", "northfell-ccg", "coastline-ccg", "moorside-ccg")),
    *(MembershipSpec("ft_secretary", ft, SECRETARY) for ft in ("riverside-ft", "fellside-ft", "ft-cic")),
)


# Actions from the ICS Management Group's last meeting's decisions, in agenda order:
# (what, who owns it, due in how many days from today; negative is overdue).
ACTIONS = (
    ("Confirm the recurrent savings profile with the finance leads of the three CCGs.", "lead", -5),
    ("Share the quality impact assessment with the Health Strategy Group secretariat.", "lead2", 10),
    ("Set out the capital requirement in the consultation document.", "lead", 21),
)

# -- Meetings ------------------------------------------------------------------------------

HELD, PUBLISHED, DRAFT = MeetingStatus.HELD, MeetingStatus.PUBLISHED, MeetingStatus.DRAFT


@dataclass(frozen=True)
class MeetingSpec:
    body: str
    days_from_today: int  # moved away from today to a weekday outside the Christmas break
    status: str
    location: str
    hour: int = 10
    online: bool = True


# In date order. Keys are how proposal routes and papers name a meeting.
MEETINGS = {
    "clg-1": MeetingSpec("clg", -91, HELD, "Boardroom, Riverside House"),
    "clg-2": MeetingSpec("clg", -63, HELD, "Boardroom, Riverside House"),
    "icsmg-1": MeetingSpec("icsmg", -49, HELD, "Room 3, Fellside Civic Centre", hour=14),
    "hsg-1": MeetingSpec("hsg", -35, HELD, "Council Chamber, Coastline Town Hall", hour=13),
    "ft-cic-1": MeetingSpec("ft-cic", -24, HELD, "Trust Headquarters, Fellside Park", hour=9),
    "riverside-ft-1": MeetingSpec("riverside-ft", -20, HELD, "Education Centre, Riverside General Hospital"),
    "jcc-1": MeetingSpec("jcc", -14, HELD, "Council Chamber, Coastline Town Hall", hour=14),
    "riverside-ccg-1": MeetingSpec("riverside-ccg", -7, HELD, "Boardroom, Riverside House", hour=13),
    "clg-3": MeetingSpec("clg", 12, PUBLISHED, "Boardroom, Riverside House"),
    "icsmg-2": MeetingSpec("icsmg", 19, PUBLISHED, "Room 3, Fellside Civic Centre", hour=14),
    "hsg-2": MeetingSpec("hsg", 26, DRAFT, "Council Chamber, Coastline Town Hall", hour=13),
    "jcc-2": MeetingSpec("jcc", 33, PUBLISHED, "Council Chamber, Coastline Town Hall", hour=14),
}


# -- Agenda cover notes for proposals -------------------------------------------------------

# How a paper's recommendations open, by the kind of body it goes to.
ASKED_TO = {
    BodyKind.WORKSTREAM: "The Board is asked to:",
    BodyKind.CLINICAL_LEADERSHIP_GROUP: "The Group is asked to:",
    BodyKind.FINANCIAL_LEADERSHIP_GROUP: "The Group is asked to:",
    BodyKind.JOINT_COMMITTEE_SUBGROUP: "The Sub-group is asked to:",
    BodyKind.ICS_MANAGEMENT_GROUP: "The Group is asked to:",
    BodyKind.HEALTH_STRATEGY_GROUP: "The Group is asked to:",
    BodyKind.JOINT_CCG_COMMITTEE: "The Committee is asked to:",
    BodyKind.CCG_GOVERNING_BODY: "The Governing Body is asked to:",
    BodyKind.FT_BOARD: "The Board is asked to:",
    BodyKind.FT_COMMITTEES_IN_COMMON: "The Committees in Common are asked to:",
}

# What a body is asked to do with a proposal at the stage it owns.
RECOMMENDATIONS = {
    ProposalState.SUBMITTED: (
        "note the business case and the author's answers to the triage questions",
        "agree whether there is support for an ICS-level commissioning solution",
        "if there is, accept the proposal for the assessment exercise and confirm the assessors",
    ),
    ProposalState.ASSESSMENT: (
        "note the assessors' scores and rationales",
        "agree whether the total score reaches the eligibility threshold",
        "agree that an eligible proposal goes to the ICS Management Group for quality assurance",
    ),
    ProposalState.QUALITY_ASSURANCE: (
        "review the business case and its scoring summary",
        "confirm that it is ready for sign-off by the Health Strategy Group, or return it to the author "
        "with reasons",
    ),
    ProposalState.STAKEHOLDER_SIGNOFF: (
        "give clinical and managerial sign-off to the business case",
        "confirm which bodies must formally approve the proposal",
    ),
    ProposalState.FORMAL_APPROVAL: (
        "note the scoring summary and the Health Strategy Group's sign-off",
        "approve the business case",
        "note the decisions of the other approving bodies",
    ),
}


# -- Plain papers (not proposals) ----------------------------------------------------------


@dataclass(frozen=True)
class PaperSpec:
    meeting: str
    title: str
    purpose: str
    author: str  # username
    sponsor: str  # username
    background: str
    progress: str
    recommendations: str
    part: str = "A"


PAPERS = (
    PaperSpec(
        meeting="hsg-1",
        title="Specialised Commissioning Strategy Board: membership and terms of reference",
        purpose=PaperPurpose.DECISION,
        author="lead",
        sponsor="specomm",
        background=prose("""
            1. The Specialised Commissioning Strategy Board replaces the former specialised
            commissioning oversight group and acts as a workstream programme board within the ICS
            governance structure. Its purpose is to provide joint, place-based leadership for the
            strategic planning of specialised pathways where this will join up care and improve
            patient outcomes.

            2. Decision-making remains within the ICS route for issues delegated to ICS level, and
            within NHS England's regional governance for the specialised commissioning budget.
        """),
        progress=prose("""
            3. The proposed membership is:
            - Head of Specialised Commissioning (North), NHS England (chair)
            - ICS Medical Director and ICS governance lead
            - one representative from each ICP
            - representatives of tier 1 and tier 2 specialised providers
            - a finance representative and a lay representative

            4. Nominations are still needed for the Central ICP and for the finance workstream, which
            were gaps in the previous group's membership.
        """),
        recommendations=prose("""
            The Group is asked to:
            - agree the membership approach;
            - confirm nominations for the Central ICP and finance representatives;
            - note that the cardiology pathway is the Board's first exemplar project.
        """),
    ),
    PaperSpec(
        meeting="jcc-2",
        title="Update for the Joint CCG Committee: collaborative commissioning for cardiology and "
              "complex rehabilitation",
        purpose=PaperPurpose.INFORMATION,
        author="lead",
        sponsor="specomm",
        background=prose("""
            1. The Joint CCG Committee agreed to consider two items as emerging areas of focus from the
            specialised commissioning team for its work programme: a collaborative commissioning model
            for cardiology in the Central ICP, and co-commissioning of specialised complex
            neurorehabilitation.

            2. At its last meeting the Committee approved the collaborative commissioning model for
            cardiology, and the Riverside CCG Governing Body has since approved it. The business case
            for complex neurorehabilitation was returned for revision by the ICS Management Group.
        """),
        progress=prose("""
            Model for cardiology

            3. The section 13V collaboration agreement between NHS England and the CCGs has been drafted
            and is with each organisation's legal advisers. The pathway board has met once and agreed
            its outcome measures.

            4. The shared referral and waiting-list system is being extended to the third hospital in
            the Central ICP. Early figures show inter-hospital transfer waits for NSTEMI patients holding
            at under two days, although further evaluation is needed.

            Complex rehabilitation

            5. NHS England has confirmed in principle that it will contribute to an aligned budget for
            the pathway. The finance team is quantifying the savings from reduced long-term care
            packages, and heads of terms for a section 13V agreement are being drafted.

            6. The revised business case will return to the ICS Management Group and then to this
            Committee next quarter.
        """),
        recommendations=prose("""
            The Committee is asked to:
            - note the progress of the collaborative commissioning model for cardiology;
            - note the revisions being made to the complex neurorehabilitation business case;
            - agree that a first outcome report on cardiology comes to the Committee in quarter 4.
        """),
    ),
    PaperSpec(
        meeting="jcc-2",
        title="Integrated urgent care procurement: commercial strategy and evaluation weightings",
        purpose=PaperPurpose.ASSURANCE,
        part="B",
        author="lead2",
        sponsor="jcc_moorside",
        background=prose("""
            1. This paper is confidential: it contains commercially sensitive information about the
            forthcoming procurement of an integrated urgent care service (NHS 111 and GP out of hours)
            for the ICS, and its publication before contract award could prejudice the procurement.

            2. The business case is awaiting clinical and managerial sign-off by the Health Strategy
            Group and will come to the Committee for a formal decision afterwards.
        """),
        progress=prose("""
            3. Market engagement drew responses from four potential providers, two of which could
            deliver the whole service at ICS scale. The procurement is therefore planned as a single
            lot, with a decision point to move to two lots if fewer than two compliant bids are
            received.

            4. The proposed financial envelope is £15.4m a year, with a ceiling of £16.1m. Proposed
            evaluation weightings: quality and clinical model 55%, price 20%, mobilisation and
            workforce 15%, social value 10%.
        """),
        recommendations=prose("""
            The Committee is asked to:
            - note the outcome of market engagement;
            - confirm it is assured by the proposed financial envelope and evaluation weightings;
            - note that the contract award will come to the Committee in Part B.
        """),
    ),
)


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
    support: bool  # question 3: does the Clinical Leadership Group support an ICS-level solution?


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

    @property
    def sections(self):
        return {name: getattr(self, name) for name in (
            "summary", "ics_aspirations", "quality_safety", "finance_summary", "contracting", "delivery",
            "engagement",
        )}


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

PROPOSALS = (
    # -- Approved: the Joint CCG Committee and the Riverside CCG Governing Body both approved. ----
    ProposalSpec(
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
        route=(
            Submit(),
            Triage("clg-1", support=True),
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
    ),
    # -- Approved: ready to consult, approved by the host FT board and the Joint CCG Committee. ---
    ProposalSpec(
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
            Triage("clg-1", support=True),
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
    ),
    # -- Formal approval: the FT Committees in Common approved; the Joint CCG Committee is next. --
    ProposalSpec(
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
            Triage("clg-1", support=True),
            Accept("clg-1"),
            Score(),
            CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}. The Group "
                                        "discussed the two-point spread on quality and safety and accepted the "
                                        "assessors' scores."),
            QualityAssure("icsmg-1", "Quality assured and ready for stakeholder sign-off."),
            SignOff("hsg-1", ("ft-cic", "jcc"),
                    "Signed off. The hub is hosted by one trust on behalf of all providers, so the FT "
                    "Committees in Common must approve as well as the Joint CCG Committee."),
            Approve("ft-cic", "ft-cic-1", "The Committees in Common approved the hosting of the bed management "
                                          "hub and the memorandum of understanding on bed sharing."),
            Table("jcc-2"),
        ),
    ),
    # -- Stakeholder sign-off: deferred once by the Health Strategy Group, back at its next meeting.
    ProposalSpec(
        title="Integrated urgent care: NHS 111 and GP out-of-hours services",
        lead="lead2",
        co_authors=("coauthor",),
        workstream="uec",
        service_area=ServiceArea.URGENT_CARE,
        places=ALL_PLACES,
        summary=prose("""
            NHS 111 and GP out-of-hours services in the ICS are commissioned under five separate
            contracts that end between March and September 2027. Callers who need a clinician are passed
            between services, and the share of 111 calls receiving clinical input varies from 31% to 52%
            between ICPs.

            This case asks the ICS to agree a single integrated urgent care specification and business
            case, incorporating the future arrangements for NHS 111 and GP out-of-hours services, and the
            commissioning and procurement process to deliver the service from April 2027.
        """),
        ics_aspirations=prose("""
            An integrated service is central to the ICS aspirations for urgent and emergency care: the
            right care first time, fewer avoidable emergency department attendances and ambulance
            dispatches, and the same access wherever people live. One clinical assessment service that
            practices can rely on out of hours also supports the resilience of general practice.

            111 and ambulance services are named in the ICS remit as strategic commissioning functions
            best carried out at system scale.
        """),
        quality_safety=prose("""
            The national integrated urgent care specification sets the standards. Locally, 23% of 111
            callers are advised to attend an emergency department, against 15% in systems with a
            clinical assessment service. Audits show repeat calls and duplicate triage when patients are
            transferred between 111 and out-of-hours providers.

            A single clinical assessment service, with direct booking into urgent treatment centres,
            same-day emergency care and general practice, would cut handoffs and give every caller who
            needs one access to a clinician. One clinical governance group would report to the Urgent and
            Emergency Care Programme Board.
        """),
        finance_summary=prose("""
            The five current contracts are worth £14.6m a year. The new service is expected to cost
            £15.4m, an increase of £840k a year from 2027/28 for the enhanced clinical assessment
            service. Non-recurrent procurement and mobilisation costs are £400k in 2026/27.

            Savings from avoided emergency department attendances and ambulance dispatches, and from
            removing overheads duplicated across five contracts, are estimated at £1.1m in 2027/28, so
            the service is cash positive in its first full year. The costing spreadsheet and activity
            model are attached.
        """),
        contracting=prose("""
            A competitive procurement under the Provider Selection Regime is proposed, for a five-year
            contract with an option to extend for two years. The five existing contracts will be allowed
            to expire; two need short extensions, permitted under their terms, to align their end dates
            to 31 March 2027.

            A collaboration agreement between the CCGs will make Coastline CCG lead commissioner. The
            contract will include the national specification, a local clinical assessment service
            schedule and outcome-based key performance indicators.
        """),
        delivery=prose("""
            Quarter 1 2026/27: specification and business case approved. Quarter 2: market engagement and
            invitation to tender. Quarter 3: evaluation and contract award. Quarter 4: mobilisation,
            including transfer of staff under TUPE where it applies. Service starts 1 April 2027.

            A mobilisation board chaired by the lead commissioner will oversee readiness, with go-live
            assurance from NHS England's regional team.
        """),
        engagement=prose("""
            A survey of 1,850 people who had used 111 or out-of-hours services, and sessions with patient
            participation groups in every ICP, informed the specification: callers want fewer repeated
            questions and a clear time for a call back.

            The way people reach the service does not change (they still call 111), so formal consultation
            is not expected to be required. This has been discussed with the chairs of the overview and
            scrutiny committees, who will receive the final specification.
        """),
        finance=Finance(
            spend=(0, 0, 0, 0, 210 * K, 210 * K, 210 * K, 210 * K),
            savings=(0, 0, 0, 0, 180 * K, 260 * K, 320 * K, 340 * K),
            set_up=(("2026/27", 1, 90 * K), ("2026/27", 2, 60 * K), ("2026/27", 4, 250 * K)),
        ),
        risks=(
            RiskSpec("Few providers can deliver an integrated service at ICS scale.", 3, 4,
                     "Early market engagement; a decision point to divide the contract into lots if interest "
                     "is low.", "Head of Contracting"),
            RiskSpec("The mobilisation period is too short for a safe transfer of service.", 3, 5,
                     "Six-month mobilisation; contingency extension clauses agreed with the current providers.",
                     "Lead Commissioner, Urgent Care"),
            RiskSpec("Clinicians for the clinical assessment service cannot be recruited.", 3, 4,
                     "Remote working model; shared rota with general practice; workforce plan required in "
                     "tenders.", "Urgent and Emergency Care Programme Director"),
        ),
        scores={"assessor1": (4, 4, 3, 3, 4), "assessor2": (4, 3, 4, 3, 5), "assessor3": (4, 4, 3, 4, 4)},
        score_notes={
            "aspirations": "Supports the urgent care aspirations and the resilience of general practice; 111 is "
                           "named in the ICS remit as a system function.",
            "quality": "Local disposition and repeat-call data are compared with systems that have a clinical "
                       "assessment service.",
            "finance": "A clear comparison of current and future contract values with quarterly mobilisation "
                       "costs; the avoided-attendance savings depend on changes in behaviour.",
            "risks": "Market, mobilisation and workforce risks are identified; the response to a failed "
                     "procurement could be firmer.",
            "contracting": "The procurement route, contract length, alignment of end dates and the lead "
                           "commissioner arrangement are all set out.",
        },
        route=(
            Submit(),
            Triage("clg-1", support=True),
            Accept("clg-1"),
            Score(),
            CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}."),
            QualityAssure("icsmg-1", "Quality assured. The procurement timetable should include a decision point "
                                     "if market interest is low."),
            Defer("hsg-1", "Deferred to the next meeting: the Group asked to see the outcome of market "
                           "engagement before giving sign-off."),
            Table("hsg-2"),
        ),
    ),
    # -- Quality assurance: deferred once by the ICS Management Group, on its next agenda. ---------
    ProposalSpec(
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
            Triage("clg-1", support=True),
            Accept("clg-1"),
            Score(),
            CompleteAssessment("clg-2", "Eligible: total {total} against a threshold of {threshold}."),
            Defer("icsmg-1", "Deferred to the next meeting: the Financial Leadership Group is to re-test the "
                             "savings against each CCG's 2025/26 activity before quality assurance."),
            Table("icsmg-2"),
        ),
    ),
    # -- Returned: passed assessment at the threshold; the ICS Management Group sent it back. -----
    ProposalSpec(
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
            Triage("clg-1", support=True),
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
    ),
    # -- Rejected: assessed below the eligibility threshold. ------------------------------------
    ProposalSpec(
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
            Triage("clg-1", support=True),
            Accept("clg-1"),
            Score(),
            Reject("clg-2", "Rejected: the total score of {total} is below the eligibility threshold of "
                            "{threshold}. Unnecessary follow-ups are best tackled through each trust's outpatient "
                            "transformation programme at place; the Elective Care Programme Board is asked to share "
                            "good practice across ICPs instead."),
        ),
    ),
    # -- Assessment: one assessor has submitted, one is part-way through, one has not started. ----
    ProposalSpec(
        title="Children and young people's mental health inpatient units integrated with local pathways",
        lead="lead2",
        workstream="mh",
        service_area=ServiceArea.CHILDREN,
        places=ALL_PLACES,
        author_triage=(False, True),
        summary=prose("""
            Young people from the ICS who need a mental health inpatient bed are often admitted many miles
            from home: in 2025/26, 38 of 71 admissions were to units outside the region. Inpatient services
            are commissioned by NHS England, and community and crisis services by the CCGs, and the two are
            not planned together.

            This case sets out a plan for children and young people's inpatient units integrated with local
            pathways: a 12-bed general adolescent unit within the ICS, an intensive home treatment service
            in each ICP to prevent admission and support early discharge, and joint commissioning with NHS
            England through the provider collaborative.
        """),
        ics_aspirations=prose("""
            The plan supports the ICS aspirations for children and young people: care close to home and
            family, early intervention, and parity of esteem between mental and physical health.

            Integrating specialised inpatient commissioning with local pathways is a system-level issue that
            no single ICP can resolve.
        """),
        quality_safety=prose("""
            Admission far from home disrupts education and family contact, and stays are longer: the median
            length of stay is 74 days for out-of-region admissions against 41 days within the region.
            National reviews of inpatient care for young people recommend intensive community alternatives
            and local beds.

            Intensive home treatment teams elsewhere have reduced admissions by a quarter. The new unit would
            meet the national quality network standards, and its clinical model has been reviewed by the
            provider collaborative's clinical reference group.
        """),
        finance_summary=prose("""
            Recurrent cost of £600k a year from quarter 3 2026/27 for intensive home treatment teams, and
            £100k non-recurrent in quarter 2 for set-up. The inpatient unit's capital and running costs sit
            within the provider collaborative's budget and are not included here.

            Savings from fewer out-of-region admissions and shorter stays: £240k in 2026/27 and £880k in
            2027/28.
        """),
        contracting=prose("""
            Intensive home treatment would be commissioned by variation to the existing children and young
            people's mental health contracts in each ICP. The inpatient unit would be commissioned by the
            provider collaborative under its delegated arrangements with NHS England.

            Commissioners will agree a joint pathway schedule covering admission, home treatment and
            discharge.
        """),
        delivery=prose("""
            Quarter 2 2026/27: recruitment to home treatment teams. Quarter 3: teams live in two ICPs.
            Quarter 4: teams live in all four ICPs. The inpatient unit is planned to open in 2028, subject
            to capital.

            Progress will be overseen by the Mental Health Programme Board.
        """),
        engagement=prose("""
            Young people with lived experience co-produced the home treatment model through the youth
            advisory group, and parents and carers took part in two workshops. Schools and local authority
            children's services were engaged throughout.

            A new inpatient unit is a significant service change: a consultation plan for its location will
            be brought separately.
        """),
        finance=Finance(
            spend=(0, 0, 150 * K, 150 * K, 150 * K, 150 * K, 150 * K, 150 * K),
            savings=(0, 0, 80 * K, 160 * K, 220 * K, 220 * K, 220 * K, 220 * K),
            set_up=(("2026/27", 2, 100 * K),),
        ),
        risks=(
            RiskSpec("Capital for the inpatient unit is not secured.", 3, 4,
                     "Capital bid through the provider collaborative; home treatment goes ahead regardless.",
                     "Provider Collaborative Director"),
            RiskSpec("Specialist staff for home treatment cannot be recruited.", 4, 3,
                     "Joint posts with the inpatient unit; rotational training.",
                     "Children and Young People's Mental Health Commissioning Lead"),
            RiskSpec("Out-of-region admissions continue for specialist beds outside the unit's scope, such as "
                     "eating disorders.", 3, 3,
                     "Scope monitored; link with the eating disorder network.", "Mental Health Programme Director"),
        ),
        scores={
            "assessor1": (4, 4, 3, 3, 3),
            "assessor3": InProgress((4, 5, None, None, None)),
            "assessor2": None,
        },
        score_notes={
            "aspirations": "A clear contribution to care close to home and early intervention for children and "
                           "young people.",
            "quality": "The length-of-stay comparison and the evidence from home treatment teams elsewhere "
                       "support the case.",
            "finance": "Home treatment costs and savings are profiled; the inpatient unit's costs sit with the "
                       "provider collaborative and are not shown.",
            "risks": "Capital, workforce and scope risks are identified with owners.",
            "contracting": "The variation for home treatment is clear; the joint arrangement with the provider "
                           "collaborative needs more detail.",
        },
        route=(
            Submit(),
            Triage("clg-2", support=True),
            Accept("clg-2"),
            Score(),
            Table("clg-3"),
        ),
    ),
    # -- Place-based: triage found no ICS-level issue. -------------------------------------------
    ProposalSpec(
        title="Community pharmacy minor ailments service",
        lead="lead2",
        workstream="uec",
        service_area=ServiceArea.PRIMARY_CARE,
        places=("Central ICP", "South ICP"),
        author_triage=(True, False),
        summary=prose("""
            People with minor ailments often go to general practice, an urgent treatment centre or an
            emergency department when a community pharmacist could help. This proposal seeks a common minor
            ailments service from community pharmacies across the Central and South ICPs, building on the
            national community pharmacist consultation service.

            It would add a local formulary of medicines that pharmacists can supply free of charge to people
            exempt from prescription charges, and a referral route from 111 and general practice.
        """),
        ics_aspirations=prose("""
            The service supports the ICS aspirations to improve access to primary care and to meet urgent
            care demand in the right place.

            Local pharmacy services are a place-level responsibility in the ICS's remit.
        """),
        quality_safety=prose("""
            Evaluations of minor ailments schemes show outcomes comparable with general practice for common
            conditions. The national consultation service has its own standards and training.

            Locally, 14% of general practice appointments are for self-limiting minor conditions.
        """),
        finance_summary=prose("""
            Recurrent cost of £160k a year for pharmacy consultation fees and the local formulary. Savings of
            £120k a year from reduced general practice and urgent treatment centre activity, released as
            capacity rather than cash.

            Costs would be shared between the CCGs of the two ICPs in proportion to population.
        """),
        contracting=prose("""
            Commissioned as a locally commissioned service from community pharmacies, through each CCG's
            standard agreement and with the local pharmaceutical committee.

            No procurement is needed: any pharmacy meeting the service standards may sign up.
        """),
        delivery=prose("""
            Quarter 2 2026/27: specification agreed with the local pharmaceutical committee. Quarter 3:
            training and sign-up. Quarter 4: service live.

            The service would be evaluated after twelve months.
        """),
        engagement=prose("""
            A Healthwatch survey showed strong support for getting help at a pharmacy. Pharmacy contractors
            were engaged through the local pharmaceutical committee.

            No formal consultation is required.
        """),
        finance=Finance(spend=(40 * K,) * 8, savings=(30 * K,) * 8),
        risks=(
            RiskSpec("Few pharmacies in deprived areas take up the service.", 3, 3,
                     "Targeted support from the local pharmaceutical committee.",
                     "Primary Care Commissioning Manager"),
            RiskSpec("The public are not aware of the service.", 3, 2,
                     "Campaign with 111 and general practices.", "Head of Communications and Engagement"),
        ),
        route=(
            Submit(),
            Triage("clg-2", support=False),
            ReferToPlace("clg-2", "The standards and service model are described nationally and this is not an "
                                  "area of service vulnerability affecting more than one ICP. The Group did not "
                                  "support an ICS-level solution: the service is best commissioned by each place "
                                  "with its local pharmaceutical committee, escalating any barriers to "
                                  "sustainability to the ICS Management Group."),
        ),
    ),
    # -- Submitted: awaiting triage at the next Clinical Leadership Group. -----------------------
    ProposalSpec(
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
    ),
    # -- Withdrawn by the author before triage. -------------------------------------------------
    ProposalSpec(
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
    ),
    # -- Draft: still being written. -------------------------------------------------------------
    ProposalSpec(
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
    ),
)
