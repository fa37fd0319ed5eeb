"""Weekly timesheets: hours per day per task and absence, submitted by guidance staff and
approved by programme staff.

A timesheet moves draft -> submitted -> approved; programme staff can return it
(submitted or approved) for correction, and a returned timesheet is submitted again:
``TRANSITIONS`` is the table, and ``submit``, ``approve`` and ``return_for_correction``
check every move against it. Only a draft or returned timesheet can be edited. Only
approved hours count for payroll; a change to a month that was already exported reaches
payroll as a correction line.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar, parsing
from basisbaan.guidance.models import ABSENCE_KINDS, HourKind, Timesheet, TimesheetLine
from basisbaan.planning import services as planning_services

DAYS = 7
QUARTER = parsing.QUARTER
MAX_DAY = parsing.MAX_HOURS_PER_DAY

S = Timesheet.Status

# The lifecycle: from each status, the statuses a timesheet may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.SUBMITTED,),
    S.SUBMITTED: (S.APPROVED, S.RETURNED),
    S.APPROVED: (S.RETURNED,),
    S.RETURNED: (S.SUBMITTED,),
}


def allowed_targets(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(source: str, target: str) -> bool:
    return target in allowed_targets(source)


def _check_transition(timesheet: Timesheet, target: str, refusal: str) -> None:
    """Refuse (with ``refusal`` for the user) a move the table does not allow."""
    if not is_allowed(timesheet.status, target):
        raise ValidationError(refusal)


def contract_hours_on(participant, date: datetime.date) -> Decimal:
    """Contracted hours per week: the employment contract on ``date``, else the profile."""
    contract = participant.current_contract(on=date)
    hours = contract.hours_per_week if contract else participant.contract_hours
    return Decimal(hours or 0)


def get_or_start(participant, week_start: datetime.date) -> Timesheet:
    if week_start.weekday() != 0:
        raise ValidationError(_("A timesheet week starts on a Monday."))
    timesheet, _created = Timesheet.objects.get_or_create(
        participant=participant,
        week_start=week_start,
        defaults={"contract_hours": contract_hours_on(participant, week_start)},
    )
    return timesheet


@dataclass
class Row:
    kind: str
    task_label: str = ""
    hours: list[Decimal] = field(default_factory=lambda: [Decimal("0")] * DAYS)
    task_id: int | None = None  # the catalogue task, when the row came from the plan

    @property
    def total(self) -> Decimal:
        return sum(self.hours, Decimal("0"))


def rows_of(timesheet: Timesheet) -> list[Row]:
    """The timesheet as a grid: one row per (kind, task), seven day columns."""
    rows: dict[tuple[str, str], Row] = {}
    for line in timesheet.lines.all():
        key = (line.kind, line.task_label, line.task_id)
        row = rows.setdefault(
            key, Row(kind=line.kind, task_label=line.task_label, task_id=line.task_id)
        )
        row.hours[(line.date - timesheet.week_start).days] += line.hours
    order = list(HourKind.values)
    return sorted(rows.values(), key=lambda r: (order.index(r.kind), r.task_label))


def parse_hours(raw) -> Decimal:
    """Hours on one day as typed (``6,5``, ``6.5``, ``6:30``): ``core.parsing.parse_hours``
    with the reason as a ValidationError."""
    try:
        return parsing.parse_hours(raw)
    except parsing.ParseError as exc:
        if exc.code == "range":
            raise ValidationError(_("Hours per day are between 0 and 24.")) from None
        if exc.code == "step":
            raise ValidationError(
                _("Fill in hours in quarters of an hour (e.g. 1.25 or 1:15).")
            ) from None
        raise ValidationError(
            _("%(value)s is not a number of hours.") % {"value": str(raw)[:20]}
        ) from None


def validate_rows(rows: list[Row]) -> list[Row]:
    kept = []
    for row in rows:
        if row.kind not in HourKind.values:
            raise ValidationError(_("Choose a kind of hours for every row."))
        if len(row.task_label) > 120:
            raise ValidationError(_("A task name is at most 120 characters."))
        if row.total > 0:
            kept.append(row)
    for day in range(DAYS):
        if sum((row.hours[day] for row in kept), Decimal("0")) > MAX_DAY:
            raise ValidationError(_("One day has more than 24 hours in total."))
    return kept


def _check_tasks(timesheet: Timesheet, rows: list[Row]) -> None:
    """A row may name a catalogue task only of the participant's own municipality."""
    wanted = {row.task_id for row in rows if row.task_id}
    if not wanted:
        return
    from basisbaan.communitytasks.models import Task

    known = set(
        Task.objects.filter(
            pk__in=wanted, municipality_id=timesheet.participant.municipality_id
        ).values_list("pk", flat=True)
    )
    if wanted - known:
        raise ValidationError(_("A row names a task that does not exist here."))


@transaction.atomic
def save_rows(timesheet: Timesheet, rows: list[Row], user) -> Timesheet:
    timesheet = (
        Timesheet.objects.select_for_update().select_related("participant").get(pk=timesheet.pk)
    )
    if not timesheet.editable:
        raise ValidationError(_("This timesheet is submitted or approved and cannot be changed."))
    kept = validate_rows(rows)
    _check_tasks(timesheet, kept)
    timesheet.lines.all().delete()
    dates = calendar.week_dates(timesheet.week_start)
    TimesheetLine.objects.bulk_create(
        TimesheetLine(
            timesheet=timesheet,
            date=dates[day],
            kind=row.kind,
            task_label=row.task_label.strip(),
            task_id=row.task_id if row.kind == HourKind.WORKED else None,
            hours=row.hours[day],
        )
        for row in kept
        for day in range(DAYS)
        if row.hours[day] > 0
    )
    audit.changed(user, timesheet, fields=["lines"])
    return timesheet


@transaction.atomic
def submit(timesheet: Timesheet, user) -> Timesheet:
    timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    _check_transition(timesheet, S.SUBMITTED, _("This timesheet is already submitted."))
    if not timesheet.lines.exists():
        raise ValidationError(_("Fill in at least one hour before submitting."))
    if timesheet.week_start > calendar.today():
        raise ValidationError(_("A week can be submitted once it has started."))
    timesheet.status = S.SUBMITTED
    timesheet.submitted_at = timezone.now()
    timesheet.submitted_by = user
    timesheet.return_reason = ""
    timesheet.save()
    audit.changed(user, timesheet, fields=["status"])
    return timesheet


def approve(timesheet: Timesheet, user) -> Timesheet:
    with transaction.atomic():
        timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
        _check_transition(timesheet, S.APPROVED, _("Only a submitted timesheet can be approved."))
        timesheet.status = S.APPROVED
        timesheet.approved_at = timezone.now()
        timesheet.approved_by = user
        timesheet.save()
        audit.changed(user, timesheet, fields=["status"])
    from basisbaan.guidance.signals import evaluate_participant

    evaluate_participant(timesheet.participant)
    return timesheet


@transaction.atomic
def return_for_correction(timesheet: Timesheet, user, reason: str) -> Timesheet:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what needs correcting."))
    timesheet = Timesheet.objects.select_for_update().get(pk=timesheet.pk)
    _check_transition(
        timesheet, S.RETURNED, _("Only a submitted or approved timesheet can be returned.")
    )
    timesheet.status = S.RETURNED
    timesheet.return_reason = reason[:300]
    timesheet.approved_at = None
    timesheet.approved_by = None
    timesheet.save()
    audit.changed(user, timesheet, fields=["status", "return_reason"])
    from django.urls import reverse

    from basisbaan.guidance.models import Notification
    from basisbaan.guidance.notifications import guidance_staff, notify

    participant = timesheet.participant
    notify(
        guidance_staff(participant.guidance_organisation_id),
        participant.municipality,
        Notification.Kind.TIMESHEET,
        participant=participant,
        url=reverse("guidance:timesheet", args=[participant.pk, timesheet.week_start.isoformat()]),
    )
    return timesheet


def totals(lines) -> dict[str, Decimal]:
    result = {kind: Decimal("0") for kind in HourKind.values}
    for line in lines:
        result[line.kind] += line.hours
    return result


def accounted(total: dict[str, Decimal]) -> Decimal:
    """Worked plus every recorded absence: the hours the contract is covered by."""
    return total[HourKind.WORKED] + sum((total[k] for k in ABSENCE_KINDS), Decimal("0"))


def published_hours(participant_ids, week_start: datetime.date) -> dict[int, float] | None:
    """The planned hours from the published plan."""
    return planning_services.published_hours(list(participant_ids), week_start)


def summary(timesheet: Timesheet, planned: float | None = None) -> dict:
    """Totals and shortfalls of one timesheet, for display."""
    total = totals(timesheet.lines.all())
    covered = accounted(total)
    result = {
        "totals": total,
        "accounted": covered,
        "contract_shortfall": max(Decimal("0"), timesheet.contract_hours - covered),
        "planned": None,
        "plan_shortfall": None,
    }
    if planned is not None:
        planned_dec = Decimal(str(round(planned, 2)))
        result["planned"] = planned_dec
        result["plan_shortfall"] = max(Decimal("0"), planned_dec - total[HourKind.WORKED])
    return result


def suggested_rows(participant, week_start: datetime.date) -> tuple[list[Row], str]:
    """A starting point for an empty week: the published plan (one row per task), with
    the days of a full sickness case as sick hours; else last week's rows.

    Returns the rows and where they came from ("plan", "previous" or "").
    """
    from basisbaan.guidance.models import SicknessCase

    sick_days = set()
    for first, recovered in SicknessCase.objects.filter(
        participant=participant,
        extent=SicknessCase.Extent.FULL,
        first_sick_day__lte=week_start + datetime.timedelta(days=6),
    ).values_list("first_sick_day", "recovered_on"):
        for day in calendar.week_dates(week_start):
            if first <= day and (recovered is None or day < recovered):
                sick_days.add(day)

    rows: dict[str, Row] = {}
    source = ""
    assignments = (
        planning_services.published_assignments(week_start)
        .filter(participant=participant)
        .select_related("task")
    )
    for assignment in assignments:
        label = assignment.task.title[:120] if assignment.task_id else ""
        row = rows.setdefault(
            label, Row(kind=HourKind.WORKED, task_label=label, task_id=assignment.task_id)
        )
        hours = Decimal(str(assignment.hours)).quantize(QUARTER)
        row.hours[(assignment.date - week_start).days] += hours
        source = "plan"
    if not rows:
        previous = Timesheet.objects.filter(
            participant=participant, week_start=week_start - datetime.timedelta(weeks=1)
        ).first()
        if previous is not None:
            for row in rows_of(previous):
                if row.kind == HourKind.WORKED:
                    rows[row.task_label] = row
                    source = "previous"
    result = list(rows.values())
    if sick_days:
        sick = Row(kind=HourKind.SICK)
        for row in result:
            for index, day in enumerate(calendar.week_dates(week_start)):
                if day in sick_days and row.hours[index]:
                    sick.hours[index] += row.hours[index]
                    row.hours[index] = Decimal("0")
        result = [row for row in result if row.total] + ([sick] if sick.total else [])
    return result, source
