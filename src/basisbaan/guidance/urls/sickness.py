"""Sick reports, recovery and the poortwachter steps."""

from django.urls import path

from basisbaan.guidance.views.sickness import (
    PoortwachterRemindView,
    PoortwachterView,
    RecoveryView,
    SicknessDetailView,
    SicknessListView,
    SickReportView,
    StepDoneView,
)

urlpatterns = [
    path(
        "begeleiding/deelnemers/<int:pk>/ziekmelden/",
        SickReportView.as_view(),
        name="sick_report",
    ),
    path("begeleiding/verzuim/", SicknessListView.as_view(), name="sickness_list"),
    path("begeleiding/verzuim/<int:pk>/", SicknessDetailView.as_view(), name="sickness_detail"),
    path(
        "begeleiding/verzuim/<int:pk>/betermelden/",
        RecoveryView.as_view(),
        name="recovery",
    ),
    path("begeleiding/poortwachter/", PoortwachterView.as_view(), name="poortwachter"),
    path(
        "begeleiding/poortwachter/herinneren/",
        PoortwachterRemindView.as_view(),
        name="poortwachter_remind",
    ),
    path(
        "begeleiding/poortwachter/<int:pk>/gedaan/",
        StepDoneView.as_view(),
        name="step_done",
    ),
]
