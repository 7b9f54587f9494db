"""The governance models, by what they are about; import them from here."""

from .assurance import BoardAssuranceRisk
from .bodies import (
    Body,
    Delegation,
    GroupMembership,
    Membership,
    MembershipChange,
    Organisation,
    Place,
    RegisteredInterest,
)
from .chairs_actions import ChairsAction
from .gates import GateSignatory, GateSignOff, RouteGate, gate_evidence_path
from .meetings import (
    AgendaItem,
    Attendance,
    Decision,
    ItemInterest,
    Meeting,
    MeetingEvent,
    PaperDocument,
    Vote,
    paper_document_path,
)
from .packs import BoardPack, PackDownload, pack_path
from .programme import Escalation
from .records import Action, MinuteEntry, Minutes, minutes_path
from .routes import ConfigurationChange, DelegationRule, PlacesAffected, ProposalFacts, Route, RouteStage
from .sections import STANDARD_SECTIONS, CaseSection, route_sections

__all__ = [
    "Action", "AgendaItem", "Escalation", "GateSignatory", "GateSignOff", "RouteGate", "gate_evidence_path", "CaseSection", "STANDARD_SECTIONS", "route_sections", "Attendance", "BoardAssuranceRisk", "BoardPack", "Body", "ChairsAction", "Decision", "Delegation",
    "GroupMembership", "ItemInterest", "Meeting", "MeetingEvent", "Membership", "MembershipChange", "Organisation",
    "MinuteEntry", "Minutes", "PackDownload", "PaperDocument", "Place", "RegisteredInterest", "Route", "RouteStage", "ConfigurationChange", "DelegationRule", "PlacesAffected", "ProposalFacts",
    "Vote",
    # The migrations name the upload paths as governance.models.<name>.
    "minutes_path", "pack_path", "paper_document_path",
]
