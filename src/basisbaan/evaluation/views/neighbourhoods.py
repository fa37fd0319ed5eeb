"""The neighbourhood value chain (aggregates only) and its XLSX download."""

from django.views import View
from django.views.generic import TemplateView

from basisbaan.core import calendar, exports
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import neighbourhoods


class NeighbourhoodsView(PermissionMixin, TemplateView):
    permission = "evaluation.view_monitor"
    template_name = "evaluation/neighbourhoods.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = calendar.today()
        period = neighbourhoods.period_of(self.request.GET, today)
        context["chain"] = neighbourhoods.build(self.municipality, period, today)
        context["period"] = period
        return context


class NeighbourhoodsExportView(PermissionMixin, View):
    permission = "evaluation.view_monitor"

    def get(self, request, *args, **kwargs):
        today = calendar.today()
        period = neighbourhoods.period_of(request.GET, today)
        chain = neighbourhoods.build(self.municipality, period, today)
        content = exports.xlsx_bytes(
            neighbourhoods.table_rows(chain),
            header=neighbourhoods.header(),
            title="Wijken",
            number_formats={1: "@"},
        )
        name = (
            f"basisbaan-wijken-{self.municipality.cbs_code}-"
            f"{period.from_month}-{period.to_month}.xlsx"
        )
        return exports.attachment(content, name)
