"""The governance pages, by page group."""

from .board_packs import PackBuildView, PackDownloadView, PackStatusView
from .bodies import BodyDetailView, BodyListView
from .decision_log import DecisionLogCsvView, DecisionLogView
from .meetings import (
    AgendaEditView,
    AttendanceView,
    DecisionView,
    ItemInterestView,
    MeetingDetailView,
    MyMeetingsView,
    PaperDocumentDownloadView,
)
from .programme import ProgrammeView
from .records import ActionLogView, MinutesDownloadView, MinutesToAgendaView, MinutesView, RaiseActionView

__all__ = [
    "ActionLogView", "AgendaEditView", "AttendanceView", "BodyDetailView", "BodyListView", "DecisionLogCsvView", "DecisionLogView",
    "DecisionView", "ItemInterestView", "MeetingDetailView", "MinutesDownloadView", "MinutesToAgendaView",
    "MinutesView", "MyMeetingsView", "PackBuildView", "PackDownloadView", "PackStatusView",
    "PaperDocumentDownloadView", "ProgrammeView", "RaiseActionView",
]
