"""Timesheets: the week of one participant, the list to approve, approving and
returning.
"""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView, View

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import sickness, timesheets
from basisbaan.guidance.forms import ReturnForm
from basisbaan.guidance.models import HourKind, PayrollExport, Timesheet
from basisbaan.guidance.views.common import ParticipantObjectMixin, can, show_errors


def _parse_week(value: str) -> datetime.date:
    """The Monday in the URL (within the calendar's sane range), else 404."""
    try:
        return calendar.parse_week_start(value)
    except ValueError:
        raise Http404 from None


class TimesheetWeekView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.view_timesheets"
    template_name = "guidance/timesheet.html"
    EMPTY_ROWS = 3

    def dispatch(self, request, *args, **kwargs):
        self.week = _parse_week(kwargs["week"])
        return super().dispatch(request, *args, **kwargs)

    def _timesheet(self):
        return Timesheet.objects.filter(participant=self.object, week_start=self.week).first()

    def get_context_data(self, rows=None, **kwargs):
        kwargs.pop("week", None)  # the URL's string; the parsed date is self.week
        cell_errors = kwargs.pop("cell_errors", [])
        form_errors = kwargs.pop("form_errors", [])
        participant = self.object
        user = self.request.user
        timesheet = self._timesheet()
        audit.read(user, participant, fields=["timesheet"])
        can_edit = access.can(user, "guidance.edit_timesheets", participant) and (
            timesheet is None or timesheet.editable
        )
        suggestion = ""
        posted = rows is not None  # the posted grid already has its empty rows
        if rows is None:
            rows = timesheets.rows_of(timesheet) if timesheet else []
            if not rows and can_edit:
                rows, suggestion = timesheets.suggested_rows(participant, self.week)
        if can_edit and not posted:
            rows = [*rows, *(timesheets.Row(kind=HourKind.WORKED) for _ in range(self.EMPTY_ROWS))]
        planned = timesheets.published_hours([participant.pk], self.week)
        planned_hours = planned.get(participant.pk) if planned is not None else None
        summary = timesheets.summary(timesheet, planned_hours) if timesheet else None
        return super().get_context_data(
            participant=participant,
            timesheet=timesheet,
            week=self.week,
            week_end=self.week + datetime.timedelta(days=6),
            days=calendar.week_dates(self.week),
            rows=rows,
            kinds=HourKind.choices,
            can_edit=can_edit,
            can_approve=timesheet is not None
            and access.can(user, "guidance.approve_timesheets", timesheet),
            contract_hours=timesheet.contract_hours
            if timesheet
            else timesheets.contract_hours_on(participant, self.week),
            summary=summary,
            plan_available=planned is not None,
            suggestion=suggestion,
            cell_errors=cell_errors,
            form_errors=form_errors,
            error_count=len(cell_errors) + len(form_errors),
            previous=self.week - datetime.timedelta(weeks=1),
            next=self.week + datetime.timedelta(weeks=1),
            return_form=ReturnForm(),
            **{"version": concurrency.current_version(timesheet), **kwargs},
        )

    def post(self, request, *args, **kwargs):
        if not access.can(request.user, "guidance.edit_timesheets", self.object):
            raise Http404
        read_version = request.POST.get(concurrency.VERSION_FIELD, "")
        try:
            rows, cell_errors = timesheets.parse_grid(request.POST, self.week)
        except ValueError:
            # Not the page's form: refuse it rather than save "no rows" over the week.
            error = _("The form is incomplete: reload the page and try again.")
            return self.render_to_response(self.get_context_data(form_errors=[error]))
        if cell_errors:
            # Nothing is saved: every wrong cell comes back as typed, marked, and named in
            # the error summary with a link to it.
            context = self.get_context_data(
                rows=rows, version=read_version, cell_errors=cell_errors
            )
            return self.render_to_response(context)
        saved = False
        try:
            # The lines are rewritten as a whole: only over the version this page read.
            with transaction.atomic():
                timesheet = timesheets.get_or_start(self.object, self.week)
                concurrency.claim(timesheet, read_version)
                timesheets.save_rows(timesheet, rows, request.user)
            saved = True
            if request.POST.get("action") == "submit":
                timesheets.submit(timesheet, request.user)
                messages.success(request, _("The timesheet is submitted for approval."))
                missing = sickness.uncovered_sick_days(timesheet)
                if missing:
                    messages.warning(
                        request,
                        _(
                            "Sick hours on %(days)s without a sick report: "
                            "please report sick too, so the employer knows."
                        )
                        % {"days": ", ".join(d.strftime("%d-%m") for d in missing)},
                    )
            else:
                messages.success(request, _("The timesheet is saved."))
        except concurrency.StaleEdit:
            return self._conflict(rows)
        except ValidationError as exc:
            # Refused as a whole (e.g. more than 24 hours on one day): in the error summary.
            context = {"rows": rows, "form_errors": exc.messages}
            if not saved:
                context["version"] = read_version
            return self.render_to_response(self.get_context_data(**context))
        return redirect("guidance:timesheet", self.object.pk, self.week.isoformat())

    def _conflict(self, rows):
        """Someone saved this week after the page was read: show their lines next to the
        ones just posted (still in the grid), with the current version to save again."""
        current = self._timesheet()
        theirs = self._hours_by_row(timesheets.rows_of(current) if current else [])
        yours = self._hours_by_row(rows)
        kinds = dict(HourKind.choices)
        conflict = [
            concurrency.Difference(
                name=f"row-{n}",
                label=" · ".join(str(part) for part in (kinds.get(kind, kind), label) if part),
                theirs=self._show_hours(theirs.get((kind, label))),
                yours=self._show_hours(yours.get((kind, label))),
            )
            for n, (kind, label) in enumerate(dict.fromkeys([*theirs, *yours]))
            if theirs.get((kind, label)) != yours.get((kind, label))
        ]
        return self.render_to_response(
            self.get_context_data(rows=rows, stale=True, conflict=conflict), status=409
        )

    @staticmethod
    def _hours_by_row(rows) -> dict[tuple[str, str], tuple[Decimal, ...]]:
        hours = {}
        for row in rows:
            if row.total <= 0:
                continue
            key = (row.kind, row.task_label.strip())
            before = hours.get(key, (Decimal("0"),) * timesheets.DAYS)
            hours[key] = tuple(a + b for a, b in zip(before, row.hours, strict=True))
        return hours

    def _show_hours(self, hours) -> str:
        if not hours:
            return "—"
        return ", ".join(
            f"{date_format(day, 'D')} {floatformat(h, -2)}"
            for day, h in zip(calendar.week_dates(self.week), hours, strict=True)
            if h
        )


class TimesheetListView(PermissionMixin, ListView):
    permission = "guidance.view_timesheets"
    template_name = "guidance/timesheet_list.html"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", Timesheet.Status.SUBMITTED)
        queryset = self.scoped(Timesheet.objects.select_related("participant")).annotate(
            total=Sum("lines__hours")
        )
        if status in Timesheet.Status.values:
            queryset = queryset.filter(status=status)
        return queryset.order_by("-week_start", "participant__surname")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statuses=Timesheet.Status.choices,
            status=self.request.GET.get("status", Timesheet.Status.SUBMITTED),
            can_approve=can(self.request, "guidance.approve_timesheets"),
            **kwargs,
        )


class TimesheetApproveView(ObjectPermissionMixin, View):
    permission = "guidance.approve_timesheets"
    model = Timesheet

    def post(self, request, *args, **kwargs):
        try:
            timesheets.approve(self.object, request.user)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The timesheet is approved."))
        return redirect(parsing.next_url(request, reverse("guidance:timesheets")))


class TimesheetBulkApproveView(PermissionMixin, View):
    """Approve the ticked submitted timesheets at once (the weekly routine)."""

    permission = "guidance.approve_timesheets"

    def post(self, request, *args, **kwargs):
        ids = parsing.ids(request.POST.getlist("timesheet"))
        sheets = self.scoped(
            Timesheet.objects.filter(pk__in=ids, status=Timesheet.Status.SUBMITTED)
        ).select_related("participant")
        approved = 0
        for sheet in sheets:
            try:
                timesheets.approve(sheet, request.user)
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                approved += 1
        if approved:
            messages.success(request, _("%(n)d timesheet(s) approved.") % {"n": approved})
        else:
            messages.warning(request, _("Tick the timesheets to approve."))
        return redirect(parsing.next_url(request, reverse("guidance:timesheets")))


class TimesheetReturnView(ObjectPermissionMixin, View):
    permission = "guidance.approve_timesheets"
    model = Timesheet

    def post(self, request, *args, **kwargs):
        form = ReturnForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say what needs correcting."))
            was_exported = PayrollExport.objects.filter(
                municipality_id=self.object.participant.municipality_id,
                month__gte=calendar.month_start(self.object.week_start),
            ).exists()
            timesheets.return_for_correction(self.object, request.user, form.cleaned_data["reason"])
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("The timesheet is returned for correction."))
            if was_exported:
                messages.warning(
                    request,
                    _(
                        "Part of this week is already in a payroll export: a change will reach "
                        "payroll as a correction line in the next export."
                    ),
                )
        return redirect(
            "guidance:timesheet", self.object.participant_id, self.object.week_start.isoformat()
        )
