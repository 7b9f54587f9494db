"""
The demo's second profile, `seed_demo --profile icb`: an invented Integrated Care Board of 2026 that
describes its own bodies, routes and scheme of delegation as data. Its proposals reuse the default
profile's business cases, routed by the ICB's scheme: one to a place committee, one to the joint
committee with NHS England, one through the ICB's own route to its provider collaborative and Board.
"""

from dataclasses import replace

from governance.enums import MembershipRole, OrganisationKind, Stage, VotesCountedBy
from governance.models.routes import PLACE_COMMITTEE
from proposals.enums import ServiceArea

from . import stories
from .meetings import MeetingSpec
from .organisation import BodySpec, MembershipSpec, UserSpec
from .stories.steps import Accept, CompleteAssessment, QualityAssure, Score, SignOff, Submit, SubmitFullCase, Triage

ICB = "NHS Northshire Integrated Care Board"
NHSE = "NHS England (North)"
MH_TRUST = "Fellside and Coast Mental Health NHS Foundation Trust"
ACUTE_TRUST = "Riverside Hospitals NHS Foundation Trust"

# ODS codes are invented.
ORGANISATIONS = {
    ICB: (OrganisationKind.ICB, "ZZN"),
    NHSE: (OrganisationKind.NHS_ENGLAND, "ZZE"),
    MH_TRUST: (OrganisationKind.FOUNDATION_TRUST, "ZZB"),
    ACUTE_TRUST: (OrganisationKind.FOUNDATION_TRUST, "ZZA"),
    "Riverside Borough Council": (OrganisationKind.LOCAL_AUTHORITY, "ZZR"),
    "Coastline County Council": (OrganisationKind.LOCAL_AUTHORITY, "ZZC"),
}

PLACES = ("Riverside", "Coastline")

# What each body is and may do is said here, as an ICB's terms of reference would.
BODIES = {
    "icb-board": BodySpec("Northshire ICB Board", "ICB Board", organisations=(ICB,), statutory=True,
                          asked_to="The Board is asked to:", meets_in_public=True,
                          purpose="The ICB's board: the decisions the scheme of reservation reserves to it."),
    "ccpc": BodySpec("Clinical and Care Professional Committee", "CCPC", asked_to="The Committee is asked to:",
                     organisations=(ICB,), assesses=True,
                     purpose="Triages proposals and runs the scoring exercise."),
    "scc": BodySpec("Strategic Commissioning Committee", "SCC", organisations=(ICB,), asked_to="The Committee is asked to:",
                    purpose="Quality-assures and signs off commissioning proposals for the Board."),
    "jc-nhse": BodySpec("Joint Committee with NHS England (specialised services)", "JC NHSE",
                        asked_to="The Joint Committee is asked to:", organisations=(ICB, NHSE), statutory=True,
                        decides_by_vote=True, votes_counted_by=VotesCountedBy.ORGANISATION,
                        purpose="Decides on the specialised services NHS England delegates jointly to the ICB."),
    "riverside-place": BodySpec("Riverside Place Partnership Committee", "Riverside PPC", asked_to="The Committee is asked to:",
                                organisations=(ICB, "Riverside Borough Council"), statutory=True,
                                meets_in_public=True, purpose="Decides, under delegation, on Riverside's services."),
    "coastline-place": BodySpec("Coastline Place Partnership Committee", "Coastline PPC", asked_to="The Committee is asked to:",
                                organisations=(ICB, "Coastline County Council"), statutory=True,
                                meets_in_public=True, purpose="Decides, under delegation, on Coastline's services."),
    "mh-collab": BodySpec("Mental Health Provider Collaborative Board", "MH PCB", asked_to="The Board is asked to:",
                          organisations=(MH_TRUST, ACUTE_TRUST), statutory=True,
                          purpose="The providers' collaborative for adult mental health services."),
    "mh": BodySpec("Mental Health Programme Board", "MH PB", sponsors=True, asked_to="The Board is asked to:"),
    "cardiology-network": BodySpec("Cardiac Network Board", "Cardiac NB", sponsors=True, asked_to="The Board is asked to:"),
}

USERS = (
    UserSpec("icb_secretary", "Priya", "Hollingworth", "Board Secretary", ICB,
             "Secretary of the ICB Board and the Strategic Commissioning Committee: see each proposal's route."),
    UserSpec("icb_ccpc_secretary", "Owen", "Treharne", "Clinical Governance Manager", ICB,
             "Secretary of the Clinical and Care Professional Committee: triage the specialised services proposal."),
    UserSpec("icb_place_secretary", "Lorna", "Baptiste", "Place Governance Lead", ICB,
             "Secretary of both place committees: the Riverside proposal is with its committee."),
    UserSpec("icb_lead", "Tomasz", "Wilde", "Head of Commissioning", ICB,
             "Lead author: see why each of your proposals took its route."),
    UserSpec("icb_assessor1", "Grace", "Ellerby", "Clinical Director, Planned Care", ICB, "Assessor."),
    UserSpec("icb_assessor2", "Hamid", "Sallis", "Deputy Director of Finance", ICB, "Assessor."),
    UserSpec("icb_admin", "Ada", "Pennington", "Governance systems administrator", ICB,
             "Administrator: the routes, the scheme of delegation and `manage.py governance export`.",
             is_superuser=True),
)

SECRETARY, ASSESSOR, CHAIR = MembershipRole.SECRETARY, MembershipRole.ASSESSOR, MembershipRole.CHAIR
MEMBERSHIPS = (
    *(MembershipSpec("icb_secretary", body, SECRETARY) for body in ("icb-board", "scc", "mh")),
    MembershipSpec("icb_ccpc_secretary", "ccpc", SECRETARY),
    MembershipSpec("icb_ccpc_secretary", "cardiology-network", SECRETARY),
    *(MembershipSpec("icb_place_secretary", body, SECRETARY) for body in ("riverside-place", "coastline-place")),
    MembershipSpec("icb_secretary", "jc-nhse", SECRETARY),
    MembershipSpec("icb_secretary", "mh-collab", SECRETARY),
    MembershipSpec("icb_assessor1", "ccpc", ASSESSOR),
    MembershipSpec("icb_assessor2", "ccpc", ASSESSOR),
    MembershipSpec("icb_lead", "mh", CHAIR),
)

ROUTES = {
    "Northshire ICB route": {Stage.DEVELOPMENT: "ccpc", Stage.QUALITY_ASSURANCE: "scc",
                             Stage.STAKEHOLDER_SIGNOFF: "icb-board"},
    # Under delegation, a place decides for itself: no quality assurance by the Committee, and sign-off
    # by the place committee for the proposal's place, which then formally approves.
    "Place route": {Stage.DEVELOPMENT: "ccpc", Stage.STAKEHOLDER_SIGNOFF: PLACE_COMMITTEE},
    # Specialised services: the Committee quality-assures; the joint committee with NHS England decides,
    # named by the scheme, with no sign-off in between.
    "Specialised services route": {Stage.DEVELOPMENT: "ccpc", Stage.QUALITY_ASSURANCE: "scc"},
}
DEFAULT_ROUTE = "Northshire ICB route"

# Each place's partnership committee (Place.committee).
PLACE_COMMITTEES = {"Riverside": "riverside-place", "Coastline": "coastline-place"}

# The scheme of delegation, read in order: (name, conditions, route, the bodies that may formally approve).
SCHEME = (
    ("Specialised services: the joint committee with NHS England", {"service_areas": [ServiceArea.SPECIALISED]},
     "Specialised services route", ("jc-nhse",)),
    ("Riverside only, under £1m a year: the Riverside Place Partnership Committee",
     {"place": "Riverside", "max_annual_value": 1_000_000}, "Place route", ("riverside-place",)),
    ("Coastline only, under £1m a year: the Coastline Place Partnership Committee",
     {"place": "Coastline", "max_annual_value": 1_000_000}, "Place route", ("coastline-place",)),
    ("Adult mental health: the provider collaborative, then the Board",
     {"service_areas": [ServiceArea.MENTAL_HEALTH]}, "Northshire ICB route", ("mh-collab", "icb-board")),
    ("Everything else: the ICB Board", {}, "Northshire ICB route", ("icb-board",)),
)

MEETINGS = {
    "ccpc-1": MeetingSpec("ccpc", -42, "held", "Room 2, Northshire House"),
    "scc-1": MeetingSpec("scc", -28, "held", "Room 2, Northshire House", hour=14),
    "icb-board-1": MeetingSpec("icb-board", -14, "held", "Council Chamber, Coastline Town Hall", hour=13),
    "riverside-place-1": MeetingSpec("riverside-place", 16, "published", "Riverside Civic Centre"),
    "ccpc-2": MeetingSpec("ccpc", 20, "published", "Room 2, Northshire House"),
}


def _proposal(story, *, lead="icb_lead", workstream, service_area, places, route):
    """A default-profile business case, led and scored by the ICB's people, on the ICB's facts."""
    submitted = [marks for marks in story.STORY.scores.values() if isinstance(marks, tuple)][:2]
    scores = dict(zip(("icb_assessor1", "icb_assessor2"), submitted, strict=False))
    return replace(story.STORY, lead=lead, co_authors=(), workstream=workstream, service_area=service_area,
                   places=places, route=route, scores=scores, remarks={}, author_triage=story.STORY.author_triage)


PROPOSALS = (
    # Riverside alone, under £1m a year: its route skips quality assurance, and its place committee signs it off.
    _proposal(stories.cardiology_model, workstream="cardiology-network", service_area=ServiceArea.CARDIOLOGY,
              places=("Riverside",), route=(
                  Submit(), Triage("ccpc-1", confirms=True), Accept("ccpc-1"), Score(),
                  CompleteAssessment("ccpc-1", "Eligible: total {total} against a threshold of {threshold}."),
                  SubmitFullCase(),
              )),
    # Specialised services: the joint committee with NHS England will decide it; it waits for triage.
    _proposal(stories.stroke_services, workstream="cardiology-network", service_area=ServiceArea.SPECIALISED,
              places=("Riverside", "Coastline"), route=(Submit(),)),
    # Adult mental health across both places: the provider collaborative and the Board approve it.
    _proposal(stories.mental_health_beds, workstream="mh", service_area=ServiceArea.MENTAL_HEALTH,
              places=("Riverside", "Coastline"), route=(
                  Submit(), Triage("ccpc-1", confirms=True), Accept("ccpc-1"), Score(),
                  CompleteAssessment("ccpc-1", "Eligible: total {total} against a threshold of {threshold}."),
                  QualityAssure("scc-1", "Quality assured: the Committee asked for the bed-sharing memorandum."),
                  SignOff("icb-board-1", ("mh-collab", "icb-board"),
                          "Signed off. The provider collaborative and the Board formally approve."),
              )),
)
