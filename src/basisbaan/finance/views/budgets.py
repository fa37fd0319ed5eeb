"""The finance overview (the municipality's budgets) and the budget page, with the
forms to add a budget, a budget line and a funding source."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.finance import budgets, charts, services
from basisbaan.finance.forms import BudgetForm, BudgetLineForm, FundingSourceForm
from basisbaan.finance.models import Budget, CostKind, FundingSource, Pledge
from basisbaan.finance.views.common import MANAGE, VIEW, FormPost, FormsPage


class OverviewView(FormsPage, PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "finance/overview.html"

    def forms(self):
        return {
            "budget_form": BudgetForm(municipality=self.municipality, prefix="budget"),
            "source_form": FundingSourceForm(municipality=self.municipality, prefix="source"),
        }

    def get_context_data(self, **kwargs):
        today = calendar.today()
        rows = [
            budgets.status(budget, today)
            for budget in self.scoped(Budget.objects.select_related("programme"))
        ]
        running = budgets.running_budget(self.municipality, today)
        current = next((s for s in rows if running and s.budget.pk == running.pk), None)
        return super().get_context_data(
            today=today,
            statuses=rows,
            running=current,
            sources=FundingSource.objects.filter(municipality=self.municipality),
            **kwargs,
        )


class BudgetCreateView(FormPost, OverviewView):
    permission = MANAGE
    form_name = "budget_form"

    def get_page_url(self):
        return reverse("finance:overview")

    def make_form(self, data):
        return BudgetForm(data, municipality=self.municipality, prefix="budget")

    def done(self, form):
        budget = services.save_new(form, self.request.user)
        messages.success(self.request, _("The budget is added. Add its lines below."))
        return redirect("finance:budget", budget.pk)


class FundingSourceCreateView(FormPost, OverviewView):
    permission = MANAGE
    form_name = "source_form"

    def get_page_url(self):
        return reverse("finance:overview")

    def make_form(self, data):
        return FundingSourceForm(data, municipality=self.municipality, prefix="source")

    def done(self, form):
        services.save_new(form, self.request.user)
        messages.success(self.request, _("The funding source is added."))
        return redirect("finance:overview")


class BudgetView(FormsPage, ObjectPermissionMixin, TemplateView):
    permission = VIEW
    model = Budget
    template_name = "finance/budget.html"

    def get_queryset(self):
        return Budget.objects.select_related("programme", "municipality")

    def forms(self):
        return {"line_form": BudgetLineForm(budget=self.object, prefix="line")}

    def get_context_data(self, **kwargs):
        status = budgets.status(self.object, calendar.today())
        kinds = dict(CostKind.choices)
        pledges = self.object.pledges.select_related("source").prefetch_related("receipts")
        return super().get_context_data(
            budget=self.object,
            status=status,
            chart=charts.burndown(status),
            bijstand_saved=status.used.bijstand_saved + status.forecast.bijstand_saved,
            lines=self.object.lines.select_related("source", "route").order_by(
                "source__name", "cost_kind", "route__order"
            ),
            by_kind=[
                (kinds[kind], amount)
                for kind, amount in status.by_kind.items()
                if amount or kind != CostKind.ROUTES
            ],
            pledges=pledges,
            withdrawn=Pledge.Status.WITHDRAWN,
            **kwargs,
        )


class BudgetLineCreateView(FormPost, BudgetView):
    permission = MANAGE
    form_name = "line_form"

    def get_page_url(self):
        return reverse("finance:budget", args=[self.object.pk])

    def make_form(self, data):
        return BudgetLineForm(data, budget=self.object, prefix="line")

    def done(self, form):
        services.save_new(form, self.request.user)
        messages.success(self.request, _("The budget line is added."))
        return redirect("finance:budget", self.object.pk)
