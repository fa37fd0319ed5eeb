"""Views of the guidance portal, the coach's caseload, notifications and payroll.

Views validate input and call the domain modules; they hold no domain rules.
"""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView, View

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency, parsing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.guidance import (
    checkins,
    earlywarning,
    payroll,
    poortwachter,
    sickness,
    signals,
    timesheets,
)
from basisbaan.guidance.forms import (
    AdjustForm,
    CadenceForm,
    CheckInForm,
    CloseSignalForm,
    MissedForm,
    RecoveryForm,
    ReplanForm,
    ReturnForm,
    SickReportForm,
    StepDoneForm,
    WorkNoteForm,
)
from basisbaan.guidance.models import (
    CheckIn,
    EarlyWarningRule,
    HourKind,
    Notification,
    PayrollExport,
    PoortwachterStep,
    SicknessCase,
    Signal,
    Timesheet,
    TimesheetLine,
    WorkNote,
)
from basisbaan.guidance.notifications import unread_count
from basisbaan.participants.models import IN_SERVICE, Participant, Status
from basisbaan.tenants.models import TaskCategory

WORKING = (*IN_SERVICE, Status.LONG_TERM_SICK)
# What the sickness list shows of each case (named in its audit entries).
SICKNESS_LIST_FIELDS = ["participant", "first_sick_day", "extent", "recovered_on"]


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _can(request, permission: str) -> bool:
    return access.has_perm(request.user, permission, request.municipality)


class FormAction:
    """A POST of one small form that calls one domain function, then goes back.

    Subclasses set ``form_class``, the two messages, ``perform(data)`` and
    ``success_url()``; invalid input or a refused action changes nothing and says why.
    """

    form_class = None
    invalid_message = ""
    success_message = ""

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(self.invalid_message)
            self.perform(form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, self.success_message)
        return redirect(self.success_url())


class ParticipantObjectMixin(ObjectPermissionMixin):
    model = Participant

    def get_queryset(self):
        return Participant.objects.select_related("guidance_organisation", "coach", "municipality")


# --- guidance portal --------------------------------------------------------------------


class WorkListView(PermissionMixin, ListView):
    """The participants at work that the user guides (guidance staff: own organisation)."""

    permission = "guidance.view_work"
    template_name = "guidance/work_list.html"
    paginate_by = 50

    def get_queryset(self):
        week = calendar.monday(calendar.today())
        queryset = self.scoped(Participant.objects.filter(status__in=WORKING)).select_related(
            "guidance_organisation", "municipality"
        )
        query = self.request.GET.get("q", "").strip()
        if query:
            queryset = queryset.filter(Q(surname__icontains=query) | Q(first_name__icontains=query))
        return queryset.annotate(
            sick_now=Exists(
                SicknessCase.objects.filter(participant=OuterRef("pk"), recovered_on__isnull=True)
            ),
            week_status=Timesheet.objects.filter(
                participant=OuterRef("pk"), week_start=week
            ).values("status")[:1],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            q=self.request.GET.get("q", ""),
            week=calendar.monday(calendar.today()),
            statuses=dict(Timesheet.Status.choices),
            **kwargs,
        )
        # The list shows who is sick now: every row shown is an audited read.
        for participant in context["object_list"]:
            audit.read(
                self.request.user,
                participant,
                fields=["name", "contract_hours", "sick", "timesheet"],
            )
        return context


class WorkParticipantView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.view_work"
    template_name = "guidance/work_participant.html"

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        audit.read(user, participant, fields=["name", "contract_hours", "work_notes"])
        today = calendar.today()
        this_week = calendar.monday(today)
        weeks = [this_week - datetime.timedelta(weeks=i) for i in range(8)]
        sheets = {
            t.week_start: t
            for t in Timesheet.objects.filter(participant=participant, week_start__in=weeks)
        }
        return super().get_context_data(
            participant=participant,
            cases=SicknessCase.objects.filter(participant=participant)[:10]
            if access.can(user, "guidance.view_sickness", participant)
            else [],
            weeks=[(w, sheets.get(w)) for w in weeks],
            notes=WorkNote.objects.filter(participant=participant).select_related("author")[:20],
            note_form=WorkNoteForm(initial={"date": today}),
            can_report=access.can(user, "guidance.report_sickness", participant),
            can_note=access.can(user, "guidance.write_notes", participant),
            can_timesheet=access.can(user, "guidance.view_timesheets", participant),
            can_coach=access.can(user, "guidance.view_checkins", participant),
            **kwargs,
        )


class WorkNoteCreateView(ParticipantObjectMixin, View):
    permission = "guidance.write_notes"

    def post(self, request, *args, **kwargs):
        form = WorkNoteForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["date"] > calendar.today():
                messages.error(request, _("A note cannot be dated in the future."))
            else:
                note = form.save(commit=False)
                note.participant = self.object
                note.author = request.user
                note.save()
                audit.created(request.user, note, fields=["kind", "date", "text"])
                messages.success(request, _("The note is saved."))
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect("guidance:work_participant", self.object.pk)


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


# --- timesheets -------------------------------------------------------------------------


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
        participant = self.object
        user = self.request.user
        timesheet = self._timesheet()
        audit.read(user, participant, fields=["timesheet"])
        can_edit = access.can(user, "guidance.edit_timesheets", participant) and (
            timesheet is None or timesheet.editable
        )
        suggestion = ""
        if rows is None:
            rows = timesheets.rows_of(timesheet) if timesheet else []
            if not rows and can_edit:
                rows, suggestion = timesheets.suggested_rows(participant, self.week)
        if can_edit:
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
            previous=self.week - datetime.timedelta(weeks=1),
            next=self.week + datetime.timedelta(weeks=1),
            return_form=ReturnForm(),
            **{"version": concurrency.current_version(timesheet), **kwargs},
        )

    def _rows_from_post(self):
        rows, errors = [], []
        try:
            count = parsing.parse_int(
                self.request.POST.get("row_count"), minimum=0, maximum=parsing.MAX_ID
            )
        except ValueError:
            # Not the page's form: refuse it rather than save "no rows" over the week.
            return [], [_("The form is incomplete: reload the page and try again.")]
        count = min(count, 30)
        for i in range(count):
            hours = []
            for day in range(timesheets.DAYS):
                raw = self.request.POST.get(f"h_{i}_{day}", "")
                try:
                    hours.append(timesheets.parse_hours(raw))
                except ValidationError as exc:
                    errors.extend(exc.messages)
                    hours.append(Decimal("0"))
            task_id = self.request.POST.get(f"taskid_{i}", "")
            rows.append(
                timesheets.Row(
                    kind=self.request.POST.get(f"kind_{i}", ""),
                    task_label=self.request.POST.get(f"task_{i}", "").strip(),
                    hours=hours,
                    task_id=parsing.optional_id(task_id),
                )
            )
        return rows, errors

    def post(self, request, *args, **kwargs):
        if not access.can(request.user, "guidance.edit_timesheets", self.object):
            raise Http404
        rows, errors = self._rows_from_post()
        read_version = request.POST.get(concurrency.VERSION_FIELD, "")
        if errors:
            for error in dict.fromkeys(errors):
                messages.error(request, error)
            return self.render_to_response(self.get_context_data(rows=rows, version=read_version))
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
            _errors(request, exc)
            context = {"rows": rows} if saved else {"rows": rows, "version": read_version}
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
            can_approve=_can(self.request, "guidance.approve_timesheets"),
            **kwargs,
        )


class TimesheetApproveView(ObjectPermissionMixin, View):
    permission = "guidance.approve_timesheets"
    model = Timesheet

    def post(self, request, *args, **kwargs):
        try:
            timesheets.approve(self.object, request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("The timesheet is approved."))
        return _back(request, reverse("guidance:timesheets"))


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
                _errors(request, exc)
            else:
                approved += 1
        if approved:
            messages.success(request, _("%(n)d timesheet(s) approved.") % {"n": approved})
        else:
            messages.warning(request, _("Tick the timesheets to approve."))
        return _back(request, reverse("guidance:timesheets"))


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
            _errors(request, exc)
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


def _back(request, default: str):
    return redirect(parsing.local_url(request.POST.get("next"), request) or default)


# --- coach ------------------------------------------------------------------------------


class CaseloadView(PermissionMixin, TemplateView):
    permission = "guidance.caseload"
    template_name = "guidance/caseload.html"
    overdue_only = False

    def get_context_data(self, **kwargs):
        today = calendar.today()
        participants = self.scoped(
            Participant.objects.exclude(status=Status.EXITED), "guidance.caseload"
        ).annotate(open_signals=Count("signals", filter=Q(signals__status=Signal.Status.OPEN)))
        rows = checkins.contact_overview(participants, today)
        if self.overdue_only:
            rows = [r for r in rows if r.overdue]
            rows.sort(key=lambda r: -r.overdue_days)
        else:
            rows.sort(key=lambda r: (r.next_contact, r.participant.surname))
        return super().get_context_data(
            rows=rows,
            overdue_only=self.overdue_only,
            overdue_count=sum(1 for r in rows if r.overdue),
            open_signals=self.scoped(
                Signal.objects.filter(status=Signal.Status.OPEN), "guidance.signals"
            ).count(),
            unread=unread_count(self.request.user),
            today=today,
            **kwargs,
        )


class CoachParticipantView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.view_checkins"
    template_name = "guidance/coach_participant.html"

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        today = calendar.today()
        history = checkins.read_history(user, participant)
        status = checkins.contact_overview([participant], today)[0]
        return super().get_context_data(
            participant=participant,
            history=history,
            table=list(reversed(history)),
            chart=checkins.history_chart(history),
            status=status,
            cadence_form=CadenceForm(initial={"cadence_weeks": status.cadence_weeks}),
            missed_form=MissedForm(initial={"date": today}),
            signals=Signal.objects.filter(participant=participant).select_related("rule")[:10],
            **kwargs,
        )


class CheckInCreateView(ParticipantObjectMixin, TemplateView):
    permission = "guidance.record_checkins"
    template_name = "guidance/checkin_form.html"

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", CheckInForm(initial={"date": calendar.today()}))
        today = calendar.today()
        single = checkins.norm_for(today, CheckIn.Household.SINGLE)
        couple = checkins.norm_for(today, CheckIn.Household.COUPLE)
        if single is not None:
            form.fields["net_income_eur"].help_text = _(
                "Compared with the bijstand norm on the date; today EUR %(single)s single, "
                "EUR %(couple)s couple."
            ) % {
                "single": number_format(single, 2, force_grouping=True),
                "couple": number_format(couple, 2, force_grouping=True),
            }
        return super().get_context_data(participant=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CheckInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                checkins.record(self.object, request.user, data["date"], data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The check-in is saved."))
                return redirect("guidance:coach_participant", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MissedContactView(FormAction, ParticipantObjectMixin, View):
    permission = "guidance.record_checkins"
    form_class = MissedForm
    invalid_message = gettext_lazy("Fill in a valid date.")
    success_message = gettext_lazy("The missed appointment is recorded.")

    def perform(self, data):
        checkins.record_missed(self.object, self.request.user, data["date"])

    def success_url(self):
        return reverse("guidance:coach_participant", args=[self.object.pk])


class CadenceView(FormAction, ParticipantObjectMixin, View):
    permission = "guidance.caseload"
    form_class = CadenceForm
    invalid_message = gettext_lazy("Choose a rhythm between 1 and 26 weeks.")
    success_message = gettext_lazy("The contact rhythm is saved.")

    def perform(self, data):
        checkins.set_cadence(self.object, self.request.user, data["cadence_weeks"])

    def success_url(self):
        return reverse("guidance:coach_participant", args=[self.object.pk])


class CheckInDetailView(ObjectPermissionMixin, TemplateView):
    permission = "guidance.view_checkins"
    model = CheckIn
    template_name = "guidance/checkin_detail.html"

    def get_queryset(self):
        return CheckIn.objects.select_related("participant", "coach")

    def get_context_data(self, **kwargs):
        audit.read(self.request.user, self.object, fields=checkins.CHECKIN_FIELDS)
        questions = list(
            zip(CheckInForm.WHO5_QUESTIONS, self.object.who5_items or [], strict=False)
        )
        return super().get_context_data(checkin=self.object, questions=questions, **kwargs)


class SignalListView(PermissionMixin, ListView):
    permission = "guidance.signals"
    template_name = "guidance/signal_list.html"
    paginate_by = 50

    def get_queryset(self):
        status = self.request.GET.get("status", Signal.Status.OPEN)
        queryset = self.scoped(Signal.objects.select_related("participant__municipality", "rule"))
        if status in Signal.Status.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            status=self.request.GET.get("status", Signal.Status.OPEN),
            statuses=Signal.Status.choices,
            **kwargs,
        )
        # A signal's reason tells of sickness, well-being or missed contacts: audited reads.
        for signal in context["object_list"]:
            audit.read(self.request.user, signal, fields=["participant", "kind", "reason"])
        return context


class SignalDetailView(concurrency.ConflictMixin, ObjectPermissionMixin, TemplateView):
    permission = "guidance.signals"
    model = Signal
    template_name = "guidance/signal_detail.html"

    def get_queryset(self):
        return Signal.objects.select_related("participant__programme", "rule")

    def _categories(self):
        return TaskCategory.objects.filter(
            municipality_id=self.object.participant.municipality_id, active=True
        )

    def get_context_data(self, **kwargs):
        participant = self.object.participant
        audit.read(
            self.request.user, participant, fields=["wishes", "limitations", "contract_hours"]
        )
        kwargs.setdefault("adjust_form", self._adjust_form(participant))
        kwargs.setdefault("replan_form", ReplanForm(initial={"reason": self.object.reason}))
        kwargs.setdefault("close_form", CloseSignalForm())
        return super().get_context_data(
            signal=self.object,
            participant=participant,
            **kwargs,
        )

    def _adjust_form(self, participant, data=None, reason=""):
        initial = {
            "wishes": participant.wishes,
            "limitations": participant.limitations,
            "contract_hours": participant.contract_hours,
            "reason": reason,
        }
        return AdjustForm(
            data, categories=self._categories(), initial=initial, version_of=participant
        )

    def current_form(self, form, record):
        return self._adjust_form(record, reason=form.cleaned_data.get("reason", ""))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        participant = self.object.participant
        try:
            if action == "adjust":
                form = self._adjust_form(participant, request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(adjust_form=form))
                data = form.cleaned_data
                try:
                    with concurrency.editing(participant, form.posted_version):
                        changed = signals.adjust_participant(
                            participant,
                            request.user,
                            data["wishes"],
                            data["limitations"],
                            data["contract_hours"],
                            data["reason"],
                        )
                        if not changed:
                            transaction.set_rollback(True)  # nothing saved: version stays
                except concurrency.StaleEdit:
                    return self.conflict_response(form, adjust_form=form)
                messages.success(
                    request,
                    _("The changes are saved.") if changed else _("Nothing was changed."),
                )
            elif action == "replan":
                form = ReplanForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(replan_form=form))
                signals.request_replan(participant, request.user, form.cleaned_data["reason"])
                messages.success(request, _("The planner is asked for a new plan."))
            elif action == "close":
                form = CloseSignalForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(close_form=form))
                signals.close(self.object, request.user, form.cleaned_data["note"])
                messages.success(request, _("The signal is closed."))
                return redirect("guidance:signals")
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as exc:
            _errors(request, exc)
        return redirect("guidance:signal_detail", self.object.pk)


class RuleListView(PermissionMixin, TemplateView):
    permission = "guidance.manage_rules"
    template_name = "guidance/rules.html"

    def get_context_data(self, **kwargs):
        rules = signals.ensure_rules(self.municipality)
        for rule in rules:
            rule.fields = [
                (name, rule.parameters.get(name, default))
                for name, default in earlywarning.KINDS[rule.kind][1].items()
            ]
        return super().get_context_data(rules=rules, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "evaluate":
            participants = Participant.objects.filter(municipality=self.municipality).in_service()
            count = signals.evaluate(participants.select_related("coach", "municipality"))
            messages.success(request, _("%(n)d new signal(s).") % {"n": count})
            return redirect("guidance:rules")
        rule = access.get_object_or_404(
            request.user,
            self.permission,
            EarlyWarningRule,
            pk=parsing.optional_id(request.POST.get("rule")) or 0,
        )
        defaults = earlywarning.KINDS[rule.kind][1]
        raw = {name: request.POST.get(name, "") for name in defaults}
        try:
            rule.parameters = earlywarning.clean_parameters(rule.kind, raw)
        except earlywarning.RuleParameterError as exc:
            messages.error(request, str(exc))
        else:
            active = request.POST.get("active") == "on"
            try:
                with concurrency.editing(rule, request.POST.get(concurrency.VERSION_FIELD)):
                    rule.active = active
                    rule.save()
                    audit.changed(request.user, rule, fields=["parameters", "active"])
            except concurrency.StaleEdit:
                now = EarlyWarningRule.objects.get(pk=rule.pk)
                messages.error(
                    request,
                    _(
                        "Someone else saved this rule after you opened the page. Nothing was "
                        "saved. Saved now: %(theirs)s. Yours: %(yours)s. To keep yours, enter them again "
                        "and save."
                    )
                    % {
                        "theirs": self._summary(now.parameters, now.active),
                        "yours": self._summary(rule.parameters, active),
                    },
                )
            else:
                messages.success(request, _("The rule is saved."))
        return redirect("guidance:rules")

    @staticmethod
    def _summary(parameters: dict, active: bool) -> str:
        values = ", ".join(f"{name} {value}" for name, value in sorted(parameters.items()))
        state = _("active") if active else _("not active")
        return f"{values} ({state})" if values else str(state)


# --- notifications ----------------------------------------------------------------------


class NotificationListView(PermissionMixin, ListView):
    permission = "guidance.notifications"
    template_name = "guidance/notifications.html"
    paginate_by = 50

    def get_queryset(self):
        return self.scoped(Notification.objects.select_related("participant"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(unread=unread_count(self.request.user), **kwargs)


class NotificationOpenView(ObjectPermissionMixin, View):
    permission = "guidance.notifications"
    model = Notification

    def post(self, request, *args, **kwargs):
        if self.object.read_at is None:
            Notification.objects.filter(pk=self.object.pk).update(read_at=timezone.now())
        url = parsing.local_url(self.object.url, request)
        return redirect(url or "guidance:notifications")


class NotificationReadAllView(PermissionMixin, View):
    permission = "guidance.notifications"

    def post(self, request, *args, **kwargs):
        self.scoped(Notification.objects.filter(read_at__isnull=True)).update(
            read_at=timezone.now()
        )
        return redirect("guidance:notifications")


# --- payroll ----------------------------------------------------------------------------


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
            can_export=_can(self.request, "guidance.export_payroll"),
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
            _errors(request, exc)
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
            response = HttpResponse(payroll.to_csv(export), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        elif file_format == "xlsx":
            response = HttpResponse(
                payroll.to_xlsx(export),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        else:
            raise Http404
        payroll.audit_download(export, request.user, file_format)
        return response
