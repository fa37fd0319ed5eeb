"""The user's notifications."""

from django.urls import path

from basisbaan.guidance.views.notifications import (
    NotificationListView,
    NotificationOpenView,
    NotificationReadAllView,
)

urlpatterns = [
    path("meldingen/", NotificationListView.as_view(), name="notifications"),
    path(
        "meldingen/<int:pk>/openen/",
        NotificationOpenView.as_view(),
        name="notification_open",
    ),
    path(
        "meldingen/alles-gelezen/",
        NotificationReadAllView.as_view(),
        name="notifications_read_all",
    ),
]
