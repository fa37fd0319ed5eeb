"""The programme page, the worklist, enrolment and one enrolment's progress, routes."""

from django.urls import path

from basisbaan.werkprogramma.views import enrolments, routes

urlpatterns = [
    path("werkprogramma/", enrolments.OverviewView.as_view(), name="overview"),
    path("werkprogramma/mijn-trajecten/", enrolments.WorklistView.as_view(), name="worklist"),
    path("werkprogramma/aanmelden/", enrolments.EnrolSearchView.as_view(), name="enrol_search"),
    path(
        "werkprogramma/aanmelden/<int:participant_pk>/",
        enrolments.EnrolView.as_view(),
        name="enrol",
    ),
    path("werkprogramma/traject/<int:pk>/", enrolments.EnrolmentView.as_view(), name="enrolment"),
    path("werkprogramma/routes/", routes.RoutesView.as_view(), name="routes"),
]
