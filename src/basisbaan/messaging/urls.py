from django.urls import path

from basisbaan.messaging.views import MyMessagesView, ParticipantMessagesView

app_name = "messaging"

urlpatterns = [
    path("mijn-basisbaan/berichten/", MyMessagesView.as_view(), name="my_messages"),
    path(
        "deelnemers/<int:pk>/berichten/",
        ParticipantMessagesView.as_view(),
        name="participant_messages",
    ),
]
