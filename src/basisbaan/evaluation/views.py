"""The programme monitor (aggregates only) and the pseudonymised research dataset.

The figures come from ``monitor`` and ``dataset``; the views check the permission in
the active municipality and render or send the result.
"""

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.core import calendar
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import dataset, monitor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MonitorView(PermissionMixin, TemplateView):
    permission = "evaluation.view_monitor"
    template_name = "evaluation/monitor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        all_costs = access.has_perm(self.request.user, "finance.view", self.municipality)
        context.update(monitor.build(self.municipality, calendar.today(), all_costs=all_costs))
        context["can_export"] = access.has_perm(
            self.request.user, "evaluation.export_dataset", self.municipality
        )
        return context


class DatasetView(PermissionMixin, TemplateView):
    permission = "evaluation.export_dataset"
    template_name = "evaluation/dataset.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = dataset.COLUMNS
        return context


class DatasetDownloadView(PermissionMixin, View):
    permission = "evaluation.export_dataset"

    def get(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        if file_format not in ("csv", "xlsx"):
            raise Http404
        today = calendar.today()
        data = dataset.rows(self.municipality, today)
        name = f"basisbaan-onderzoek-{self.municipality.cbs_code}-{today:%Y-%m-%d}"
        if file_format == "csv":
            response = HttpResponse(dataset.to_csv(data), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(dataset.to_xlsx(data), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        response["Cache-Control"] = "no-store"
        dataset.record_download(request.user, self.municipality)
        return response
