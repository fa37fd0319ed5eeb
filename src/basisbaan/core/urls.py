from django.urls import path

from basisbaan.core import views

app_name = "core"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("overzicht/", views.DashboardView.as_view(), name="dashboard"),
]
