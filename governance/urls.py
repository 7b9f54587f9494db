from django.urls import path

from ics_commissioning.user_cache import kept_per_reader

from . import views

app_name = "governance"

urlpatterns = [
    path("bodies/", kept_per_reader(views.BodyListView.as_view()), name="bodies"),
    path("meetings/", kept_per_reader(views.MyMeetingsView.as_view()), name="my_meetings"),
    path("decisions/", kept_per_reader(views.DecisionLogView.as_view()), name="decision_log"),
    path("decisions/export.csv", views.DecisionLogCsvView.as_view(), name="decision_log_csv"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body"),
    path("bodies/<int:pk>/meetings/", views.ArrangeMeetingView.as_view(), name="arrange_meeting"),
    path("bodies/<int:pk>/interests/", views.RegisterInterestView.as_view(), name="register_interest"),
    path("bodies/<int:pk>/members/", views.GiveRoleView.as_view(), name="give_role"),
    path("bodies/<int:pk>/members/<int:membership_pk>/end/", views.EndRoleView.as_view(), name="end_role"),
    path("bodies/<int:pk>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path("bodies/<int:pk>/programme/add/", views.AddToMeetingView.as_view(), name="programme_add"),
    path("bodies/<int:pk>/programme/escalations/<int:escalation_pk>/add/", views.EscalationToMeetingView.as_view(),
         name="escalation_to_meeting"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("bodies/<int:pk>/proposals/<int:proposal_pk>/chairs-action/", views.ChairsActionView.as_view(),
         name="chairs_action"),
    *[path(f"meetings/<int:pk>/{move}/", views.MeetingMoveView.as_view(move=move), name=f"meeting_{move}")
      for move in ("publish", "open", "close", "cancel", "postpone")],
    path("meetings/<int:pk>/items/<int:item_pk>/ratify/", views.RatifyView.as_view(), name="ratify"),
    path("meetings/<int:pk>/agenda/", views.AgendaEditView.as_view(), name="agenda"),
    path("meetings/<int:pk>/agenda/proposals/", views.AddProposalToAgendaView.as_view(), name="agenda_add_proposal"),
    path("meetings/<int:pk>/agenda/papers/", views.AddPaperView.as_view(), name="agenda_add_paper"),
    path("meetings/<int:pk>/items/<int:item_pk>/up/", views.MoveItemView.as_view(offset=-1), name="move_item_up"),
    path("meetings/<int:pk>/items/<int:item_pk>/down/", views.MoveItemView.as_view(offset=1), name="move_item_down"),
    path("meetings/<int:pk>/items/<int:item_pk>/cover-sheet/", views.CoverSheetView.as_view(), name="cover_sheet"),
    path("meetings/<int:pk>/items/<int:item_pk>/remove/", views.RemoveItemView.as_view(), name="remove_item"),
    path("meetings/<int:pk>/items/<int:item_pk>/documents/", views.AttachDocumentView.as_view(),
         name="attach_document"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/items/<int:item_pk>/decision/", views.DecisionView.as_view(), name="decision"),
    path("meetings/<int:pk>/items/<int:item_pk>/interest/", views.ItemInterestView.as_view(), name="interest"),
    path("meetings/<int:pk>/items/<int:item_pk>/documents/<int:document_pk>/",
         views.PaperDocumentDownloadView.as_view(), name="paper_document"),
    path("bodies/<int:pk>/actions/", views.ActionLogView.as_view(), name="action_log"),
    path("meetings/<int:pk>/items/<int:item_pk>/actions/", views.RaiseActionView.as_view(), name="raise_action"),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/minutes/draft/", views.DraftMinutesView.as_view(), name="draft_minutes"),
    path("meetings/<int:pk>/minutes/print/", views.MinutesPdfView.as_view(), name="print_minutes"),
    path("meetings/<int:pk>/minutes/<str:part>.pdf", views.MinutesDownloadView.as_view(), name="minutes_pdf"),
    path("meetings/<int:pk>/minutes-for-approval/", views.MinutesToAgendaView.as_view(), name="minutes_to_agenda"),
    path("meetings/<int:pk>/packs/<str:part>/", views.PackStatusView.as_view(), name="pack_status"),
    # Questions from the public, at a meeting held in public (public.services).
    path("meetings/<int:pk>/public-questions/", views.PublicQuestionsView.as_view(), name="public_questions"),
    path("meetings/<int:pk>/public-questions/<int:question_pk>/", views.ModerateQuestionView.as_view(),
         name="moderate_question"),
    path("meetings/<int:pk>/packs/<str:part>/build/", views.PackBuildView.as_view(), name="pack_build"),
    path("meetings/<int:pk>/packs/<str:part>/download/", views.PackDownloadView.as_view(), name="pack_download"),
    # A proposal's statutory-duty gates (governance.duty_gates).
    path("proposals/<str:reference>/gates/<slug:gate>/signatory/", views.GateSignatoryView.as_view(),
         name="gate_signatory"),
    path("proposals/<str:reference>/gates/<slug:gate>/sign/", views.GateSignView.as_view(), name="gate_sign"),
    path("proposals/<str:reference>/escalate/", views.EscalateView.as_view(), name="escalate"),
    path("proposals/<str:reference>/gate-evidence/<int:pk>/", views.GateEvidenceView.as_view(), name="gate_evidence"),
]
