"""API routes. Apps add their viewsets to the router here."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from basisbaan.api import views
from basisbaan.communitytasks.api import TaskViewSet
from basisbaan.guidance.api import (
    PayrollExportViewSet,
    RecoveryApiView,
    SickReportApiView,
    TimesheetWeekApiView,
)
from basisbaan.participants.api import ParticipantViewSet
from basisbaan.planning.api import PlanVersionViewSet

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("neighbourhoods", views.NeighbourhoodViewSet, basename="neighbourhood")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("tasks", TaskViewSet, basename="communitytask")
router.register("plan-versions", PlanVersionViewSet, basename="planversion")
router.register("participants", ParticipantViewSet, basename="participant")
router.register("payroll-exports", PayrollExportViewSet, basename="payrollexport")

urlpatterns = [
    *router.urls,
    # The write API for partner systems (API tokens only).
    path("sickness-cases/", SickReportApiView.as_view(), name="api-sickness-report"),
    # Any id text reaches the view, which answers a JSON 404 for one that is not an id.
    re_path(
        r"^sickness-cases/(?P<pk>[^/.]+)/recovery/$",
        RecoveryApiView.as_view(),
        name="api-sickness-recovery",
    ),
    re_path(
        r"^timesheets/(?P<participant>[^/.]+)/(?P<week>[^/]+)/$",
        TimesheetWeekApiView.as_view(),
        name="api-timesheet-week",
    ),
]
