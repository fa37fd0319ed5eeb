from django.urls import path

from basisbaan.jobs import views

app_name = "jobs"
urlpatterns = [path("taken/<uuid:pk>/", views.JobDetailView.as_view(), name="detail")]
