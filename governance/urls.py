from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("bodies/", views.BodyListView.as_view(), name="bodies"),
    path("meetings/", views.MyMeetingsView.as_view(), name="my_meetings"),
    path("decisions/", views.DecisionLogView.as_view(), name="decision_log"),
    path("decisions/export.csv", views.DecisionLogCsvView.as_view(), name="decision_log_csv"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body"),
    path("bodies/<int:pk>/programme/", views.ProgrammeView.as_view(), name="programme"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/agenda/", views.AgendaEditView.as_view(), name="agenda"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/items/<int:item_pk>/decision/", views.DecisionView.as_view(), name="decision"),
    path("meetings/<int:pk>/items/<int:item_pk>/interest/", views.ItemInterestView.as_view(), name="interest"),
    path("meetings/<int:pk>/items/<int:item_pk>/documents/<int:document_pk>/",
         views.PaperDocumentDownloadView.as_view(), name="paper_document"),
    path("bodies/<int:pk>/actions/", views.ActionLogView.as_view(), name="action_log"),
    path("meetings/<int:pk>/items/<int:item_pk>/actions/", views.RaiseActionView.as_view(), name="raise_action"),
    path("meetings/<int:pk>/minutes/", views.MinutesView.as_view(), name="minutes"),
    path("meetings/<int:pk>/minutes/<str:part>.pdf", views.MinutesDownloadView.as_view(), name="minutes_pdf"),
    path("meetings/<int:pk>/minutes-for-approval/", views.MinutesToAgendaView.as_view(), name="minutes_to_agenda"),
    path("meetings/<int:pk>/packs/<str:part>/", views.PackStatusView.as_view(), name="pack_status"),
    path("meetings/<int:pk>/packs/<str:part>/build/", views.PackBuildView.as_view(), name="pack_build"),
    path("meetings/<int:pk>/packs/<str:part>/download/", views.PackDownloadView.as_view(), name="pack_download"),
]
