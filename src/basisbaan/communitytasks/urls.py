from django.urls import path

from basisbaan.communitytasks.views.assessment import (
    AssessmentListView,
    SuitabilityView,
    TaskEditView,
    TransitionView,
)
from basisbaan.communitytasks.views.catalogue import (
    CatalogueView,
    NeighbourhoodOverviewView,
    TaskDetailView,
)
from basisbaan.communitytasks.views.inbox import InboxExportView, InboxHandleView, InboxView
from basisbaan.communitytasks.views.portal import BringInView, PortalTaskView, PortalView
from basisbaan.communitytasks.views.public import (
    CofinancingView,
    InfoDayView,
    StatusView,
    SubmitTaskView,
    SubmittedView,
    ThanksView,
    VerifyEmailView,
)

app_name = "communitytasks"
urlpatterns = [
    # Public: no account needed.
    path("<slug:slug>/taak-aanmelden/", SubmitTaskView.as_view(), name="submit"),
    path("<slug:slug>/taak-aanmelden/verstuurd/", SubmittedView.as_view(), name="submitted"),
    path("taak-aanmelden/bevestigen/<str:token>/", VerifyEmailView.as_view(), name="verify"),
    path("taak-status/<str:token>/", StatusView.as_view(), name="status"),
    path("<slug:slug>/informatiedag/", InfoDayView.as_view(), name="info_day"),
    path("<slug:slug>/cofinanciering/", CofinancingView.as_view(), name="cofinancing"),
    path("<slug:slug>/bedankt/", ThanksView.as_view(), name="thanks"),
    # Programme staff.
    path("taken/", CatalogueView.as_view(), name="catalogue"),
    path("taken/wijken/", NeighbourhoodOverviewView.as_view(), name="neighbourhoods"),
    path("taken/beoordelen/", AssessmentListView.as_view(), name="assessment"),
    path("taken/<int:pk>/", TaskDetailView.as_view(), name="detail"),
    path("taken/<int:pk>/stap/<slug:action>/", TransitionView.as_view(), name="transition"),
    path("taken/<int:pk>/geschiktheid/", SuitabilityView.as_view(), name="suitability"),
    path("taken/<int:pk>/wijzigen/", TaskEditView.as_view(), name="edit"),
    path("taken/inbox/", InboxView.as_view(), name="inbox"),
    path("taken/inbox/export/", InboxExportView.as_view(), name="inbox_export"),
    path("taken/inbox/<int:pk>/afgehandeld/", InboxHandleView.as_view(), name="inbox_handle"),
    # Task-provider staff.
    path("mijn-taken/", PortalView.as_view(), name="portal"),
    path("mijn-taken/<int:pk>/", PortalTaskView.as_view(), name="portal_task"),
    # Referral partners: bring in a task for a neighbourhood (the prefilled submission).
    path("taak-aanbrengen/", BringInView.as_view(), name="bring_in"),
]
