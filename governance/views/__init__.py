"""The governance pages, by page group; urls.py names each view from here."""

from .board_packs import PackBuildView, PackDownloadView, PackStatusView
from .bodies import ArrangeMeetingView, BodyDetailView, BodyListView, EndRoleView, GiveRoleView, RegisterInterestView
from .chairs_actions import ChairsActionView, RatifyView
from .cover_sheets import CoverSheetView
from .decision_log import DecisionLogCsvView, DecisionLogView
from .escalations import EscalateView, EscalationToMeetingView
from .gates import GateEvidenceView, GateSignatoryView, GateSignView
from .meetings import (
    AddPaperView,
    AddProposalToAgendaView,
    AgendaEditView,
    AttachDocumentView,
    AttendanceView,
    DecisionView,
    ItemInterestView,
    MeetingDetailView,
    MeetingMoveView,
    MoveItemView,
    MyMeetingsView,
    PaperDocumentDownloadView,
    RemoveItemView,
)
from .programme import AddToMeetingView, ProgrammeView
from .public_questions import ModerateQuestionView, PublicQuestionsView
from .records import (
    ActionLogView,
    DraftMinutesView,
    MinutesDownloadView,
    MinutesPdfView,
    MinutesToAgendaView,
    MinutesView,
    RaiseActionView,
)

__all__ = [
    "EscalateView", "EscalationToMeetingView", "GateEvidenceView", "GateSignatoryView", "GateSignView",
    "ActionLogView", "AddPaperView", "AddProposalToAgendaView", "AddToMeetingView", "AgendaEditView",
    "ArrangeMeetingView", "AttachDocumentView", "AttendanceView", "BodyDetailView", "BodyListView", "CoverSheetView",
    "EndRoleView", "GiveRoleView",
    "DecisionLogCsvView", "DecisionLogView", "DecisionView", "DraftMinutesView", "ItemInterestView",
    "MeetingDetailView", "MeetingMoveView", "MinutesDownloadView", "MinutesPdfView", "MinutesToAgendaView",
    "MinutesView", "MoveItemView", "MyMeetingsView", "PackBuildView", "PackDownloadView", "PackStatusView",
    "PaperDocumentDownloadView", "ProgrammeView", "ModerateQuestionView", "PublicQuestionsView", "RaiseActionView", "RatifyView", "ChairsActionView", "RegisterInterestView", "RemoveItemView",
]
