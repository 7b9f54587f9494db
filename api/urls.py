from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("bodies", views.BodyViewSet, basename="body")

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/", include(router.urls)),
    path("account/api-token/", views.TokenView.as_view(), name="token"),
    re_path(r"^api/v1/(?P<rest>.*)$", views.not_found, name="not_found"),
]
