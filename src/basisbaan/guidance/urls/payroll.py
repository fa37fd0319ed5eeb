"""The payroll months, exports and downloads."""

from django.urls import path

from basisbaan.guidance.views.payroll import (
    PayrollConfirmView,
    PayrollDetailView,
    PayrollDownloadView,
    PayrollExportCreateView,
    PayrollView,
    PayrollWithdrawView,
)

urlpatterns = [
    path("salaris/", PayrollView.as_view(), name="payroll"),
    path("salaris/exporteren/bevestigen/", PayrollConfirmView.as_view(), name="payroll_confirm"),
    path("salaris/exporteren/", PayrollExportCreateView.as_view(), name="payroll_export"),
    path("salaris/<int:pk>/", PayrollDetailView.as_view(), name="payroll_detail"),
    path("salaris/<int:pk>/intrekken/", PayrollWithdrawView.as_view(), name="payroll_undo"),
    path(
        "salaris/<int:pk>/<str:file_format>/",
        PayrollDownloadView.as_view(),
        name="payroll_download",
    ),
]
