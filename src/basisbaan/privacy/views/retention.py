"""Retention periods (administrators), the retention job's dry run, and the register of
processing activities (programme staff and administrators)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import PermissionMixin
from basisbaan.jobs.runner import enqueue
from basisbaan.privacy import registry, retention
from basisbaan.privacy.forms import RetentionRuleForm
from basisbaan.privacy.models import RetentionRule, applicable, history, periods


def _rows(municipality, today):
    return [
        {"period": period, "record_type": period.record_type, "code": period.record_type.code}
        for period in periods(municipality, today)
    ]


class RetentionView(PermissionMixin, TemplateView):
    """Every record type with the period that applies today, its ground and history."""

    permission = "privacy.manage"
    template_name = "privacy/retention.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        rows = _rows(self.municipality, today)
        rules = RetentionRule.objects.filter(municipality=self.municipality).select_related(
            "set_by"
        )
        by_code: dict[str, list] = {}
        for rule in rules:
            by_code.setdefault(rule.record_type, []).append(rule)
        for row in rows:
            row["history"] = by_code.get(row["code"], [])
        return super().get_context_data(rows=rows, today=today, **kwargs)


class RuleCreateView(PermissionMixin, FormView):
    """Set a new period of one record type from a date (the old rules stay)."""

    permission = "privacy.manage"
    template_name = "privacy/rule_form.html"
    form_class = RetentionRuleForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.record_type = registry.record_type(kwargs["code"])
        except KeyError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        current = applicable(self.municipality, self.record_type)
        return {
            "days": current.days,
            "legal_ground": current.legal_ground,
            "valid_from": calendar.today(),
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": calendar.today()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record_type=self.record_type,
            current=applicable(self.municipality, self.record_type),
            history=history(self.municipality, self.record_type.code),
            **kwargs,
        )

    def form_valid(self, form):
        with transaction.atomic():
            rule = form.save(commit=False)
            rule.municipality = self.municipality
            rule.record_type = self.record_type.code
            rule.set_by = self.request.user
            rule.save()
            audit.created(
                self.request.user,
                rule,
                fields=["record_type", "days", "valid_from", "legal_ground"],
                purpose="retention period",
            )
        messages.success(self.request, _("The new retention period is saved."))
        return redirect("privacy:retention")


class DryRunView(PermissionMixin, TemplateView):
    """What the retention job would do today in the active municipality (nothing changes)."""

    permission = "privacy.manage"
    template_name = "privacy/dry_run.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        outcomes = retention.run(self.municipality, today, dry_run=True)
        return super().get_context_data(outcomes=outcomes, today=today, **kwargs)


class RunNowView(PermissionMixin, View):
    """POST: run the retention job now in the active municipality, as a background job."""

    permission = "privacy.manage"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        job = enqueue("privacy.retention", self.municipality, request.user)
        return redirect("jobs:detail", pk=job.pk)


class RegisterView(PermissionMixin, TemplateView):
    """The register of processing activities (AVG art. 30), from the record types and the
    periods that apply today."""

    permission = "privacy.view_register"
    template_name = "privacy/register.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        return super().get_context_data(
            rows=_rows(self.municipality, today),
            today=today,
            can_manage=access.has_perm(self.request.user, "privacy.manage", self.municipality),
            **kwargs,
        )
