"""Sickness: sick reports, recovery, the poortwachter steps and reminders."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import poortwachter, sickness
from basisbaan.guidance.forms import RecoveryForm, SickReportForm, StepDoneForm
from basisbaan.guidance.models import PoortwachterStep, SicknessCase, TimesheetLine
from basisbaan.guidance.views.common import FormAction, ParticipantObjectMixin

# What the sickness list shows of each case (named in its audit entries).
SICKNESS_LIST_FIELDS = ["participant", "first_sick_day", "extent", "recovered_on"]


class SickReportView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.report_sickness"
    template_name = "guidance/sick_report.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", SickReportForm(initial={"first_sick_day": calendar.today()}))
        return super().get_context_data(participant=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = SickReportForm(request.POST)
        if form.is_valid():
            try:
                case = sickness.report_sick(self.object, request.user, **form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        for error in errors:
                            form.add_error(field if field in form.fields else None, error)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The sick report is saved. The programme staff and the coach are notified."),
                )
                return redirect("guidance:sickness_detail", case.pk)
        return self.render_to_response(self.get_context_data(form=form))


class SicknessListView(PermissionMixin, TemplateView):
    permission = "guidance.view_sickness"
    template_name = "guidance/sickness_list.html"

    def get_context_data(self, **kwargs):
        cases = self.scoped(SicknessCase.objects.select_related("participant__municipality"))
        today = calendar.today()
        open_cases = list(cases.filter(recovered_on__isnull=True).order_by("first_sick_day"))
        for case in open_cases:
            case.week = poortwachter.sickness_week(case.first_sick_day, today)
        closed_cases = list(cases.filter(recovered_on__isnull=False).order_by("-recovered_on")[:30])
        # The list names who is (or was) sick: every case shown is an audited read.
        for case in (*open_cases, *closed_cases):
            audit.read(self.request.user, case, fields=SICKNESS_LIST_FIELDS)
        lines = self.scoped(TimesheetLine.objects.all(), "guidance.view_timesheets")
        return super().get_context_data(
            rates=sickness.sick_leave_by_month(lines, 12, today),
            open_cases=open_cases,
            closed_cases=closed_cases,
            **kwargs,
        )


class SicknessDetailView(ObjectPermissionMixin, TemplateView):
    permission = "guidance.view_sickness"
    model = SicknessCase
    template_name = "guidance/sickness_detail.html"

    def get_queryset(self):
        return SicknessCase.objects.select_related("participant", "reported_by")

    def get_context_data(self, **kwargs):
        case = self.object
        user = self.request.user
        audit.read(user, case, fields=["first_sick_day", "extent", "expected_days"])
        today = calendar.today()
        steps = list(case.steps.all())
        for step in steps:
            step.urgency = (
                "closed"
                if not case.is_open and not step.done_on
                else poortwachter.urgency(step.due_date, today, bool(step.done_on))
            )
            step.earliest = poortwachter.earliest_date(
                case.first_sick_day, poortwachter.STEP_BY_CODE[step.code]
            )
        return super().get_context_data(
            case=case,
            steps=steps,
            week=poortwachter.sickness_week(case.first_sick_day, today),
            can_recover=case.is_open and access.can(user, "guidance.report_sickness", case),
            can_manage=access.can(user, "guidance.manage_poortwachter", case),
            recovery_form=RecoveryForm(initial={"recovered_on": today}),
            step_form=StepDoneForm(initial={"done_on": today}),
            **kwargs,
        )


class RecoveryView(FormAction, ObjectPermissionMixin, View):
    permission = "guidance.report_sickness"
    model = SicknessCase
    form_class = RecoveryForm
    invalid_message = gettext_lazy("Fill in a valid date.")
    success_message = gettext_lazy("The recovery is saved.")

    def perform(self, data):
        sickness.report_recovered(self.object, self.request.user, data["recovered_on"])

    def success_url(self):
        return reverse("guidance:sickness_detail", args=[self.object.pk])


class StepDoneView(FormAction, ObjectPermissionMixin, View):
    permission = "guidance.manage_poortwachter"
    model = PoortwachterStep
    form_class = StepDoneForm
    invalid_message = gettext_lazy("Fill in a valid date.")
    success_message = gettext_lazy("The step is marked as done.")

    def perform(self, data):
        sickness.mark_step_done(self.object, self.request.user, data["done_on"])

    def success_url(self):
        return reverse("guidance:sickness_detail", args=[self.object.case_id])


class PoortwachterView(PermissionMixin, TemplateView):
    """The employer's to-do list: poortwachter steps that are due or overdue."""

    permission = "guidance.manage_poortwachter"
    template_name = "guidance/poortwachter.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        steps = list(
            sickness.open_steps(self.scoped(PoortwachterStep.objects.all()), today).select_related(
                "case__participant__municipality"
            )
        )
        for step in steps:
            step.urgency = poortwachter.urgency(step.due_date, today, False)
        # Who is sick, by name: one audited read per case shown.
        for case in {step.case_id: step.case for step in steps}.values():
            audit.read(self.request.user, case, fields=["participant", "poortwachter_steps"])
        return super().get_context_data(steps=steps, today=today, **kwargs)


class PoortwachterRemindView(PermissionMixin, View):
    permission = "guidance.manage_poortwachter"

    def post(self, request, *args, **kwargs):
        count = sickness.send_reminders(self.municipality)
        messages.success(request, _("%(n)d reminder(s) sent.") % {"n": count})
        return redirect("guidance:poortwachter")
