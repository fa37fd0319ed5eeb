"""The programme monitor (aggregates only) and the pseudonymised research dataset.

The figures come from ``monitor`` and ``dataset``; the views check the permission in
the active municipality and render or send the result.
"""

from django.http import Http404
from django.views import View
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import dataset, monitor


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
        content = dataset.to_csv(data) if file_format == "csv" else dataset.to_xlsx(data)
        response = exports.attachment(content, f"{name}.{file_format}")
        dataset.record_download(request.user, self.municipality)
        return response
