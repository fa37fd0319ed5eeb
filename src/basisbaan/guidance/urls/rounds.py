"""The coach's measurement rounds."""

from django.urls import path

from basisbaan.guidance.views.rounds import RoundCreateView

urlpatterns = [
    path("coach/caseload/<int:pk>/meting/", RoundCreateView.as_view(), name="round_create"),
]
