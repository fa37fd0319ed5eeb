"""The payroll months, exports and downloads."""

from django.urls import path

from basisbaan.guidance.views.payroll import (
    PayrollDetailView,
    PayrollDownloadView,
    PayrollExportCreateView,
    PayrollView,
)

urlpatterns = [
    path("salaris/", PayrollView.as_view(), name="payroll"),
    path("salaris/exporteren/", PayrollExportCreateView.as_view(), name="payroll_export"),
    path("salaris/<int:pk>/", PayrollDetailView.as_view(), name="payroll_detail"),
    path(
        "salaris/<int:pk>/<str:file_format>/",
        PayrollDownloadView.as_view(),
        name="payroll_download",
    ),
]
