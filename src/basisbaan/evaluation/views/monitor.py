"""The programme monitor (aggregates only) and the pseudonymised research dataset.

The figures come from ``monitor`` and ``dataset``; the views check the permission in
the active municipality and render or send the result. A dataset download is a POST
with the purpose of the download (required; kept in the audit entry).
"""

from django.http import Http404
from django.template.response import TemplateResponse
from django.views import View
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import charts, dataset, monitor, periods, retention
from basisbaan.evaluation.forms import DownloadForm, PeriodForm


class MonitorView(PermissionMixin, TemplateView):
    """The monitor; ``?start=YYYY-MM-DD&end=YYYY-MM-DD`` chooses the period of the period
    figures (a bad period: the default figures, the form's errors and status 400)."""

    permission = "evaluation.view_monitor"
    template_name = "evaluation/monitor.html"

    def get(self, request, *args, **kwargs):
        today = calendar.today()
        period = None
        if "start" in request.GET or "end" in request.GET:
            form = PeriodForm(request.GET, today=today)
            if form.is_valid():
                period = form.period()
        else:
            default = periods.default(today)
            form = PeriodForm(initial={"start": default.start, "end": default.end}, today=today)
        context = self.get_context_data(form=form, period=period, today=today, **kwargs)
        return self.render_to_response(context, status=400 if form.errors else 200)

    def get_context_data(self, *, form, period, today, **kwargs):
        context = super().get_context_data(**kwargs)
        all_costs = access.has_perm(self.request.user, "finance.view", self.municipality)
        context.update(monitor.build(self.municipality, today, all_costs=all_costs, period=period))
        context["period_form"] = form
        context["quick_choices"] = periods.quick_choices(today, context["programme"])
        points = context["headcount"]
        context["headcount_chart"] = charts.headcount(
            [
                (
                    p.day,
                    p.in_service.value if p.in_service.shown else None,
                    p.permanent.value if p.permanent.shown else None,
                )
                for p in points
            ]
        )
        context["retention"] = retention.build(self.municipality, context["period"].end)
        context["can_export"] = access.has_perm(
            self.request.user, "evaluation.export_dataset", self.municipality
        )
        return context


def _dataset_context(municipality, today, form) -> dict:
    result = dataset.anonymised(municipality, today)
    return {
        "columns": dataset.COLUMNS,
        "form": form,
        "k_required": dataset.K,
        "k_reached": result.k,
        "rows_kept": len(result.rows),
        "rows_total": len(result.rows) + result.suppressed,
        "suppressed": result.suppressed,
        "levels": dataset.levels_shown(result, municipality.cbs_code),
    }


class DatasetView(PermissionMixin, TemplateView):
    permission = "evaluation.export_dataset"
    template_name = "evaluation/dataset.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or DownloadForm()
        context.update(_dataset_context(self.municipality, calendar.today(), form))
        return context


class DatasetDownloadView(PermissionMixin, View):
    """POST only: the purpose is required; the file holds the k-anonymous rows."""

    permission = "evaluation.export_dataset"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        file_format = kwargs["file_format"]
        if file_format not in ("csv", "xlsx"):
            raise Http404
        form = DownloadForm(request.POST)
        if not form.is_valid():
            page = DatasetView()
            page.setup(request)
            return TemplateResponse(
                request,
                DatasetView.template_name,
                page.get_context_data(form=form),
                status=400,
            )
        today = calendar.today()
        data = dataset.anonymised(self.municipality, today).rows
        name = f"basisbaan-onderzoek-{self.municipality.cbs_code}-{today:%Y-%m-%d}"
        content = dataset.to_csv(data) if file_format == "csv" else dataset.to_xlsx(data)
        response = exports.attachment(content, f"{name}.{file_format}")
        dataset.record_download(request.user, self.municipality, form.cleaned_data["purpose"])
        return response
