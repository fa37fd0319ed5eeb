"""The week's timesheet, the list to approve, approving and returning."""

from django.urls import path

from basisbaan.guidance.views.timesheets import (
    TimesheetApproveView,
    TimesheetBulkApproveView,
    TimesheetListView,
    TimesheetReturnView,
    TimesheetWeekView,
)

urlpatterns = [
    path(
        "begeleiding/deelnemers/<int:pk>/week/<str:week>/",
        TimesheetWeekView.as_view(),
        name="timesheet",
    ),
    path("begeleiding/urenbriefjes/", TimesheetListView.as_view(), name="timesheets"),
    path(
        "begeleiding/urenbriefjes/goedkeuren/",
        TimesheetBulkApproveView.as_view(),
        name="timesheets_approve",
    ),
    path(
        "begeleiding/urenbriefjes/<int:pk>/goedkeuren/",
        TimesheetApproveView.as_view(),
        name="timesheet_approve",
    ),
    path(
        "begeleiding/urenbriefjes/<int:pk>/terugsturen/",
        TimesheetReturnView.as_view(),
        name="timesheet_return",
    ),
]
