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
from django.utils.formats import date_format
from django.utils.text import capfirst
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
    # As typed, per day, when the row came from a form (a wrong cell shows what was typed).
    raw: list[str] | None = None
    errors: dict[int, str] = field(default_factory=dict)  # day -> why that cell is wrong

    @property
    def cells(self) -> list[tuple[int, str, str]]:
        """Per day: (day index, the cell's text, its error or "")."""
        return [(day, self.shown(day), self.errors.get(day, "")) for day in range(DAYS)]

    def shown(self, day: int) -> str:
        """The cell as the grid shows it: as typed, else the hours with a decimal comma."""
        if self.raw is not None:
            return self.raw[day]
        hours = self.hours[day]
        if not hours:
            return ""
        return _fmt(hours)

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


def _fmt(hours: Decimal) -> str:
    """Hours for a grid cell: no trailing zeros, a decimal comma in Dutch (``1,5``)."""
    from django.utils.formats import number_format

    text = format(hours.normalize(), "f")
    places = len(text.split(".")[1]) if "." in text else 0
    return number_format(hours, decimal_pos=places)


def _nearest_quarter(hours: Decimal) -> str:
    """``1:10`` -> ``1:15``: the quarter nearest to hours typed as h:mm, as h:mm."""
    quarters = int((hours / QUARTER).to_integral_value())
    quarters = min(max(quarters, 1), int(MAX_DAY / QUARTER))
    return f"{quarters // 4}:{(quarters % 4) * 15:02d}"


def _typed_time(text: str) -> Decimal | None:
    """``1:10`` as hours (1 1/6), or None when ``text`` is not hours:minutes."""
    hours, colon, minutes = text.partition(":")
    if not colon:
        return None
    try:
        whole = parsing.parse_int(hours, minimum=0, maximum=int(MAX_DAY))
        part = parsing.parse_int(minutes, minimum=0, maximum=59)
    except ValueError:
        return None
    return Decimal(whole) + Decimal(part) / 60


def parse_hours(raw) -> Decimal:
    """Hours on one day as typed (``6,5``, ``6.5``, ``6:30``): ``core.parsing.parse_hours``
    with the reason as a ValidationError (short, to stand next to the cell)."""
    text = str(raw if raw is not None else "").strip()[:20]
    try:
        return parsing.parse_hours(raw)
    except parsing.ParseError as exc:
        if exc.code == "range":
            raise ValidationError(
                _("a day has at most 24 hours: fill in a number from 0 to 24")
            ) from None
        typed = _typed_time(text) if exc.code == "step" else None
        if typed is not None:
            raise ValidationError(
                _(
                    "%(value)s is not a whole quarter of an hour: write hours:minutes in "
                    "quarters, e.g. %(quarter)s"
                )
                % {"value": text, "quarter": _nearest_quarter(typed)}
            ) from None
        raise ValidationError(
            _("fill in a number from 0 to 24, in quarters of an hour (e.g. 1.5)")
        ) from None


@dataclass(frozen=True)
class CellError:
    """A wrong hour cell: where it is (row and day) and why."""

    row: int
    day: int
    date: datetime.date
    row_name: str
    message: str

    @property
    def cell_id(self) -> str:
        return f"h_{self.row}_{self.day}"

    @property
    def summary(self) -> str:
        """``Tuesday 1 December, Worked (Buurthuis): ...``: the day and the row named."""
        return _("%(day)s, %(row)s: %(message)s") % {
            "day": capfirst(date_format(self.date, "l j F")),
            "row": self.row_name,
            "message": self.message,
        }


def row_name(kind: str, task_label: str, number: int) -> str:
    """A row as the user sees it: its kind and task, or its kind and number."""
    label = capfirst(str(dict(HourKind.choices).get(kind, _("hours"))))
    if task_label:
        return _("%(kind)s (%(task)s)") % {"kind": label, "task": task_label[:60]}
    return _("%(kind)s (row %(n)s)") % {"kind": label, "n": number}


MAX_ROWS = 30


def parse_grid(data, week_start: datetime.date) -> tuple[list[Row], list[CellError]]:
    """The rows of a posted grid (``row_count``, ``kind_i``, ``task_i``, ``taskid_i``,
    ``h_i_d``) and the wrong hour cells. A row keeps every cell as typed in ``raw``, so
    the page can show a wrong cell with what was typed. ``ValueError`` when the form is
    not the grid (no row count)."""
    count = parsing.parse_int(data.get("row_count"), minimum=0, maximum=parsing.MAX_ID)
    count = min(count, MAX_ROWS)
    dates = calendar.week_dates(week_start)
    rows, errors = [], []
    for i in range(count):
        kind = str(data.get(f"kind_{i}", ""))
        label = str(data.get(f"task_{i}", "")).strip()
        hours, raw = [], []
        for day in range(DAYS):
            typed = str(data.get(f"h_{i}_{day}", ""))[:40]
            raw.append(typed.strip())
            try:
                hours.append(parse_hours(typed))
            except ValidationError as exc:
                hours.append(Decimal("0"))
                errors.append(
                    CellError(i, day, dates[day], row_name(kind, label, i + 1), exc.messages[0])
                )
        rows.append(
            Row(
                kind=kind,
                task_label=label,
                hours=hours,
                task_id=parsing.optional_id(data.get(f"taskid_{i}", "")),
                raw=raw,
                errors={e.day: e.message for e in errors if e.row == i},
            )
        )
    return rows, errors


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
