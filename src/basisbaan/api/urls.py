"""API routes. Apps add their viewsets to the router here."""

from rest_framework.routers import DefaultRouter

from basisbaan.api import views

router = DefaultRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("neighbourhoods", views.NeighbourhoodViewSet, basename="neighbourhood")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
