from django.urls import path

from basisbaan.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("evaluatie/", views.MonitorView.as_view(), name="monitor"),
    path("evaluatie/onderzoeksbestand/", views.DatasetView.as_view(), name="dataset"),
    path(
        "evaluatie/onderzoeksbestand/<str:file_format>/",
        views.DatasetDownloadView.as_view(),
        name="dataset_download",
    ),
]
