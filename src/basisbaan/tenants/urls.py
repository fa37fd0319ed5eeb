from django.urls import path

from basisbaan.tenants import views

app_name = "tenants"
urlpatterns = [
    path("programma/", views.ProgrammeOverviewView.as_view(), name="overview"),
    path(
        "programma/<int:pk>/parameters/nieuw/",
        views.ParametersCreateView.as_view(),
        name="parameters_create",
    ),
]
