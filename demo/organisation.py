"""The invented Integrated Care System's places, governance bodies, people and their memberships.

Every person, organisation, figure and finding in the demo data is made up; the subjects follow the
source documents in shared/seeds.
"""

from dataclasses import dataclass
from textwrap import dedent

from governance.enums import (
    DutyGate,
    MembershipRole,
    OrganisationKind,
    OrganisationsForQuorum,
    Stage,
    VotesCountedBy,
)

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
    organisation: str = ""
    decides_by_vote: bool = False
    organisations: tuple = ()  # for a joint committee or committees in common: the organisations it joins
    # What it may do on the route.
    sponsors: bool = False
    assesses: bool = False
    statutory: bool = False
    # How its papers' recommendations open.
    asked_to: str = "The Group is asked to:"
    meets_in_public: bool = False
    public_enquiries: str = ""  # where the public write, for a body that meets in public
    purpose: str = ""
    # Its terms of reference's voting rules (governance.models.Body), where it decides by vote.
    votes_counted_by: str = VotesCountedBy.MEMBER
    organisations_for_quorum: str = OrganisationsForQuorum.NONE


# The organisations whose bodies decide. ODS codes are invented (the real codes of the seeds' places are not used).
ORGANISATIONS = {
    "NHS Riverside CCG": (OrganisationKind.CCG, "ZZ1"),
    "NHS Northfell CCG": (OrganisationKind.CCG, "ZZ2"),
    "NHS Coastline CCG": (OrganisationKind.CCG, "ZZ3"),
    "NHS Moorside CCG": (OrganisationKind.CCG, "ZZ4"),
    "Riverside Hospitals NHS Foundation Trust": (OrganisationKind.FOUNDATION_TRUST, "ZZA"),
    "Fellside and Coast Mental Health NHS Foundation Trust": (OrganisationKind.FOUNDATION_TRUST, "ZZB"),
}

BOARD, COMMITTEE, GOVERNING_BODY = "The Board is asked to:", "The Committee is asked to:", "The Governing Body is asked to:"

# Keys are how the rest of this module refers to a body.
BODIES = {
    # Stage 1: workstream programme boards, and the bodies that triage and assess.
    "speccomm": BodySpec("Specialised Commissioning Strategy Board", "SCSB", sponsors=True, asked_to=BOARD),
    "uec": BodySpec("Urgent and Emergency Care Programme Board", "UEC PB", sponsors=True, asked_to=BOARD),
    "mh": BodySpec("Mental Health Programme Board", "MH PB", sponsors=True, asked_to=BOARD),
    "elective": BodySpec("Elective Care Programme Board", "Elective PB", sponsors=True, asked_to=BOARD),
    "cancer": BodySpec("Cancer Programme Board", "Cancer PB", sponsors=True, asked_to=BOARD),
    "clg": BodySpec("Clinical Leadership Group", "CLG", assesses=True),
    "flg": BodySpec("Financial Leadership Group", "FLG", assesses=True),
    "jc-subgroup": BodySpec("Joint Committee Commissioning Sub-group", "JC sub-group", assesses=True,
                            asked_to="The Sub-group is asked to:"),
    # Stages 2 and 3.
    "icsmg": BodySpec("ICS Management Group", "ICS MG", assesses=True),
    "hsg": BodySpec("Health Strategy Group", "HSG"),
    # Stage 4: statutory decision-makers.
    # Seed 002: "a majority vote of CCG representatives", each "delegated authority by their Governing Body";
    # a majority of the CCGs represented for a quorum.
    # It meets in public, as the CCGs' joint committees did: its papers, minutes and decisions are published.
    "jcc": BodySpec("Joint CCG Committee", "JCC", statutory=True, asked_to=COMMITTEE, decides_by_vote=True,
                    meets_in_public=True, public_enquiries=f"jcc.papers@{EMAIL_DOMAIN}",
                    purpose="Takes the commissioning decisions the four CCGs' governing bodies delegate to it, "
                            "in public.",
                    votes_counted_by=VotesCountedBy.ORGANISATION,
                    organisations_for_quorum=OrganisationsForQuorum.MAJORITY,
                    organisations=("NHS Riverside CCG", "NHS Northfell CCG", "NHS Coastline CCG", "NHS Moorside CCG")),
    "riverside-ccg": BodySpec(
        "Riverside CCG Governing Body", "Riverside CCG GB", organisation="NHS Riverside CCG", statutory=True,
        asked_to=GOVERNING_BODY,
    ),
    "northfell-ccg": BodySpec(
        "Northfell CCG Governing Body", "Northfell CCG GB", organisation="NHS Northfell CCG", statutory=True,
        asked_to=GOVERNING_BODY,
    ),
    "coastline-ccg": BodySpec(
        "Coastline CCG Governing Body", "Coastline CCG GB", organisation="NHS Coastline CCG", statutory=True,
        asked_to=GOVERNING_BODY,
    ),
    "moorside-ccg": BodySpec(
        "Moorside CCG Governing Body", "Moorside CCG GB", organisation="NHS Moorside CCG", statutory=True,
        asked_to=GOVERNING_BODY,
    ),
    "riverside-ft": BodySpec(
        "Riverside Hospitals NHS Foundation Trust Board", "Riverside Hospitals FT Board", statutory=True,
        asked_to=BOARD, organisation="Riverside Hospitals NHS Foundation Trust",
    ),
    "fellside-ft": BodySpec(
        "Fellside and Coast Mental Health NHS Foundation Trust Board", "Fellside and Coast FT Board",
        statutory=True, asked_to=BOARD, organisation="Fellside and Coast Mental Health NHS Foundation Trust",
    ),
    "ft-cic": BodySpec(
        "Foundation Trust Committees in Common", "FT CiC", statutory=True,
        asked_to="The Committees in Common are asked to:",
        organisations=("Riverside Hospitals NHS Foundation Trust", "Fellside and Coast Mental Health NHS Foundation Trust"),
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
             "Joint CCG Committee secretary: see the mental health beds item the Committee deferred when it was "
             "not quorate, and the chair's action since, which its next meeting is to ratify."),
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

# The seed's 2020 route (seed 004): who owns stages 1 to 3; stage 4 is the bodies named for each proposal.
ROUTE_NAME = "ICS governance route (2020)"
ROUTE_OWNERS = {Stage.DEVELOPMENT: "clg", Stage.QUALITY_ASSURANCE: "icsmg", Stage.STAKEHOLDER_SIGNOFF: "hsg"}
# The statutory-duty gates the route needs: (gate, from which stage, the body whose member signs, the office).
ROUTE_GATES = (
    (DutyGate.QIA, Stage.QUALITY_ASSURANCE, "clg", "Director of Nursing and Quality"),
    (DutyGate.EQIA, Stage.QUALITY_ASSURANCE, "clg", ""),
    (DutyGate.FINANCE, Stage.QUALITY_ASSURANCE, "flg", "Chief Finance Officer"),
    (DutyGate.ENGAGEMENT, Stage.STAKEHOLDER_SIGNOFF, "hsg", ""),
    (DutyGate.DPIA, Stage.STAKEHOLDER_SIGNOFF, "icsmg", "Data Protection Officer"),
    (DutyGate.SUSTAINABILITY, Stage.FORMAL_APPROVAL, "icsmg", ""),
)

# The authority each CCG's representative on the Joint CCG Committee votes under (seed 002): from
# their CCG's governing body, since the start of the financial year. Invented minute references.
DELEGATIONS = (
    ("jcc_chair", "NHS Coastline CCG Governing Body", "GB/26/031"),
    ("jcc_riverside", "NHS Riverside CCG Governing Body", "GB/26/027"),
    ("jcc_northfell", "NHS Northfell CCG Governing Body", "GB/26/019"),
    ("jcc_moorside", "NHS Moorside CCG Governing Body", "GB/26/024"),
)
DELEGATED = "Decisions on ICS-level commissioning proposals at the Joint CCG Committee, within the CCG's budget"
