from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("assessments/", views.MyAssessmentsView.as_view(), name="mine"),
    path("assessments/<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("assessments/<int:pk>/interest/", views.DeclareInterestView.as_view(), name="declare_interest"),
    path("assessments/<int:pk>/reopen/", views.ReopenAssessmentView.as_view(), name="reopen"),
    path("proposals/<str:reference>/scores/", views.ScoreSummaryView.as_view(), name="summary"),
    path("proposals/<str:reference>/scores/assign/", views.AssignAssessorView.as_view(), name="assign"),
    path("proposals/<str:reference>/scores/moderate/", views.ModerateScoreView.as_view(), name="moderate"),
    path("proposals/<str:reference>/scores/release/", views.ReleaseScoresView.as_view(), name="release"),
    path("proposals/<str:reference>/scores/complete/", views.CompleteAssessmentView.as_view(), name="complete"),
    path("proposals/<str:reference>/scores/decide/", views.DecideView.as_view(), name="decide"),
]
