from django.urls import path

from ics_commissioning.user_cache import kept_per_reader

from . import pipeline, views

app_name = "proposals"

urlpatterns = [
    path("", kept_per_reader(views.ProposalListView.as_view()), name="list"),
    path("mine/", kept_per_reader(views.MyProposalsView.as_view()), name="mine"),
    path("new/", views.ProposalCreateView.as_view(), name="create"),
    path("how-it-works/", views.HowItWorksView.as_view(), name="how_it_works"),
    path("pipeline/", kept_per_reader(pipeline.PipelineBoardView.as_view()), name="pipeline"),
    path("pipeline/list/", kept_per_reader(pipeline.PipelineListView.as_view()), name="pipeline_list"),
    path("pipeline/export.csv", pipeline.PipelineCsvView.as_view(), name="pipeline_csv"),
    # Before the proposal's own pages: "search" would otherwise be read as a reference.
    path("search/", kept_per_reader(views.ProposalSearchView.as_view()), name="search"),
    path("<str:reference>/", kept_per_reader(views.ProposalDetailView.as_view()), name="detail"),
    path("<str:reference>/triage/", views.TriageDecisionView.as_view(), name="triage"),
    path("<str:reference>/triage/answers/", views.RecordTriageView.as_view(), name="record_triage"),
    path("<str:reference>/triage/accept/", views.AcceptForAssessmentView.as_view(), name="accept_for_assessment"),
    path("<str:reference>/triage/place-based/", views.ReferToPlaceView.as_view(), name="refer_to_place_based"),
    path("<str:reference>/triage/reopen/", views.ReopenTriageView.as_view(), name="reopen_triage"),
    path("<str:reference>/versions/", views.VersionListView.as_view(), name="versions"),
    path("<str:reference>/versions/<int:number>/", views.VersionDetailView.as_view(), name="version"),
    path("<str:reference>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("<str:reference>/business-case/", views.TaskListView.as_view(), name="tasks"),
    path("<str:reference>/business-case/details/", views.DetailsEditView.as_view(), name="edit_details"),
    path("<str:reference>/business-case/finance/", views.FinanceEditView.as_view(), name="edit_finance"),
    path("<str:reference>/business-case/risks/", views.RisksEditView.as_view(), name="edit_risks"),
    path("<str:reference>/business-case/triage/", views.TriageEditView.as_view(), name="edit_triage"),
    path("<str:reference>/business-case/options/", views.OptionsEditView.as_view(), name="edit_options"),
    path("<str:reference>/business-case/attachments/", views.AttachmentsView.as_view(), name="attachments"),
    path("<str:reference>/business-case/check/", views.CheckAnswersView.as_view(), name="check"),
    path("<str:reference>/business-case/<slug:section>/", views.SectionEditView.as_view(), name="edit_section"),
    path("<str:reference>/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("<str:reference>/attachments/<int:pk>/remove/", views.AttachmentRemoveView.as_view(),
         name="remove_attachment"),
]
