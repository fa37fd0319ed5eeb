"""API routes. Apps add their viewsets to the router here."""

from rest_framework.routers import DefaultRouter

from basisbaan.api import views
from basisbaan.communitytasks.api import TaskViewSet
from basisbaan.guidance.api import PayrollExportViewSet
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

urlpatterns = router.urls
