from django.urls import path

from basisbaan.core import site, views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("overzicht/", views.DashboardView.as_view(), name="dashboard"),
    path("favicon.ico", site.FaviconView.as_view(), name="favicon"),
]
