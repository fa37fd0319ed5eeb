"""The pseudonymised research dataset: one row per participant ever in service.

Rows are keyed by ``Participant.pseudonym`` only. No name, BSN, date of birth,
address, postcode, phone or e-mail is read into a row: age is a five-year band,
the home area a CBS wijk code, dates are months. Rows are sorted by pseudonym so
their order reveals nothing about registration order.

What leaves the building is :func:`anonymised`: the rows made k-anonymous (k >= ``K``)
on the quasi-identifiers ``QUASI_IDENTIFIERS`` by :mod:`basisbaan.evaluation.anonymity`
(generalisation along ``ladders``, then suppression). Every download is recorded with
``audit.exported`` on the municipality, naming the columns and the purpose the
researcher gave.
"""

import datetime
from decimal import Decimal

from django.db.models import Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.audit import api as audit
from basisbaan.core import exports
from basisbaan.evaluation import anonymity
from basisbaan.evaluation.monitor import CONTRACT_STATUSES, sick_leave_pct
from basisbaan.guidance.models import CheckIn, HourKind, Timesheet, TimesheetLine
from basisbaan.participants.models import EmploymentContract, Participant, Status, StatusChange

# k-anonymity: every combination of quasi-identifier values occurs in at least K rows;
# at most this share of the rows may be dropped instead of generalising further.
K = 5
MAX_SUPPRESSED_SHARE = 0.05

# The documented column list: (column name, what it holds). Shown on the dataset page.
COLUMNS = [
    ("pseudonym", _("The participant's research code. Never a name or BSN.")),
    (
        "age_band",
        _("Age at the start of service in bands, e.g. 45-49 (wider when generalised)."),
    ),
    (
        "home_wijk",
        _(
            "CBS code of the home wijk (WK and six digits); a buurt is given as its wijk. "
            "When generalised: the municipality's code."
        ),
    ),
    (
        "start_month",
        _("Month the first employment started (YYYY-MM; generalised: YYYY-Qn or YYYY)."),
    ),
    (
        "status",
        _("Current status code: employed, permanent, long_term_sick or exited (or another stage)."),
    ),
    (
        "exit_reason",
        _("Coded exit reason when exited (e.g. regular_job, health, own_choice); else empty."),
    ),
    ("months_in_service", _("Whole months from the start to the exit, or to the download date.")),
    ("contract_hours", _("Contracted hours per week (the latest contract).")),
    (
        "sick_leave_pct",
        _("Sick hours as a percentage of contracted hours over all approved timesheets."),
    ),
    ("who5_first", _("WHO-5 well-being index (0-100) at the first check-in that measured it.")),
    ("who5_latest", _("WHO-5 well-being index (0-100) at the latest check-in that measured it.")),
    ("health_first", _("Self-rated health (1-5) at the first check-in that asked it.")),
    ("health_latest", _("Self-rated health (1-5) at the latest check-in that asked it.")),
    (
        "income_above_norm_latest",
        _("At the latest check-in with income: net income above the bijstand norm (yes/no)."),
    ),
]
FIELDS = [name for name, _description in COLUMNS]

# The quasi-identifiers: the columns that describe the person and that someone who knows
# them could know too (age, home, when they started, their hours, whether, why and when
# they left). The other columns are measured outcomes (sick leave, WHO-5, health, income)
# and are not generalised; the pseudonym is the research key.
QUASI_IDENTIFIERS = [
    "age_band",
    "home_wijk",
    "start_month",
    "status",
    "exit_reason",
    "contract_hours",
    "months_in_service",
]
IN_PROGRAMME = "in_programme"  # status generalised: not exited (any stage)


def ladders(municipality_code: str) -> list[anonymity.Ladder]:
    """The generalisation ladder of every quasi-identifier, finest level first."""
    L = anonymity.Ladder
    return [
        L(
            "age_band",
            (anonymity.band(10), anonymity.band(20), anonymity.to_all),
            (_("5 years"), _("10 years"), _("20 years"), _("not given")),
        ),
        L(
            "home_wijk",
            (anonymity.constant(municipality_code, keep_blank=False),),
            (_("wijk"), _("municipality")),
        ),
        L(
            "start_month",
            (anonymity.quarter, anonymity.year, anonymity.to_all),
            (_("month"), _("quarter"), _("year"), _("not given")),
        ),
        L(
            "status",
            (anonymity.grouped({Status.EXITED: Status.EXITED}, IN_PROGRAMME), anonymity.to_all),
            (_("status"), _("exited or not"), _("not given")),
        ),
        L("exit_reason", (anonymity.to_all,), (_("reason"), _("not given"))),
        L(
            "contract_hours",
            (anonymity.band(8), anonymity.to_all),
            (_("hours"), _("8-hour bands"), _("not given")),
        ),
        L(
            "months_in_service",
            (anonymity.band(12), anonymity.band(36), anonymity.to_all),
            (_("months"), _("12-month bands"), _("36-month bands"), _("not given")),
        ),
    ]


def age_band(birth_date: datetime.date, on: datetime.date) -> str:
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    low = (age // 5) * 5
    return f"{low}-{low + 4}"


def wijk_code(cbs_code: str | None) -> str:
    """The wijk code of a neighbourhood code (a buurt BU + 8 digits lies in wijk WK + 6)."""
    if not cbs_code:
        return ""
    if cbs_code.startswith("BU"):
        return "WK" + cbs_code[2:8]
    return cbs_code


def whole_months(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(0, months)


def ever_in_service(municipality):
    """Participants of ``municipality`` who ever had a job in the programme."""
    return (
        Participant.objects.filter(municipality=municipality)
        .filter(
            Q(status__in=CONTRACT_STATUSES)
            | Q(pk__in=StatusChange.objects.filter(to_status=Status.EMPLOYED).values("participant"))
            | Q(pk__in=EmploymentContract.objects.values("participant"))
        )
        .order_by("pseudonym")
    )


def _day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def _first_and_latest(rows, field_name: str) -> dict[int, tuple]:
    found: dict[int, list] = {}
    for row in rows:  # ordered by date, pk
        value = row[field_name]
        if value is None:
            continue
        pid = row["participant_id"]
        if pid not in found:
            found[pid] = [value, value]
        else:
            found[pid][1] = value
    return {pid: tuple(pair) for pid, pair in found.items()}


def rows(municipality, today: datetime.date) -> list[dict]:
    """The dataset's rows (dicts keyed by ``FIELDS``), sorted by pseudonym."""
    # Only these fields of Participant are read: never a name, BSN, address or contact.
    people = list(
        ever_in_service(municipality).values(
            "pk",
            "pseudonym",
            "birth_date",
            "status",
            "exit_reason",
            "contract_hours",
            "home_neighbourhood__cbs_code",
        )
    )
    ids = [p["pk"] for p in people]
    changes = StatusChange.objects.filter(participant_id__in=ids)
    started = dict(
        changes.filter(to_status=Status.EMPLOYED)
        .values_list("participant_id")
        .annotate(first=Min("at"))
        .order_by()
    )
    exited = dict(
        changes.filter(to_status=Status.EXITED)
        .values_list("participant_id")
        .annotate(last=Max("at"))
        .order_by()
    )
    contract_start, contract_hours = {}, {}
    for pid, start, hours in (
        EmploymentContract.objects.filter(participant_id__in=ids)
        .order_by("participant_id", "start_date", "pk")
        .values_list("participant_id", "start_date", "hours_per_week")
    ):
        contract_start.setdefault(pid, start)
        contract_hours[pid] = hours
    sheets = Timesheet.objects.filter(participant_id__in=ids, status=Timesheet.Status.APPROVED)
    contracted = dict(
        sheets.values_list("participant_id").annotate(total=Sum("contract_hours")).order_by()
    )
    sick = dict(
        TimesheetLine.objects.filter(timesheet__in=sheets, kind=HourKind.SICK)
        .values_list("timesheet__participant_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    checkins = list(
        CheckIn.objects.filter(participant_id__in=ids, held=True, date__lte=today)
        .order_by("participant_id", "date", "pk")
        .values("participant_id", "who5_raw", "self_rated_health", "net_income_eur", "norm_eur")
    )
    who5 = _first_and_latest(checkins, "who5_raw")
    health = _first_and_latest(checkins, "self_rated_health")
    income = {}
    for row in checkins:
        if row["net_income_eur"] is not None and row["norm_eur"] is not None:
            income[row["participant_id"]] = row["net_income_eur"] > row["norm_eur"]

    result = []
    for p in people:
        pid = p["pk"]
        candidates = [d for d in (started.get(pid), contract_start.get(pid)) if d is not None]
        start = min(
            (_day(d) for d in candidates),
            default=None,
        )
        end = today
        if p["status"] == Status.EXITED and pid in exited:
            end = _day(exited[pid])
        sick_pct = sick_leave_pct(sick.get(pid, Decimal(0)), contracted.get(pid))
        result.append(
            {
                "pseudonym": p["pseudonym"],
                "age_band": age_band(p["birth_date"], start or today),
                "home_wijk": wijk_code(p["home_neighbourhood__cbs_code"]),
                "start_month": f"{start:%Y-%m}" if start else "",
                "status": p["status"],
                "exit_reason": p["exit_reason"] if p["status"] == Status.EXITED else "",
                "months_in_service": whole_months(start, end) if start else "",
                "contract_hours": contract_hours.get(pid, p["contract_hours"]),
                "sick_leave_pct": sick_pct if sick_pct is not None else "",
                "who5_first": who5[pid][0] * 4 if pid in who5 else "",
                "who5_latest": who5[pid][1] * 4 if pid in who5 else "",
                "health_first": health[pid][0] if pid in health else "",
                "health_latest": health[pid][1] if pid in health else "",
                "income_above_norm_latest": (
                    ("yes" if income[pid] else "no") if pid in income else ""
                ),
            }
        )
    return result


def to_csv(data: list[dict]) -> str:
    return exports.csv_text(([row[name] for name in FIELDS] for row in data), header=FIELDS)


def to_xlsx(data: list[dict]) -> bytes:
    return exports.xlsx_bytes(
        ([row[name] for name in FIELDS] for row in data), header=FIELDS, title="dataset"
    )


def anonymised(municipality, today: datetime.date) -> anonymity.Result:
    """The rows that may be downloaded: k-anonymous (k >= ``K``) on ``QUASI_IDENTIFIERS``."""
    return anonymity.anonymise(
        rows(municipality, today),
        ladders(municipality.cbs_code),
        k=K,
        max_suppressed_share=MAX_SUPPRESSED_SHARE,
    )


def levels_shown(result: anonymity.Result, municipality_code: str = "") -> list[dict]:
    """Per quasi-identifier the generalisation level chosen, for the dataset page."""
    return [
        {
            "column": ladder.column,
            "level": result.levels[ladder.column],
            "top": ladder.top,
            "label": ladder.label(result.levels[ladder.column]),
        }
        for ladder in ladders(municipality_code)
    ]


def record_download(user, municipality, purpose: str):
    """One audit entry per download: the municipality's dataset, its column names and
    the purpose the researcher gave."""
    return audit.exported(user, municipality, fields=FIELDS, purpose=purpose)
