from django.urls import path

from basisbaan.participants import views

app_name = "participants"
urlpatterns = [
    path("deelnemers/", views.ParticipantListView.as_view(), name="list"),
    path("deelnemers/mijn-gegevens/", views.MyDetailsView.as_view(), name="my_details"),
    path("deelnemers/wachtlijst/", views.WaitingListView.as_view(), name="waiting_list"),
    path("deelnemers/caseload/", views.CaseloadsView.as_view(), name="caseloads"),
    path("deelnemers/import/", views.ImportUploadView.as_view(), name="import"),
    path("deelnemers/import/<int:pk>/", views.ImportDetailView.as_view(), name="import_detail"),
    path("deelnemers/import/kolommen/", views.MappingView.as_view(), name="mapping"),
    path("deelnemers/regels/", views.RulesView.as_view(), name="rules"),
    path("deelnemers/<int:pk>/", views.ParticipantDetailView.as_view(), name="detail"),
    path("deelnemers/<int:pk>/profiel/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("deelnemers/<int:pk>/status/", views.TransitionView.as_view(), name="transition"),
    path("deelnemers/<int:pk>/toewijzen/", views.AssignView.as_view(), name="assign"),
    path("deelnemers/<int:pk>/prioriteit/", views.PriorityView.as_view(), name="priority"),
    path("deelnemers/<int:pk>/screening/", views.ScreeningView.as_view(), name="screening"),
    path("deelnemers/<int:pk>/screenen/", views.ScreenView.as_view(), name="screen"),
    path(
        "deelnemers/<int:pk>/screening/<int:screening>/overrulen/",
        views.OverrideView.as_view(),
        name="override",
    ),
    path("deelnemers/<int:pk>/scan/", views.ScanView.as_view(), name="scan"),
    path("deelnemers/<int:pk>/scan/nieuw/", views.ScanCreateView.as_view(), name="scan_new"),
    path("deelnemers/<int:pk>/contract/", views.ContractView.as_view(), name="contract"),
    path(
        "deelnemers/<int:pk>/contract/nieuw/",
        views.ContractCreateView.as_view(),
        name="contract_new",
    ),
    path("deelnemers/<int:pk>/tijdlijn/", views.TimelineView.as_view(), name="timeline"),
]
