from django.urls import path

from basisbaan.guidance import views

app_name = "guidance"
urlpatterns = [
    # Guidance portal
    path("begeleiding/deelnemers/", views.WorkListView.as_view(), name="work_list"),
    path(
        "begeleiding/deelnemers/<int:pk>/",
        views.WorkParticipantView.as_view(),
        name="work_participant",
    ),
    path(
        "begeleiding/deelnemers/<int:pk>/notitie/",
        views.WorkNoteCreateView.as_view(),
        name="work_note",
    ),
    path(
        "begeleiding/deelnemers/<int:pk>/ziekmelden/",
        views.SickReportView.as_view(),
        name="sick_report",
    ),
    path(
        "begeleiding/deelnemers/<int:pk>/week/<str:week>/",
        views.TimesheetWeekView.as_view(),
        name="timesheet",
    ),
    path("begeleiding/verzuim/", views.SicknessListView.as_view(), name="sickness_list"),
    path(
        "begeleiding/verzuim/<int:pk>/", views.SicknessDetailView.as_view(), name="sickness_detail"
    ),
    path(
        "begeleiding/verzuim/<int:pk>/betermelden/",
        views.RecoveryView.as_view(),
        name="recovery",
    ),
    path("begeleiding/poortwachter/", views.PoortwachterView.as_view(), name="poortwachter"),
    path(
        "begeleiding/poortwachter/herinneren/",
        views.PoortwachterRemindView.as_view(),
        name="poortwachter_remind",
    ),
    path(
        "begeleiding/poortwachter/<int:pk>/gedaan/",
        views.StepDoneView.as_view(),
        name="step_done",
    ),
    path("begeleiding/urenbriefjes/", views.TimesheetListView.as_view(), name="timesheets"),
    path(
        "begeleiding/urenbriefjes/goedkeuren/",
        views.TimesheetBulkApproveView.as_view(),
        name="timesheets_approve",
    ),
    path(
        "begeleiding/urenbriefjes/<int:pk>/goedkeuren/",
        views.TimesheetApproveView.as_view(),
        name="timesheet_approve",
    ),
    path(
        "begeleiding/urenbriefjes/<int:pk>/terugsturen/",
        views.TimesheetReturnView.as_view(),
        name="timesheet_return",
    ),
    # Coach
    path("coach/caseload/", views.CaseloadView.as_view(), name="caseload"),
    path(
        "coach/caseload/achterstallig/",
        views.CaseloadView.as_view(overdue_only=True),
        name="overdue",
    ),
    path(
        "coach/caseload/<int:pk>/",
        views.CoachParticipantView.as_view(),
        name="coach_participant",
    ),
    path(
        "coach/caseload/<int:pk>/gesprek/",
        views.CheckInCreateView.as_view(),
        name="checkin_create",
    ),
    path(
        "coach/caseload/<int:pk>/gemist/",
        views.MissedContactView.as_view(),
        name="checkin_missed",
    ),
    path("coach/caseload/<int:pk>/ritme/", views.CadenceView.as_view(), name="cadence"),
    path("coach/gesprekken/<int:pk>/", views.CheckInDetailView.as_view(), name="checkin_detail"),
    path("coach/signalen/", views.SignalListView.as_view(), name="signals"),
    path("coach/signalen/<int:pk>/", views.SignalDetailView.as_view(), name="signal_detail"),
    path("coach/signaalregels/", views.RuleListView.as_view(), name="rules"),
    # Notifications
    path("meldingen/", views.NotificationListView.as_view(), name="notifications"),
    path(
        "meldingen/<int:pk>/openen/",
        views.NotificationOpenView.as_view(),
        name="notification_open",
    ),
    path(
        "meldingen/alles-gelezen/",
        views.NotificationReadAllView.as_view(),
        name="notifications_read_all",
    ),
    # Payroll
    path("salaris/", views.PayrollView.as_view(), name="payroll"),
    path("salaris/exporteren/", views.PayrollExportCreateView.as_view(), name="payroll_export"),
    path("salaris/<int:pk>/", views.PayrollDetailView.as_view(), name="payroll_detail"),
    path(
        "salaris/<int:pk>/<str:file_format>/",
        views.PayrollDownloadView.as_view(),
        name="payroll_download",
    ),
]
