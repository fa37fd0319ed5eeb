"""Participant self-service ("Mijn basisbaan") and the planner's leave requests."""

from django.urls import path

from basisbaan.guidance.views.selfservice import (
    LeaveAnswerView,
    LeaveRequestsView,
    MyHomeView,
    MyLeaveView,
    MyPayView,
    MyRecoveredView,
    MySickView,
    MyWorkView,
)

urlpatterns = [
    path("mijn-basisbaan/", MyHomeView.as_view(), name="my_home"),
    path("mijn-basisbaan/ziek/", MySickView.as_view(), name="my_sick"),
    path("mijn-basisbaan/beter/", MyRecoveredView.as_view(), name="my_recovered"),
    path("mijn-basisbaan/verlof/", MyLeaveView.as_view(), name="my_leave"),
    path("mijn-basisbaan/loon/", MyPayView.as_view(), name="my_pay"),
    path("mijn-basisbaan/werkplek/", MyWorkView.as_view(), name="my_work"),
    path("verlofaanvragen/", LeaveRequestsView.as_view(), name="leave_requests"),
    path("verlofaanvragen/<int:pk>/antwoord/", LeaveAnswerView.as_view(), name="leave_answer"),
]
