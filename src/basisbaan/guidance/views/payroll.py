"""Payroll: the months, the locked exports and their downloads."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.core import calendar, exports
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import payroll
from basisbaan.guidance.models import PayrollExport, Timesheet
from basisbaan.guidance.views.common import can, show_errors
from basisbaan.participants.models import Participant


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
            pending = (
                self.scoped(Timesheet.objects.all(), "guidance.payroll")
                .exclude(status=Timesheet.Status.APPROVED)
                .filter(
                    week_start__lte=calendar.month_end(month),
                    week_start__gte=month - datetime.timedelta(days=6),
                )
                .count()
            )
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


class PayrollExportCreateView(PermissionMixin, View):
    permission = "guidance.export_payroll"

    def post(self, request, *args, **kwargs):
        try:
            month = calendar.parse_date(request.POST.get("month", ""))
        except ValueError:
            messages.error(request, _("Choose a month."))
            return redirect("guidance:payroll")
        try:
            export = payroll.export_month(self.municipality, month, request.user, calendar.today())
        except ValidationError as exc:
            show_errors(request, exc)
            return redirect("guidance:payroll")
        messages.success(request, _("The month is exported and locked."))
        return redirect("guidance:payroll_detail", export.pk)


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
        return super().get_context_data(export=self.object, lines=lines, totals=totals, **kwargs)


class PayrollDownloadView(ObjectPermissionMixin, View):
    permission = "guidance.payroll"
    model = PayrollExport

    def get(self, request, *args, **kwargs):
        export = self.object
        file_format = kwargs["file_format"]
        name = f"basisbaan-salaris-{export.municipality.cbs_code}-{export.month:%Y-%m}"
        if file_format == "csv":
            response = exports.attachment(payroll.to_csv(export), f"{name}.csv")
        elif file_format == "xlsx":
            response = exports.attachment(payroll.to_xlsx(export), f"{name}.xlsx")
        else:
            raise Http404
        payroll.audit_download(export, request.user, file_format)
        return response
