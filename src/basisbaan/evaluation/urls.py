from django.urls import path

from basisbaan.evaluation.views import monitor

app_name = "evaluation"
urlpatterns = [
    path("evaluatie/", monitor.MonitorView.as_view(), name="monitor"),
    path("evaluatie/onderzoeksbestand/", monitor.DatasetView.as_view(), name="dataset"),
    path(
        "evaluatie/onderzoeksbestand/<str:file_format>/",
        monitor.DatasetDownloadView.as_view(),
        name="dataset_download",
    ),
]
