from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include("basisbaan.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("basisbaan.api.token_urls")),
    path("account/", include("basisbaan.accounts.urls")),
    path("", include("basisbaan.tenants.urls")),
    path("", include("basisbaan.organisations.urls")),
    path("", include("basisbaan.audit.urls")),
    path("", include("basisbaan.jobs.urls")),
    path("", include("basisbaan.participants.urls")),
    path("", include("basisbaan.messaging.urls")),
    # Before communitytasks: its public "<slug>/cofinanciering/" would take /financien/cofinanciering/.
    path("", include("basisbaan.finance.urls")),
    path("", include("basisbaan.communitytasks.urls")),
    path("", include("basisbaan.planning.urls")),
    path("", include("basisbaan.guidance.urls")),
    path("", include("basisbaan.evaluation.urls")),
    path("", include("basisbaan.privacy.urls")),
    path("", include("basisbaan.werkprogramma.urls")),
    path("", include("basisbaan.core.urls")),
]
