from django.urls import path

from . import views

app_name = "procurement"

selection = "proposals/<str:reference>/provider-selection/"

urlpatterns = [
    path(selection, views.SelectionView.as_view(), name="selection"),
    path(f"{selection}start/", views.StartView.as_view(), name="start"),
    path(f"{selection}process/", views.ProcessView.as_view(), name="process"),
    path(f"{selection}contract/", views.ContractView.as_view(), name="contract"),
    path(f"{selection}providers/", views.ProvidersView.as_view(), name="providers"),
    path(f"{selection}providers/<int:pk>/remove/", views.RemoveProviderView.as_view(), name="remove_provider"),
    path(f"{selection}weights/", views.WeightsView.as_view(), name="weights"),
    path(f"{selection}assessors/", views.NameAssessorView.as_view(), name="name_assessor"),
    path(f"{selection}table/", views.TableView.as_view(), name="table"),
    path(f"{selection}notice/", views.NoticeView.as_view(), name="notice"),
    path(f"{selection}standstill/", views.StandstillView.as_view(), name="standstill"),
    path(f"{selection}representations/", views.RepresentationsView.as_view(), name="representations"),
    path(f"{selection}representations/<int:pk>/respond/", views.RespondView.as_view(), name="respond"),
    path(f"{selection}award/", views.AwardView.as_view(), name="award"),
    path(f"{selection}abandon/", views.AbandonView.as_view(), name="abandon"),
    path("provider-assessments/<int:pk>/", views.AssessmentView.as_view(), name="assessment"),
    path("provider-selection/annual-summary/", views.AnnualSummaryView.as_view(), name="annual_summary"),
]
