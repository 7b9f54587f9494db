from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("bodies/", views.BodyListView.as_view(), name="bodies"),
    path("meetings/", views.MyMeetingsView.as_view(), name="my_meetings"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("meetings/<int:pk>/agenda/", views.AgendaEditView.as_view(), name="agenda"),
    path("meetings/<int:pk>/attendance/", views.AttendanceView.as_view(), name="attendance"),
    path("meetings/<int:pk>/items/<int:item_pk>/decision/", views.DecisionView.as_view(), name="decision"),
    path("meetings/<int:pk>/items/<int:item_pk>/interest/", views.ItemInterestView.as_view(), name="interest"),
    path("meetings/<int:pk>/items/<int:item_pk>/documents/<int:document_pk>/",
         views.PaperDocumentDownloadView.as_view(), name="paper_document"),
    path("meetings/<int:pk>/packs/<str:part>/", views.PackStatusView.as_view(), name="pack_status"),
    path("meetings/<int:pk>/packs/<str:part>/build/", views.PackBuildView.as_view(), name="pack_build"),
    path("meetings/<int:pk>/packs/<str:part>/download/", views.PackDownloadView.as_view(), name="pack_download"),
]
