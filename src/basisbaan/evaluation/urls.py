from django.urls import path

from basisbaan.evaluation.views import monitor, neighbourhoods, report, sharing

app_name = "evaluation"
urlpatterns = [
    path("evaluatie/", monitor.MonitorView.as_view(), name="monitor"),
    path("evaluatie/onderzoeksbestand/", monitor.DatasetView.as_view(), name="dataset"),
    path(
        "evaluatie/onderzoeksbestand/<str:file_format>/",
        monitor.DatasetDownloadView.as_view(),
        name="dataset_download",
    ),
    path("evaluatie/rapportage/", report.ReportView.as_view(), name="report"),
    path(
        "evaluatie/rapportage/<str:file_format>/",
        report.ReportDownloadView.as_view(),
        name="report_download",
    ),
    path("evaluatie/wijken/", neighbourhoods.NeighbourhoodsView.as_view(), name="neighbourhoods"),
    path(
        "evaluatie/wijken/xlsx/",
        neighbourhoods.NeighbourhoodsExportView.as_view(),
        name="neighbourhoods_export",
    ),
    path(
        "evaluatie/indicatoren/",
        sharing.IndicatorsExportView.as_view(),
        name="indicators_export",
    ),
    path(
        "evaluatie/indicatoren/vergelijken/",
        sharing.IndicatorsImportView.as_view(),
        name="indicators_import",
    ),
]
