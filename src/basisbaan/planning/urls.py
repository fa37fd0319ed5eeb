from django.urls import path

from basisbaan.planning import views

app_name = "planning"
urlpatterns = [
    path("planning/", views.PlanningIndexView.as_view(), name="index"),
    path("planning/gewichten/", views.WeightsView.as_view(), name="weights"),
    path("planning/week/<str:week>/", views.WeekView.as_view(), name="week"),
    path("planning/week/<str:week>/plannen/", views.StartRunView.as_view(), name="start_run"),
    path("planning/week/<str:week>/onverwacht/", views.UnexpectedView.as_view(), name="unexpected"),
    path(
        "planning/week/<str:week>/vervangers-zoeken/",
        views.FindReplacementsView.as_view(),
        name="find_replacements",
    ),
    path("planning/versie/<int:pk>/", views.VersionView.as_view(), name="version"),
    path("planning/versie/<int:pk>/taken/", views.VersionTasksView.as_view(), name="version_tasks"),
    path("planning/versie/<int:pk>/tekorten/", views.GapsView.as_view(), name="gaps"),
    path("planning/versie/<int:pk>/vastzetten/", views.RuleView.as_view(), name="rule"),
    path("planning/versie/<int:pk>/opnieuw/", views.RerunView.as_view(), name="rerun"),
    path("planning/versie/<int:pk>/publiceren/", views.PublishView.as_view(), name="publish"),
    path(
        "planning/vervanging/<int:pk>/accepteren/",
        views.AcceptReplacementView.as_view(),
        name="accept_replacement",
    ),
    path(
        "planning/verzoek/<int:pk>/afgehandeld/",
        views.ReplanHandledView.as_view(),
        name="replan_handled",
    ),
    path("mijn-week/", views.MyWeekView.as_view(), name="my_week"),
    path("mijn-week/agendalink/", views.CalendarLinkView.as_view(), name="calendar_link"),
    path("ical/<str:token>.ics", views.ICalView.as_view(), name="ical"),
]
