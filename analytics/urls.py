from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("pipeline/figures/", views.FiguresView.as_view(), name="figures"),
    path("pipeline/figures.csv", views.FiguresCsvView.as_view(), name="figures_csv"),
]
