"""The monthly payroll export: contracted, worked, sick, leave, public-holiday and other
absence hours per participant, for the HR/payroll system.

Rules (see docs/payroll-export.md for the file layout):

- Only approved timesheet hours count; hours belong to the month of their date.
- Contracted hours of a month: for each weekday (Mon-Fri) on which an employment
  contract runs, its hours per week divided by five.
- Months are exported in order, each once, and only after the month has ended.
  An export's lines are stored and never change: the export is locked. Each line keeps
  the participant's BSN and name as exported, so a locked month's files stay the same
  when the participant is edited later.
- When approved hours of an exported month change later, the next export carries a
  correction line for that month with the difference (new minus already exported).
  Nothing is ever edited silently.
- Locking takes an explicit confirmation (the view's confirmation step). Until its file
  is downloaded for the first time (CSV, XLSX or the API: ``record_download``), the last
  export can be withdrawn (``withdraw``): its lines go and the month is open again.
  After the first download it cannot: the payroll system may already have the file.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar, exports
from basisbaan.guidance.models import HourKind, PayrollExport, PayrollLine, TimesheetLine
from basisbaan.tenants import wages

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Hours:
    contracted: Decimal = ZERO
    worked: Decimal = ZERO
    sick: Decimal = ZERO
    leave: Decimal = ZERO
    holiday: Decimal = ZERO
    other: Decimal = ZERO

    def __add__(self, other: "Hours") -> "Hours":
        return Hours(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def __sub__(self, other: "Hours") -> "Hours":
        return Hours(*(getattr(self, f.name) - getattr(other, f.name) for f in fields(self)))

    def is_zero(self) -> bool:
        return all(getattr(self, f.name) == 0 for f in fields(self))

    def rounded(self) -> "Hours":
        return Hours(*(Decimal(getattr(self, f.name)).quantize(CENT) for f in fields(self)))

    def as_dict(self) -> dict[str, Decimal]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


HOUR_FIELDS = [f.name for f in fields(Hours)]
KIND_TO_FIELD = {
    HourKind.WORKED: "worked",
    HourKind.SICK: "sick",
    HourKind.LEAVE: "leave",
    HourKind.HOLIDAY: "holiday",
    HourKind.OTHER: "other",
}


def contracted_for_month(contracts, month: datetime.date) -> Decimal:
    """Contracted hours in ``month``: per weekday a contract runs, its weekly hours / 5.

    ``contracts`` is a list of (start, end or None, hours per week).
    """
    total = Decimal("0")
    day, last = month, calendar.month_end(month)
    while day <= last:
        if day.weekday() < 5:
            for start, end, weekly in contracts:
                if start <= day and (end is None or day <= end):
                    total += Decimal(weekly) / 5
                    break
        day += datetime.timedelta(days=1)
    return total.quantize(CENT)


Key = tuple[int, datetime.date]  # (participant id, period)


def compute_lines(
    month: datetime.date, current: dict[Key, Hours], exported: dict[Key, Hours]
) -> list[tuple[int, datetime.date, str, Hours]]:
    """The lines of the export of ``month``.

    ``current``: the hours as they are now, per participant and period (``month`` and
    every earlier exported month); ``exported``: what earlier exports already carried.
    A regular line for every participant with hours in ``month``; a correction line
    (the difference) for an earlier period whose hours changed since it was exported.
    """
    lines = []
    for (participant_id, period), hours in sorted(
        current.items(), key=lambda i: (i[0][1], i[0][0])
    ):
        if period == month and not hours.is_zero():
            lines.append((participant_id, period, PayrollLine.Kind.REGULAR, hours.rounded()))
    keys = {k for k in (*current, *exported) if k[1] < month}
    for key in sorted(keys, key=lambda k: (k[1], k[0])):
        difference = (current.get(key, Hours()) - exported.get(key, Hours())).rounded()
        if not difference.is_zero():
            lines.append((key[0], key[1], PayrollLine.Kind.CORRECTION, difference))
    return lines


# --- database side ----------------------------------------------------------------------


def _contracts_by_participant(municipality) -> dict[int, list]:
    from basisbaan.participants.models import EmploymentContract, Participant

    result: dict[int, list] = defaultdict(list)
    for pid, start, end, weekly in EmploymentContract.objects.filter(
        participant__municipality=municipality
    ).values_list("participant_id", "start_date", "end_date", "hours_per_week"):
        result[pid].append((start, end, weekly))
    # In service without a registered contract: the profile's hours from the start.
    for pid, weekly in (
        Participant.objects.filter(municipality=municipality)
        .in_service()
        .exclude(pk__in=list(result))
        .values_list("pk", "contract_hours")
    ):
        if weekly:
            result[pid].append((datetime.date(2000, 1, 1), None, weekly))
    for contracts in result.values():
        contracts.sort(key=lambda c: c[0], reverse=True)
    return result


def current_hours(municipality, periods: list[datetime.date]) -> dict[Key, Hours]:
    """Hours as they are now (approved timesheets, contracts) for each period (month)."""
    if not periods:
        return {}
    from django.db.models.functions import TruncMonth

    start, end = min(periods), calendar.month_end(max(periods))
    wanted = set(periods)
    found: dict[Key, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = (
        TimesheetLine.objects.filter(
            timesheet__participant__municipality=municipality,
            timesheet__status="approved",
            date__range=(start, end),
        )
        .annotate(period=TruncMonth("date"))
        .values("timesheet__participant_id", "period", "kind")
        .annotate(total=Sum("hours"))
    )
    for row in rows:
        period = row["period"]
        if isinstance(period, datetime.datetime):
            period = period.date()
        if period in wanted:
            key = (row["timesheet__participant_id"], period)
            found[key][KIND_TO_FIELD[row["kind"]]] += row["total"]
    contracts = _contracts_by_participant(municipality)
    for pid, their_contracts in contracts.items():
        for period in wanted:
            contracted = contracted_for_month(their_contracts, period)
            if contracted:
                found[(pid, period)]["contracted"] = contracted
    return {key: Hours(**values) for key, values in found.items()}


def exported_hours(municipality, periods) -> dict[Key, Hours]:
    result: dict[Key, Hours] = defaultdict(Hours)
    lines = PayrollLine.objects.filter(
        export__municipality=municipality, period__in=list(periods)
    ).values_list("participant_id", "period", *HOUR_FIELDS)
    for pid, period, *values in lines:
        result[(pid, period)] = result[(pid, period)] + Hours(*values)
    return dict(result)


def exportable_month(municipality, today: datetime.date) -> datetime.date | None:
    """The next month to export: after the last export, and only once it has ended."""
    last = PayrollExport.objects.filter(municipality=municipality).order_by("-month").first()
    if last is not None:
        candidate = calendar.next_month(last.month)
    else:
        candidate = calendar.previous_month(today)
    return candidate if calendar.month_end(candidate) < today else None


def preview(municipality, month: datetime.date) -> list[tuple[int, datetime.date, str, Hours]]:
    locked = list(
        PayrollExport.objects.filter(municipality=municipality, month__lt=month).values_list(
            "month", flat=True
        )
    )
    periods = [*locked, month]
    return compute_lines(
        month, current_hours(municipality, periods), exported_hours(municipality, locked)
    )


def export_month(municipality, month: datetime.date, user, today: datetime.date) -> PayrollExport:
    """Create and lock the export of ``month`` (once; months in order; after month end)."""
    if month != exportable_month(municipality, today):
        raise ValidationError(
            _("This month cannot be exported now: export months in order, after they end.")
        )
    return lock_month(municipality, month, user)


def identities(municipality) -> dict[int, tuple[str, str]]:
    """Per participant id of ``municipality``: (BSN, name) as they go into an export."""
    from basisbaan.participants.models import Participant

    return {
        pk: (bsn, " ".join(part for part in (initials, prefix, surname) if part))
        for pk, bsn, initials, prefix, surname in Participant.objects.filter(
            municipality=municipality
        ).values_list("pk", "bsn", "initials", "prefix", "surname")
    }


def wages_in(municipality) -> Callable[[int, datetime.date], tuple[str, Decimal | None]]:
    """(employer, gross hourly wage) of a participant in a month: the wage of the contract
    on its last day in that month. The wage follows the minimum wage, so a change on the
    first of a month shows in that month's export."""
    from basisbaan.participants.models import EmploymentContract

    tables = wages.Tables()
    terms: dict[int, list] = {}
    contracts: dict[int, list] = defaultdict(list)
    for contract in EmploymentContract.objects.filter(
        participant__municipality=municipality
    ).select_related("employer"):
        contracts[contract.participant_id].append(contract)

    def wage(pid: int, period: datetime.date) -> tuple[str, Decimal | None]:
        last = calendar.month_end(period)
        running = [
            c
            for c in contracts.get(pid, ())
            if c.start_date <= last and (c.end_date is None or c.end_date >= period)
        ]
        if not running:
            return "", None
        contract = max(running, key=lambda c: c.start_date)
        day = min(last, contract.end_date) if contract.end_date else last
        employer = contract.employer
        if employer is None:
            return "", None
        if employer.pk not in terms:
            terms[employer.pk] = wages.terms_of(employer)
        try:
            period_wage = contract.wage_periods(day, day, tables, terms[employer.pk])[0]
        except LookupError:
            return employer.name, None
        return employer.name, period_wage.hourly

    return wage


def new_line(export, pid, period, kind, hours: Hours, people, wage=None) -> PayrollLine:
    """An unsaved line of ``export``; ``people`` from ``identities``: the participant's
    BSN and name are stored with it, as exported; ``wage`` from ``wages_in``."""
    bsn, name = people[pid]
    employer, hourly = wage(pid, period) if wage else ("", None)
    return PayrollLine(
        employer=employer,
        hourly_wage=hourly,
        export=export,
        participant_id=pid,
        period=period,
        kind=kind,
        bsn=bsn,
        name=name,
        **hours.as_dict(),
    )


def lock_month(municipality, month: datetime.date, user) -> PayrollExport:
    """Store the lines of ``month`` as an export (no order check: ``export_month`` does it)."""
    try:
        with transaction.atomic():
            export = PayrollExport.objects.create(
                municipality=municipality, month=month, created_by=user
            )
            people = identities(municipality)
            wage = wages_in(municipality)
            PayrollLine.objects.bulk_create(
                new_line(export, pid, period, kind, hours, people, wage)
                for pid, period, kind, hours in preview(municipality, month)
            )
            audit.created(user, export, fields=["lines"])
    except IntegrityError:
        raise ValidationError(_("This month has already been exported.")) from None
    return export


def withdraw_refusal(export: PayrollExport) -> str:
    """Why ``export`` can no longer be withdrawn, or "" while it can."""
    if export.first_downloaded_at is not None:
        return _(
            "This export was downloaded on %(at)s, so it can no longer be withdrawn: the "
            "payroll system may already have the file. A change now comes as a correction "
            "line in the next export."
        ) % {"at": date_format(timezone.localtime(export.first_downloaded_at), "j F Y H:i")}
    later = PayrollExport.objects.filter(
        municipality_id=export.municipality_id, month__gt=export.month
    ).exists()
    if later:
        return _("A later month is exported after this one: only the last export can be withdrawn.")
    return ""


def withdraw(export: PayrollExport, user) -> datetime.date:
    """Undo the export of a month before its file was ever downloaded: its lines and the
    export go, the month can be exported again. Refused (ValidationError) once
    downloaded, or when a later month is exported. Returns the month."""
    with transaction.atomic():
        # The same row lock as a download: a download and a withdrawal never overlap.
        export = PayrollExport.objects.select_for_update().get(pk=export.pk)
        refusal = withdraw_refusal(export)
        if refusal:
            raise ValidationError(refusal)
        audit.deleted(user, export, fields=["lines"], purpose="withdrawn before download")
        month = export.month
        export.lines.all().delete()
        export.delete()
    return month


FIRST_DOWNLOAD = "first download: the export can no longer be withdrawn"


def record_download(export: PayrollExport, user) -> bool:
    """Note the first download of ``export``; later downloads change nothing. True when
    this was the first (its audit entry says so: ``audit_download``). Locks the export's
    row, so a withdrawal cannot slip in between: call it before the file is made, inside
    the same transaction. Raises ``PayrollExport.DoesNotExist`` when the export was
    withdrawn meanwhile."""
    locked = PayrollExport.objects.select_for_update().get(pk=export.pk)
    if locked.first_downloaded_at is not None:
        return False
    locked.first_downloaded_at = timezone.now()
    locked.first_downloaded_by = user if getattr(user, "is_authenticated", False) else None
    locked.save(update_fields=["first_downloaded_at", "first_downloaded_by"])
    export.first_downloaded_at = locked.first_downloaded_at
    export.first_downloaded_by = locked.first_downloaded_by
    return True


# --- files ------------------------------------------------------------------------------

COLUMNS = [
    "municipality_code",
    "export_month",
    "line_type",
    "period",
    "participant_id",
    "bsn",
    "name",
    "contracted_hours",
    "worked_hours",
    "sick_hours",
    "leave_hours",
    "holiday_hours",
    "other_absence_hours",
    "employer",
    "hourly_wage",
]


def file_rows(export: PayrollExport) -> list[list]:
    """The rows of the files (and the API): the BSN and name stored with each line."""
    rows = []
    # Regular lines first, by participant; then corrections by period and participant.
    ordered = sorted(
        export.lines.all(),
        key=lambda line: (line.kind != PayrollLine.Kind.REGULAR, line.period, line.participant_id),
    )
    for line in ordered:
        rows.append(
            [
                export.municipality.cbs_code,
                f"{export.month:%Y-%m}",
                line.kind,
                f"{line.period:%Y-%m}",
                line.participant_id,
                line.bsn,
                line.name,
                *(getattr(line, name) for name in HOUR_FIELDS),
                line.employer,
                line.hourly_wage,
            ]
        )
    return rows


def audit_download(export: PayrollExport, user, file_format: str, first=None) -> None:
    """Every download of the file (and every fetch over the API) in the audit trail; the
    first one, which ends the time the export can be withdrawn, says so in its entry.
    ``first``: what ``record_download`` answered, when the caller already called it."""
    if first is None:
        try:
            with transaction.atomic():
                first = record_download(export, user)
        except PayrollExport.DoesNotExist:
            first = False  # withdrawn while the file was sent: still recorded below
    purpose = f"payroll {file_format}" + (f"; {FIRST_DOWNLOAD}" if first else "")
    audit.exported(user, export, fields=COLUMNS, purpose=purpose)
    participants = {line.participant for line in export.lines.select_related("participant")}
    for participant in participants:
        audit.exported(user, participant, fields=["bsn", "name", "hours"], purpose="payroll")


def to_csv(export: PayrollExport) -> str:
    """Comma-separated, decimals with a point and two places (docs/payroll-export.md)."""
    return exports.csv_text(file_rows(export), header=COLUMNS, decimals=2)


def to_xlsx(export: PayrollExport) -> bytes:
    """Hours as numbers with format 0.00, the BSN as text (leading zeros kept)."""
    formats = {COLUMNS.index("bsn"): "@"}
    hour_columns = COLUMNS.index("contracted_hours"), COLUMNS.index("hourly_wage")
    formats.update({index: "0.00" for index in range(hour_columns[0], hour_columns[0] + 6)})
    formats[hour_columns[1]] = "0.00"
    return exports.xlsx_bytes(
        file_rows(export), header=COLUMNS, title=f"{export.month:%Y-%m}", number_formats=formats
    )
