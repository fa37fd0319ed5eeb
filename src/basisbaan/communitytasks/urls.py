from django.urls import path

from basisbaan.communitytasks import views

app_name = "communitytasks"
urlpatterns = [
    # Public: no account needed.
    path("<slug:slug>/taak-aanmelden/", views.SubmitTaskView.as_view(), name="submit"),
    path("<slug:slug>/taak-aanmelden/verstuurd/", views.SubmittedView.as_view(), name="submitted"),
    path("taak-aanmelden/bevestigen/<str:token>/", views.VerifyEmailView.as_view(), name="verify"),
    path("taak-status/<str:token>/", views.StatusView.as_view(), name="status"),
    path("<slug:slug>/informatiedag/", views.InfoDayView.as_view(), name="info_day"),
    path("<slug:slug>/cofinanciering/", views.CofinancingView.as_view(), name="cofinancing"),
    path("<slug:slug>/bedankt/", views.ThanksView.as_view(), name="thanks"),
    # Programme staff.
    path("taken/", views.CatalogueView.as_view(), name="catalogue"),
    path("taken/wijken/", views.NeighbourhoodOverviewView.as_view(), name="neighbourhoods"),
    path("taken/beoordelen/", views.AssessmentListView.as_view(), name="assessment"),
    path("taken/<int:pk>/", views.TaskDetailView.as_view(), name="detail"),
    path("taken/<int:pk>/stap/<slug:action>/", views.TransitionView.as_view(), name="transition"),
    path("taken/<int:pk>/geschiktheid/", views.SuitabilityView.as_view(), name="suitability"),
    path("taken/<int:pk>/wijzigen/", views.TaskEditView.as_view(), name="edit"),
    path("taken/inbox/", views.InboxView.as_view(), name="inbox"),
    path("taken/inbox/export/", views.InboxExportView.as_view(), name="inbox_export"),
    path("taken/inbox/<int:pk>/afgehandeld/", views.InboxHandleView.as_view(), name="inbox_handle"),
    # Task-provider staff.
    path("mijn-taken/", views.PortalView.as_view(), name="portal"),
    path("mijn-taken/<int:pk>/", views.PortalTaskView.as_view(), name="portal_task"),
]
