"""A programme's measurement schedule."""

from django.urls import path

from basisbaan.guidance.views.schedules import RoundScheduleView

urlpatterns = [
    path("programma/<int:pk>/meetschema/", RoundScheduleView.as_view(), name="round_schedules"),
]
