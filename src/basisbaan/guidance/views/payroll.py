"""Payroll: the months, the locked exports and their downloads."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import payroll
from basisbaan.guidance.models import PayrollExport, Timesheet
from basisbaan.guidance.views.common import can, show_errors
from basisbaan.participants.models import Participant


def pending_timesheets(view, month: datetime.date) -> int:
    """Timesheets with a day in ``month`` that are not approved (their hours stay out)."""
    return (
        view.scoped(Timesheet.objects.all(), "guidance.payroll")
        .exclude(status=Timesheet.Status.APPROVED)
        .filter(
            week_start__lte=calendar.month_end(month),
            week_start__gte=month - datetime.timedelta(days=6),
        )
        .count()
    )


class PayrollView(PermissionMixin, TemplateView):
    permission = "guidance.payroll"
    template_name = "guidance/payroll.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        month = payroll.exportable_month(self.municipality, today)
        preview = []
        pending = 0
        if month is not None:
            participants = {
                p.pk: p
                for p in Participant.objects.filter(municipality=self.municipality)
                .select_related("municipality")
                .only("pk", "first_name", "initials", "prefix", "surname", "municipality")
            }
            preview = [
                {"participant": participants.get(pid), "period": period, "kind": kind, "hours": h}
                for pid, period, kind, h in payroll.preview(self.municipality, month)
            ]
            # Hours per named person, sick hours included: one audited read per person shown.
            for pid in dict.fromkeys(
                row["participant"].pk for row in preview if row["participant"]
            ):
                audit.read(self.request.user, participants[pid], fields=["name", "hours"])
            pending = pending_timesheets(self, month)
        exports = self.scoped(PayrollExport.objects.annotate(line_count=Count("lines")))
        return super().get_context_data(
            month=month,
            preview=preview,
            corrections=sum(1 for row in preview if row["kind"] == "correction"),
            pending=pending,
            exports=exports,
            can_export=can(self.request, "guidance.export_payroll"),
            **kwargs,
        )


class LockForm(forms.Form):
    """The explicit confirmation before a month is locked."""

    month = forms.DateField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked the figures: lock this month"),
        error_messages={
            "required": gettext_lazy("Tick that you have checked the figures to lock the month.")
        },
    )

    def clean_confirm(self):
        # Only a ticked box confirms (a browser sends "on"), not any other posted text.
        if self.data.get("confirm") != "on":
            raise forms.ValidationError(self.fields["confirm"].error_messages["required"])
        return True


class PayrollConfirmView(PermissionMixin, TemplateView):
    """The step before the lock: what will be locked, which timesheets are not approved
    yet, and a box to tick. Nothing changes until the confirmed form is posted."""

    permission = "guidance.export_payroll"
    template_name = "guidance/payroll_confirm.html"

    def get_context_data(self, form=None, **kwargs):
        month = payroll.exportable_month(self.municipality, calendar.today())
        lines = payroll.preview(self.municipality, month) if month else []
        if form is None and month is not None:
            form = LockForm(initial={"month": month})
        return super().get_context_data(
            month=month,
            form=form,
            line_count=len(lines),
            people=len({pid for pid, _period, _kind, _hours in lines}),
            corrections=sum(1 for line in lines if line[2] == "correction"),
            pending=pending_timesheets(self, month) if month else 0,
            **kwargs,
        )


class PayrollExportCreateView(PayrollConfirmView):
    """Lock the month: only with the confirmation ticked; else the confirmation again."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = LockForm(request.POST)
        if not form.is_valid():
            if form.has_error("month"):
                messages.error(request, _("Choose a month."))
                return redirect("guidance:payroll")
            return self.render_to_response(self.get_context_data(form=form))
        month = form.cleaned_data["month"]
        try:
            export = payroll.export_month(self.municipality, month, request.user, calendar.today())
        except ValidationError as exc:
            show_errors(request, exc)
            return redirect("guidance:payroll")
        messages.success(
            request,
            _(
                "The month is exported and locked. Until the file is downloaded for the first "
                "time you can still withdraw the export."
            ),
        )
        return redirect("guidance:payroll_detail", export.pk)


class PayrollWithdrawView(ObjectPermissionMixin, View):
    """Withdraw the last export before its file was ever downloaded: the month is open
    again. Refused, with the reason, once downloaded."""

    permission = "guidance.export_payroll"
    model = PayrollExport

    def post(self, request, *args, **kwargs):
        try:
            month = payroll.withdraw(self.object, request.user)
        except ValidationError as exc:
            show_errors(request, exc)
            return redirect("guidance:payroll_detail", self.object.pk)
        messages.success(
            request,
            _("The export of %(month)s is withdrawn: the month is no longer locked.")
            % {"month": date_format(month, "F Y")},
        )
        return redirect("guidance:payroll")


class PayrollDetailView(ObjectPermissionMixin, TemplateView):
    permission = "guidance.payroll"
    model = PayrollExport
    template_name = "guidance/payroll_detail.html"

    def get_context_data(self, **kwargs):
        lines = self.object.lines.select_related("participant").order_by(
            "kind", "period", "participant__surname"
        )
        for line in lines:
            audit.read(self.request.user, line.participant, fields=["name", "hours"])
        totals = payroll.Hours()
        for line in lines:
            if line.kind == "regular":
                totals = totals + payroll.Hours(*(getattr(line, f) for f in payroll.HOUR_FIELDS))
        return super().get_context_data(
            export=self.object,
            lines=lines,
            totals=totals,
            withdraw_refusal=payroll.withdraw_refusal(self.object),
            can_export=can(self.request, "guidance.export_payroll"),
            **kwargs,
        )


class PayrollDownloadView(ObjectPermissionMixin, View):
    permission = "guidance.payroll"
    model = PayrollExport

    def get(self, request, *args, **kwargs):
        export = self.object
        file_format = kwargs["file_format"]
        if file_format not in ("csv", "xlsx"):
            raise Http404
        name = f"basisbaan-salaris-{export.municipality.cbs_code}-{export.month:%Y-%m}"
        with transaction.atomic():
            # The first download ends the time to withdraw: noted (under the row's lock)
            # before the file is made, so a withdrawal cannot slip in between.
            try:
                first = payroll.record_download(export, request.user)
            except PayrollExport.DoesNotExist:
                raise Http404 from None
            if file_format == "csv":
                response = exports.attachment(payroll.to_csv(export), f"{name}.csv")
            else:
                response = exports.attachment(payroll.to_xlsx(export), f"{name}.xlsx")
            payroll.audit_download(export, request.user, file_format, first=first)
        return response
