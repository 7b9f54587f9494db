"""Proposal pages, grouped by who uses them; urls.py names each view from here."""

from .business_case import (  # noqa: F401
    AttachmentDownloadView,
    AttachmentRemoveView,
    AttachmentsView,
    CheckAnswersView,
    DetailsEditView,
    FinanceEditView,
    OptionsEditView,
    ProposalCreateView,
    RisksEditView,
    SectionEditView,
    TaskListView,
    TriageEditView,
    WithdrawView,
)
from .pages import HowItWorksView, MyProposalsView, ProposalDetailView, ProposalListView, home  # noqa: F401
from .search import ProposalSearchView  # noqa: F401
from .triage import (  # noqa: F401
    AcceptForAssessmentView,
    RecordTriageView,
    ReferToPlaceView,
    ReopenTriageView,
    TriageDecisionView,
)
from .versions import VersionDetailView, VersionListView  # noqa: F401
