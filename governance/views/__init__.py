"""The governance pages, by page group."""

from .board_packs import PackBuildView, PackDownloadView, PackStatusView
from .bodies import BodyDetailView, BodyListView
from .meetings import (
    AgendaEditView,
    AttendanceView,
    DecisionView,
    ItemInterestView,
    MeetingDetailView,
    MyMeetingsView,
    PaperDocumentDownloadView,
)

__all__ = [
    "AgendaEditView", "AttendanceView", "BodyDetailView", "BodyListView", "DecisionView", "ItemInterestView",
    "MeetingDetailView", "MyMeetingsView", "PackBuildView", "PackDownloadView", "PackStatusView",
    "PaperDocumentDownloadView",
]
