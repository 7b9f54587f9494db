"""The demo's meetings, the actions raised at them, and the plain papers on their agendas."""

from dataclasses import dataclass

from demo.organisation import prose
from governance.enums import DecisionOutcome, MeetingStatus, PaperAsk, PaperPurpose
from proposals.enums import ProposalState

NOTE, RECEIVE, AGREE, APPROVE, CONFIRM, CONSIDER = (
    PaperAsk.NOTE, PaperAsk.RECEIVE, PaperAsk.AGREE, PaperAsk.APPROVE, PaperAsk.CONFIRM, PaperAsk.CONSIDER,
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
    "jcc-0": MeetingSpec("jcc", -56, HELD, "Council Chamber, Coastline Town Hall", hour=14),
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


# -- The board assurance framework --------------------------------------------------------

# The principal risks papers' cover sheets link to: (reference, the risk, the body that takes assurance
# on it). Invented, in the words such frameworks use.
BAF_RISKS = (
    ("BAF 1", "Unwarranted variation in access to specialised services between the ICPs widens health "
              "inequalities", "jcc"),
    ("BAF 2", "The system does not deliver the recurrent efficiencies in its financial plan", "icsmg"),
    ("BAF 3", "Shortages in the specialist clinical workforce limit the restoration of services", "hsg"),
    ("BAF 4", "Fragmented commissioning across organisational boundaries delays the integration of care "
              "pathways", "hsg"),
    ("BAF 5", "Urgent and emergency care cannot meet demand safely over winter", "icsmg"),
)
# The risks a proposal's cover sheet links to, by its service area; every proposal bears on the
# financial plan (BAF 2).
PROPOSAL_BAF_RISKS = {
    "cardiology": ("BAF 1",), "specialised": ("BAF 1",), "rehabilitation": ("BAF 1", "BAF 3"), "stroke": ("BAF 3",),
    "urgent_care": ("BAF 5",), "mental_health": ("BAF 4",),
}

# -- Agenda cover notes for proposals -------------------------------------------------------

# What the cover sheet asks the body to do with a proposal at the stage it owns (RECOMMENDATIONS in words).
ASKS = {
    ProposalState.SUBMITTED: (NOTE, AGREE, CONFIRM),
    ProposalState.ASSESSMENT: (NOTE, AGREE),
    ProposalState.QUALITY_ASSURANCE: (CONSIDER, CONFIRM),
    ProposalState.STAKEHOLDER_SIGNOFF: (APPROVE, CONFIRM),
    ProposalState.FORMAL_APPROVAL: (NOTE, APPROVE),
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
    asks: tuple
    next_steps: str
    implications: dict  # Implication value -> text
    baf_risks: tuple = ()  # references, BAF_RISKS
    part: str = "A"
    follows: tuple = ()  # (meeting key, title) of the earlier paper it follows
    decision: tuple = ()  # (outcome, minute) at a meeting already held


MEMBERSHIP_PAPER = "Specialised Commissioning Strategy Board: membership and terms of reference"

# Questions from the public to the Joint CCG Committee's next meeting, about its update paper: (asker,
# question, answer; "" not answered yet). Invented people.
PUBLIC_QUESTIONS = (
    ("Pat Hollins", "Will patients in Moorside still be able to have their cardiac rehabilitation close to "
                    "home once the network manages the pathway?",
     "Yes. The network plans the pathway across the ICS, but rehabilitation classes stay in each place, "
     "including the two community sites in Moorside."),
    ("Dev Raman", "How will the Committee hear from patients about the new shared waiting list for "
                  "transfers between hospitals?", ""),
)

PAPERS = (
    # An earlier meeting of the Joint CCG Committee, held in public: its terms of reference reviewed.
    PaperSpec(
        meeting="jcc-0",
        title="Joint CCG Committee: annual review of its terms of reference",
        purpose=PaperPurpose.INFORMATION,
        author="jcc_secretary",
        sponsor="jcc_chair",
        background="The terms of reference require the Committee to review them each year. No change is "
                   "proposed this year: the four CCGs' delegations to their representatives remain in force.",
        progress="Each governing body confirmed its delegation at its last meeting.",
        recommendations="Note that the terms of reference are unchanged.",
        asks=(NOTE,),
        next_steps="The next review falls due in twelve months.",
        implications={},
        decision=(DecisionOutcome.NOTED, "The Committee noted that its terms of reference are unchanged."),
    ),
    # Seed 001, as it went first to the Health Strategy Group: asked to agree the membership approach.
    PaperSpec(
        meeting="hsg-1",
        title=MEMBERSHIP_PAPER,
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
        asks=(AGREE, CONFIRM, NOTE),
        next_steps=prose("""
            5. Subject to the Group's agreement, the membership and the exemplar approach go to the Joint
            CCG Committee, whose CCGs would nominate representatives to the cardiology scoping work.
        """),
        implications={
            "financial": "None identified: members attend within their existing roles.",
            "legal": "None identified. The Board advises; decisions stay with the statutory bodies.",
            "equality": "A lay representative and a representative of each ICP give patients and every place a voice.",
            "quality": "Joining up the specialised and non-specialised parts of pathways aims to reduce delays "
                       "between them.",
            "data_protection": "None identified: the Board uses aggregated activity data only.",
            "sustainability": "Meetings are held online where possible.",
            "conflicts": "Provider representatives declare their interests and take no part in commissioning "
                         "decisions on their own services.",
        },
        baf_risks=("BAF 4",),
        decision=(DecisionOutcome.AGREED, "The Group agreed the membership approach. Nominations for the Central "
                                          "ICP and the finance workstream are to be confirmed by the Joint CCG "
                                          "Committee."),
    ),
    # Seed 000: the update for the Joint CCG Committee.
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
        """),
        recommendations=prose("""
            The Committee is asked to:
            - note the progress of the collaborative commissioning model for cardiology;
            - note the revisions being made to the complex neurorehabilitation business case.
        """),
        asks=(NOTE,),
        next_steps=prose("""
            6. The revised neurorehabilitation business case will return to the ICS Management Group and then
            to this Committee next quarter. A first outcome report on cardiology will come to the Committee
            in quarter 4.
        """),
        implications={
            "financial": "None for this update. The aligned budget for complex rehabilitation will be set out in "
                         "the revised business case.",
            "legal": "The section 13V agreements are being reviewed by each organisation's legal advisers.",
            "equality": "The cardiology model aims to give patients in every ICP the same access to primary PCI and "
                        "device implantation.",
            "quality": "Transfer waits for NSTEMI patients are monitored weekly by the pathway board.",
            "data_protection": "The shared referral system has a data protection impact assessment, agreed by "
                               "each trust's data protection officer.",
            "sustainability": "Fewer inter-hospital transfers mean fewer ambulance journeys.",
            "conflicts": "None identified.",
        },
        baf_risks=("BAF 1", "BAF 4"),
    ),
    # Seed 001 again, as it then went to the Joint CCG Committee: "Joint CCG Committee to: note …,
    # confirm …, consider …, agree …".
    PaperSpec(
        meeting="jcc-2",
        title="Specialised Commissioning Strategy Board: nominations and the cardiology exemplar",
        purpose=PaperPurpose.DECISION,
        author="lead",
        sponsor="specomm",
        follows=("hsg-1", MEMBERSHIP_PAPER),
        background=prose("""
            1. The Health Strategy Group agreed the membership approach for the Specialised Commissioning
            Strategy Board, which provides joint, place-based leadership for the strategic planning of
            specialised pathways within the ICS governance framework.

            2. Separate budgets for the specialised and non-specialised parts of one pathway can impede
            effective pathways and lead to avoidably poor patient experience. The Board proposes the
            cardiology pathway as an exemplar project to explore place-based commissioning.
        """),
        progress=prose("""
            3. Nominations have been received from the North and South ICPs. The Central ICP and the finance
            workstream have still to nominate.

            4. A scoping event for the cardiology workstream is planned with the regional cardiovascular
            network.
        """),
        recommendations=prose("""
            The Committee is asked to:
            - note the place-based commissioning approach and the Board's place in the ICS governance framework;
            - confirm nominations to the Board from the Central ICP and the finance workstream;
            - consider which CCG representatives take part in scoping the cardiology workstream;
            - agree that a scoping report comes back to the Committee early in the new year.
        """),
        asks=(NOTE, CONFIRM, CONSIDER, AGREE),
        next_steps=prose("""
            5. The Board will meet once its membership is complete, and its scoping report will come to the
            Committee early in the new year.
        """),
        implications={
            "financial": "None at this stage. Any pooled budget would come to the Committee and NHS England for "
                         "decision with a business case.",
            "legal": "NHS England keeps formal responsibility for commissioning specialised services; any "
                     "pooled budget would be under section 13V of the NHS Act 2006.",
            "equality": "An equality impact assessment will be part of the scoping report.",
            "quality": "The exemplar aims to reduce delays between the stages of the cardiology pathway.",
            "data_protection": "None identified.",
            "sustainability": "None identified.",
            "conflicts": "Members employed by providers of cardiology services declare their interests.",
        },
        baf_risks=("BAF 1", "BAF 4"),
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
        asks=(NOTE, CONFIRM),
        next_steps=prose("""
            5. The invitation to tender is issued once the Health Strategy Group has signed off the business
            case. The contract award comes to the Committee in Part B.
        """),
        implications={
            "financial": "An envelope of £15.4m a year, with a ceiling of £16.1m, within the CCGs' combined "
                         "urgent care budgets.",
            "legal": "A competitive procurement under the Public Contracts Regulations 2015, with a standstill "
                     "period before award.",
            "equality": "The specification requires access for people who do not speak English and for deaf "
                        "people, and the bids are scored on it.",
            "quality": "Quality and the clinical model carry 55% of the evaluation.",
            "data_protection": "The new provider will process patient records: a data protection impact "
                               "assessment is part of mobilisation.",
            "sustainability": "Social value, including carbon reduction, carries 10% of the evaluation.",
            "conflicts": "Members with links to any potential bidder have declared them and take no part.",
        },
        baf_risks=("BAF 2", "BAF 5"),
    ),
)
