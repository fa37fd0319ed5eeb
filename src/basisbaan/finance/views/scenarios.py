"""Cost scenarios: the list with the form to make one, a scenario's figures, two side by
side, and its workbook and PDF summary for the council."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.core import calendar, exports, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.finance import charts, costing, reports, scenarios, services
from basisbaan.finance.forms import ScenarioForm
from basisbaan.finance.models import Scenario
from basisbaan.finance.views.common import MANAGE, VIEW, FormsPage, can_manage


def computed(scenario: Scenario) -> tuple[costing.Result | None, str]:
    """The scenario's result, or None and why it cannot be costed (any more)."""
    try:
        return scenarios.cost_of(scenario), ""
    except costing.CostError as error:
        return None, str(error)


def years_table(result: costing.Result) -> list[dict]:
    return [
        {
            "year": year,
            "totals": result.by_year[year],
            "guidance_and_coaching": result.by_year[year].guidance_cost
            + result.by_year[year].coach_cost,
        }
        for year in costing.years_of(result)
    ]


def scenario_context(scenario: Scenario) -> dict:
    result, error = computed(scenario)
    context = {"scenario": scenario, "result": result, "error": error}
    if result is not None:
        context.update(
            figures=costing.figures_table(result),
            years=years_table(result),
            chart=charts.per_year(result),
            parameter_rows=reports.parameter_rows(result),
            gaps=result.gaps,
        )
    return context


class ScenarioListView(FormsPage, PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "finance/scenarios.html"

    def forms(self):
        today = calendar.today()
        return {
            "form": ScenarioForm(
                municipality=self.municipality,
                initial={
                    "start_date": today.replace(month=1, day=1),
                    "end_date": today.replace(month=12, day=31),
                    "hours_per_week": Decimal(32),
                },
            )
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            scenarios=self.scoped(Scenario.objects.select_related("created_by")), **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = ScenarioForm(request.POST, municipality=self.municipality)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        scenario = services.create_scenario(form, request.user)
        messages.success(request, _("The scenario is saved."))
        return redirect("finance:scenario", scenario.pk)


class ScenarioView(ObjectPermissionMixin, TemplateView):
    permission = VIEW
    model = Scenario
    template_name = "finance/scenario.html"

    def get_context_data(self, **kwargs):
        kwargs.update(scenario_context(self.object))
        return super().get_context_data(can_manage=can_manage(self.request), **kwargs)


class ScenarioCompareView(PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "finance/compare.html"

    def get(self, request, *args, **kwargs):
        ids = [parsing.optional_id(request.GET.get(key)) for key in ("a", "b")]
        if None in ids:
            messages.error(request, _("Choose two scenarios to compare."))
            return redirect("finance:scenarios")
        found = self.scoped(Scenario.objects.all()).in_bulk(ids)
        if len(found) < len(set(ids)):
            raise Http404
        self.pair = [found[i] for i in ids]
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        a, b = self.pair
        (ra, ea), (rb, eb) = computed(a), computed(b)
        rows, years = [], []
        if ra is not None and rb is not None:
            right = {key: value for key, _label, value in costing.figures_table(rb)}
            for key, label, value in costing.figures_table(ra):
                other = right.get(key)
                diff = other - value if value is not None and other is not None else None
                rows.append({"label": label, "a": value, "b": other, "diff": diff})
            for year in sorted(set(ra.by_year) | set(rb.by_year)):
                ta, tb = ra.by_year.get(year), rb.by_year.get(year)
                years.append(
                    {
                        "year": year,
                        "a_total": ta.total_cost if ta else None,
                        "b_total": tb.total_cost if tb else None,
                        "a_net": ta.net_cost if ta else None,
                        "b_net": tb.net_cost if tb else None,
                    }
                )
        return super().get_context_data(
            a=a, b=b, errors=[e for e in (ea, eb) if e], rows=rows, years=years, **kwargs
        )


class ScenarioDownloadView(ObjectPermissionMixin, View):
    permission = VIEW
    model = Scenario

    def get(self, request, *args, **kwargs):
        result, error = computed(self.object)
        if result is None:
            messages.error(request, error)
            return redirect("finance:scenario", self.object.pk)
        name = f"basisbaan-scenario-{self.object.pk}-{calendar.today():%Y-%m-%d}.xlsx"
        response = exports.attachment(reports.scenario_xlsx(self.object, result), name)
        audit.exported(request.user, self.object, purpose="scenario workbook")
        return response


class ScenarioPdfView(ObjectPermissionMixin, View):
    permission = VIEW
    model = Scenario

    def get(self, request, *args, **kwargs):
        context = scenario_context(self.object)
        if context["result"] is None:
            messages.error(request, context["error"])
            return redirect("finance:scenario", self.object.pk)
        context.update(municipality=self.object.municipality, today=calendar.today())
        name = f"basisbaan-scenario-{self.object.pk}-{calendar.today():%Y-%m-%d}.pdf"
        response = exports.attachment(reports.scenario_pdf(context), name)
        audit.exported(request.user, self.object, purpose="scenario PDF")
        return response


class ScenarioDeleteView(ObjectPermissionMixin, View):
    permission = MANAGE
    model = Scenario

    def get(self, request, *args, **kwargs):
        return redirect("finance:scenario", self.object.pk)

    def post(self, request, *args, **kwargs):
        services.delete_scenario(self.object, request.user)
        messages.success(request, _("The scenario is deleted."))
        return redirect("finance:scenarios")
