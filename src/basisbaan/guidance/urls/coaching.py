"""The guidance portal's participants and work notes, and the coach's caseload,
check-ins, signals and rules."""

from django.urls import path

from basisbaan.guidance.views.coaching import (
    CadenceView,
    CaseloadView,
    CheckInCreateView,
    CheckInDetailView,
    CoachParticipantView,
    CoachReplanView,
    MissedContactView,
    RuleListView,
    SignalDetailView,
    SignalListView,
    WorkListView,
    WorkNoteCreateView,
    WorkParticipantView,
)

urlpatterns = [
    path("begeleiding/deelnemers/", WorkListView.as_view(), name="work_list"),
    path(
        "begeleiding/deelnemers/<int:pk>/",
        WorkParticipantView.as_view(),
        name="work_participant",
    ),
    path(
        "begeleiding/deelnemers/<int:pk>/notitie/",
        WorkNoteCreateView.as_view(),
        name="work_note",
    ),
    path("coach/caseload/", CaseloadView.as_view(), name="caseload"),
    path(
        "coach/caseload/achterstallig/",
        CaseloadView.as_view(overdue_only=True),
        name="overdue",
    ),
    path(
        "coach/caseload/<int:pk>/",
        CoachParticipantView.as_view(),
        name="coach_participant",
    ),
    path(
        "coach/caseload/<int:pk>/gesprek/",
        CheckInCreateView.as_view(),
        name="checkin_create",
    ),
    path(
        "coach/caseload/<int:pk>/gemist/",
        MissedContactView.as_view(),
        name="checkin_missed",
    ),
    path("coach/caseload/<int:pk>/ritme/", CadenceView.as_view(), name="cadence"),
    path(
        "coach/caseload/<int:pk>/opnieuw-plannen/",
        CoachReplanView.as_view(),
        name="coach_replan",
    ),
    path("coach/gesprekken/<int:pk>/", CheckInDetailView.as_view(), name="checkin_detail"),
    path("coach/signalen/", SignalListView.as_view(), name="signals"),
    path("coach/signalen/<int:pk>/", SignalDetailView.as_view(), name="signal_detail"),
    path("coach/signaalregels/", RuleListView.as_view(), name="rules"),
]
