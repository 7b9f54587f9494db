from django.urls import path

from ics_commissioning.user_cache import kept_per_reader

from . import views

app_name = "analytics"

urlpatterns = [
    path("pipeline/figures/", kept_per_reader(views.FiguresView.as_view()), name="figures"),
    path("pipeline/figures.csv", views.FiguresCsvView.as_view(), name="figures_csv"),
]
