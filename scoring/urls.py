from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("assessments/", views.MyAssessmentsView.as_view(), name="mine"),
    path("assessments/<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("assessments/<int:pk>/reopen/", views.ReopenAssessmentView.as_view(), name="reopen"),
    path("proposals/<str:reference>/scores/", views.ScoreSummaryView.as_view(), name="summary"),
    path("proposals/<str:reference>/scores/<slug:action>/", views.ManageAssessmentView.as_view(), name="manage"),
]
