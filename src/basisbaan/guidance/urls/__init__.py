"""The guidance URLs, assembled from one list per concern (same names and paths under
the ``guidance:`` namespace)."""

from basisbaan.guidance.urls import (
    coaching,
    notifications,
    payroll,
    rounds,
    schedules,
    selfservice,
    sickness,
    timesheets,
)

app_name = "guidance"
urlpatterns = [
    *coaching.urlpatterns,
    *rounds.urlpatterns,
    *schedules.urlpatterns,
    *sickness.urlpatterns,
    *selfservice.urlpatterns,
    *timesheets.urlpatterns,
    *notifications.urlpatterns,
    *payroll.urlpatterns,
]
