from django.urls import path

from basisbaan.planning.views.replacements import (
    AcceptReplacementView,
    FindReplacementsView,
    ReplanHandledView,
    UnexpectedView,
)
from basisbaan.planning.views.versions import (
    ConfirmPublishView,
    GapsView,
    PublishView,
    RerunView,
    RuleView,
    VersionTasksView,
    VersionView,
)
from basisbaan.planning.views.week_card import (
    CalendarLinkView,
    ICalView,
    MyWeekView,
    ParticipantCalendarLinkView,
    ParticipantWeekCardView,
)
from basisbaan.planning.views.weeks import PlanningIndexView, StartRunView, WeekView, WeightsView

app_name = "planning"
urlpatterns = [
    path("planning/", PlanningIndexView.as_view(), name="index"),
    path("planning/gewichten/", WeightsView.as_view(), name="weights"),
    path("planning/week/<str:week>/", WeekView.as_view(), name="week"),
    path("planning/week/<str:week>/plannen/", StartRunView.as_view(), name="start_run"),
    path("planning/week/<str:week>/onverwacht/", UnexpectedView.as_view(), name="unexpected"),
    path(
        "planning/week/<str:week>/vervangers-zoeken/",
        FindReplacementsView.as_view(),
        name="find_replacements",
    ),
    path("planning/versie/<int:pk>/", VersionView.as_view(), name="version"),
    path("planning/versie/<int:pk>/taken/", VersionTasksView.as_view(), name="version_tasks"),
    path("planning/versie/<int:pk>/tekorten/", GapsView.as_view(), name="gaps"),
    path("planning/versie/<int:pk>/vastzetten/", RuleView.as_view(), name="rule"),
    path("planning/versie/<int:pk>/opnieuw/", RerunView.as_view(), name="rerun"),
    path("planning/versie/<int:pk>/publiceren/", PublishView.as_view(), name="publish"),
    path(
        "planning/versie/<int:pk>/publiceren/bevestigen/",
        ConfirmPublishView.as_view(),
        name="confirm_publish",
    ),
    path(
        "planning/vervanging/<int:pk>/accepteren/",
        AcceptReplacementView.as_view(),
        name="accept_replacement",
    ),
    path(
        "planning/verzoek/<int:pk>/afgehandeld/",
        ReplanHandledView.as_view(),
        name="replan_handled",
    ),
    path(
        "planning/deelnemer/<int:pk>/weekkaart/",
        ParticipantWeekCardView.as_view(),
        name="participant_week",
    ),
    path(
        "planning/deelnemer/<int:pk>/agendalink/",
        ParticipantCalendarLinkView.as_view(),
        name="participant_calendar_link",
    ),
    path("mijn-week/", MyWeekView.as_view(), name="my_week"),
    path("mijn-week/agendalink/", CalendarLinkView.as_view(), name="calendar_link"),
    path("ical/<str:token>.ics", ICalView.as_view(), name="ical"),
]
