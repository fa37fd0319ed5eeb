"""The neighbourhood value chain: per wijk or dorp, what the programme did there and
what it cost, against the providers' liveability ratings.

Per area (a wijk or dorp of the municipality; a buurt counts in its wijk: the wijk
code is the buurt code's first 8 characters with ``WK`` in front, ``BU00140101`` ->
``WK001401``; a buurt without its wijk on record is a row of its own) and period
(whole months):

- **Hours worked**: approved timesheets' ``worked`` lines dated in the period. A line
  that names its catalogue task counts for that task's area. A line without a task
  (the task is optional on a timesheet line) is spread over the tasks of the same
  participant's published plan of that week, in proportion to the planned hours; a
  week without a published plan leaves the line unattributed (shown as a total).
- **Tasks done**: tasks with attributed hours in the period.
- **Participants working there**: people with attributed hours there; **living there**:
  people with an approved timesheet in the period whose home neighbourhood lies there.
  Both are suppressed at 1-4 people, and so are the hours, their cost and the
  per-EUR-1,000 figures of an area where 1-4 people worked (they come close to one
  person's hours).
- **Cost**: each hour × the wage cost per hour on its day: the minimum wage at the
  employer's full-time week (:mod:`basisbaan.tenants.wages`, the rule of
  :mod:`basisbaan.finance.costing`) × (1 + holiday allowance + other components) × (1 +
  employer charges), with the terms of the employer of the municipality's basisbaan
  programme. Guidance and coaching are not included.
- **Liveability**: the monthly reports' rating (1-5) of tasks in the area, averaged per
  quarter (with the number of reports); the change is the latest quarter's average
  minus the first quarter's in the period (both with reports, two quarters at least).
  Ratings are about areas, not people: not suppressed.
- **Per EUR 1,000**: hours / cost × 1,000 and liveability change / cost × 1,000.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.evaluation.aggregates import MIN_GROUP, Figure, count
from basisbaan.evaluation.monitor import current_programme
from basisbaan.tenants.models import Neighbourhood
from basisbaan.tenants.wages import Tables, WagePeriod, row_on, terms_of

ZERO = Decimal(0)
THOUSAND = Decimal(1000)
CENT = Decimal("0.01")
ONE_DECIMAL = Decimal("0.1")
PER_1000_PLACES = Decimal("0.001")
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
AREA_KINDS = (Neighbourhood.Kind.WIJK, Neighbourhood.Kind.DORP)


# --- period --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole months: ``start`` is a month's first day, ``end`` a month's last day."""

    start: datetime.date
    end: datetime.date

    @property
    def from_month(self) -> str:
        return f"{self.start:%Y-%m}"

    @property
    def to_month(self) -> str:
        return f"{self.end:%Y-%m}"

    def quarters(self) -> list[tuple[int, int]]:
        result, day = [], self.start
        while day <= self.end:
            key = (day.year, (day.month - 1) // 3 + 1)
            if key not in result:
                result.append(key)
            day = calendar.next_month(day)
        return result


def parse_month(text) -> datetime.date | None:
    """``"2026-03"`` -> 1 March 2026; None for anything else (or out of range)."""
    text = str(text or "").strip()
    if not MONTH_RE.match(text):
        return None
    try:
        return calendar.parse_date(f"{text}-01")
    except ValueError:
        return None


def period_of(params, today: datetime.date) -> Period:
    """The period from the query (``from``, ``to``: ``YYYY-MM``), by default the last
    12 months up to and including today's; swapped when reversed, at most 10 years."""
    this_month = calendar.month_start(today)
    first = parse_month(params.get("from"))
    last = parse_month(params.get("to"))
    if last is None:
        last = this_month if first is None else calendar.add_months(first, DEFAULT_MONTHS - 1)
    if first is None:
        first = calendar.add_months(last, 1 - DEFAULT_MONTHS)
    if first > last:
        first, last = last, first
    if calendar.add_months(first, MAX_MONTHS - 1) < last:
        first = calendar.add_months(last, 1 - MAX_MONTHS)
    return Period(first, calendar.month_end(last))


# --- areas ----------------------------------------------------------------------------------


def wijk_code(cbs_code: str) -> str:
    """The CBS code of the wijk a buurt lies in (other codes unchanged)."""
    if cbs_code.startswith("BU") and len(cbs_code) == 10:
        return "WK" + cbs_code[2:8]
    return cbs_code


def areas(municipality) -> tuple[list[Neighbourhood], dict[int, int]]:
    """The rows (wijken and dorpen, and buurten without their wijk) and per
    neighbourhood id the id of its row."""
    every = list(Neighbourhood.objects.filter(municipality=municipality).order_by("name", "pk"))
    by_code = {n.cbs_code: n for n in every if n.kind in AREA_KINDS}
    rows, area_of = [], {}
    for n in every:
        if n.kind in AREA_KINDS:
            rows.append(n)
            area_of[n.pk] = n.pk
    for n in every:
        if n.kind not in AREA_KINDS:
            parent = by_code.get(wijk_code(n.cbs_code))
            if parent is None:
                rows.append(n)
                area_of[n.pk] = n.pk
            else:
                area_of[n.pk] = parent.pk
    rows.sort(key=lambda n: (n.name, n.pk))
    return rows, area_of


# --- hours ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hours:
    """Worked hours of one participant on one task on one day."""

    participant_id: int
    task_id: int
    date: datetime.date
    hours: Decimal


def attribute(lines: list[dict], planned: dict) -> tuple[list[Hours], Decimal]:
    """Lines (participant_id, week_start, task_id, date, hours) to hours per task; lines
    without a task spread over ``planned[(participant_id, week_start)]`` = {task_id:
    planned hours}. Returns the hours and the total left unattributed."""
    result, unattributed = [], ZERO
    for line in lines:
        hours = Decimal(line["hours"])
        if line["task_id"]:
            result.append(Hours(line["participant_id"], line["task_id"], line["date"], hours))
            continue
        plan = planned.get((line["participant_id"], line["week_start"]), {})
        total = sum(plan.values(), ZERO)
        if not total:
            unattributed += hours
            continue
        for task_id, planned_hours in sorted(plan.items()):
            share = hours * planned_hours / total
            result.append(Hours(line["participant_id"], task_id, line["date"], share))
    return result, unattributed


def worked_hours(municipality, period: Period) -> tuple[list[Hours], Decimal]:
    """Approved worked hours in the period, attributed to tasks (see the module)."""
    from basisbaan.guidance.models import HourKind, Timesheet, TimesheetLine
    from basisbaan.planning.models import Assignment

    rows = TimesheetLine.objects.filter(
        timesheet__participant__municipality=municipality,
        timesheet__status=Timesheet.Status.APPROVED,
        kind=HourKind.WORKED,
        date__gte=period.start,
        date__lte=period.end,
    ).values_list("timesheet__participant_id", "timesheet__week_start", "task_id", "date", "hours")
    lines = [
        {"participant_id": p, "week_start": w, "task_id": t, "date": d, "hours": h}
        for p, w, t, d, h in rows
    ]
    weeks = {(line["participant_id"], line["week_start"]) for line in lines if not line["task_id"]}
    planned: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    if weeks:
        assignments = Assignment.objects.filter(
            version__week__municipality=municipality,
            version__week__published=F("version"),
            version__week__week_start__in={week for _pid, week in weeks},
            participant_id__in={pid for pid, _week in weeks},
            task__isnull=False,
        ).values_list("participant_id", "version__week__week_start", "task_id", "start", "end")
        for pid, week, task_id, start, end in assignments:
            if (pid, week) in weeks:
                minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
                if minutes > 0:
                    planned[(pid, week)][task_id] += Decimal(minutes) / 60
    return attribute(lines, planned)


# --- cost -----------------------------------------------------------------------------------


class WageCost:
    """The wage cost of one hour on a day for one employer (None without a minimum wage
    or terms on that day), computed once per day."""

    def __init__(self, employer, tables: Tables | None = None):
        self.tables = tables or Tables()
        self.terms = terms_of(employer)
        self._cache: dict[datetime.date, Decimal | None] = {}

    def per_hour(self, day: datetime.date) -> Decimal | None:
        if day not in self._cache:
            wml = row_on(self.tables.wages, day)
            terms = row_on(self.terms, day)
            if wml is None or terms is None:
                self._cache[day] = None
            else:
                period = WagePeriod(day, day, wml, terms, ZERO)
                self._cache[day] = period.hourly * period.components * period.charges
        return self._cache[day]


def per_1000(amount: Decimal | None, cost: Decimal | None, places: Decimal) -> Decimal | None:
    """``amount`` per EUR 1,000 of ``cost`` (None without either)."""
    if amount is None or not cost:
        return None
    return (Decimal(amount) * THOUSAND / cost).quantize(places, rounding=ROUND_HALF_UP)


# --- liveability ----------------------------------------------------------------------------


def liveability_by_quarter(municipality, period: Period, area_of: dict[int, int]) -> dict:
    """Per area id: {(year, quarter): (sum of ratings, number of reports)}."""
    from basisbaan.communitytasks.models import MonthlyReport

    result: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    rows = MonthlyReport.objects.filter(
        task__municipality=municipality, month__gte=period.start, month__lte=period.end
    ).values_list("task__neighbourhood_id", "month", "liveability")
    for neighbourhood_id, month, rating in rows:
        if rating is None or neighbourhood_id not in area_of:
            continue
        cell = result[area_of[neighbourhood_id]][(month.year, (month.month - 1) // 3 + 1)]
        cell[0] += rating
        cell[1] += 1
    return result


def quarter_averages(cells: dict, quarters: list[tuple[int, int]]) -> list[dict]:
    """The quarters of the period with their average (one decimal) and reports."""
    result = []
    for year, quarter in quarters:
        total, reports = cells.get((year, quarter), (0, 0))
        average = (
            (Decimal(total) / reports).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
            if reports
            else None
        )
        result.append({"label": f"{year} Q{quarter}", "average": average, "reports": reports})
    return result


def change(quarters: list[dict]) -> Decimal | None:
    """The latest rated quarter's average minus the first one's (two quarters at least)."""
    rated = [q["average"] for q in quarters if q["average"] is not None]
    if len(rated) < 2:
        return None
    return rated[-1] - rated[0]


# --- the table ------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    cbs_code: str
    kind: str
    tasks_done: int
    hours: Figure
    cost: Figure
    living: Figure
    working: Figure
    quarters: list[dict]
    liveability_change: Decimal | None
    hours_per_1000: Figure
    change_per_1000: Figure
    reports: int = 0

    @property
    def covered(self) -> bool:
        """Whether any task ran there in the period (approved hours worked)."""
        return self.tasks_done > 0


@dataclass
class Chain:
    period: Period
    rows: list[Row]
    total_hours: Figure
    total_cost: Figure
    unattributed_hours: Decimal
    cost_missing: bool
    quarters: list[str] = field(default_factory=list)
    min_group: int = MIN_GROUP

    @property
    def covered(self) -> int:
        return sum(1 for row in self.rows if row.covered)


def _hidden(value, n: int) -> Figure:
    """A figure over ``n`` people, hidden at 1-4 people."""
    if 0 < n < MIN_GROUP:
        return Figure(None, n, suppressed=True)
    return Figure(value, n)


def _living(municipality, period: Period, area_of: dict[int, int]) -> dict[int, set]:
    from basisbaan.guidance.models import Timesheet

    rows = (
        Timesheet.objects.filter(
            participant__municipality=municipality,
            status=Timesheet.Status.APPROVED,
            week_start__gte=calendar.monday(period.start),
            week_start__lte=period.end,
            participant__home_neighbourhood__isnull=False,
        )
        .values_list("participant_id", "participant__home_neighbourhood_id")
        .distinct()
    )
    result: dict[int, set] = defaultdict(set)
    for pid, home in rows:
        if home in area_of:
            result[area_of[home]].add(pid)
    return result


def build(municipality, period: Period, today: datetime.date) -> Chain:
    """The value chain of every area of ``municipality`` over ``period``."""
    from basisbaan.communitytasks.models import Task

    rows, area_of = areas(municipality)
    hours, unattributed = worked_hours(municipality, period)
    task_area = {
        pk: area_of.get(nid)
        for pk, nid in Task.objects.filter(
            municipality=municipality, pk__in={h.task_id for h in hours}
        ).values_list("pk", "neighbourhood_id")
    }
    programme = current_programme(municipality, min(today, period.end)) or current_programme(
        municipality, today
    )
    wages = WageCost(programme.employer if programme else None)
    per_area: dict = defaultdict(
        lambda: {"hours": ZERO, "cost": ZERO, "people": set(), "tasks": set()}
    )
    cost_missing = False
    for h in hours:
        area = task_area.get(h.task_id)
        if area is None:
            unattributed += h.hours
            continue
        cell = per_area[area]
        cell["hours"] += h.hours
        cell["people"].add(h.participant_id)
        cell["tasks"].add(h.task_id)
        rate = wages.per_hour(h.date)
        if rate is None:
            cost_missing = True
        else:
            cell["cost"] += h.hours * rate
    living = _living(municipality, period, area_of)
    ratings = liveability_by_quarter(municipality, period, area_of)
    quarters = period.quarters()
    result = []
    for area in rows:
        cell = per_area.get(area.pk, {"hours": ZERO, "cost": ZERO, "people": set(), "tasks": set()})
        n = len(cell["people"])
        worked = cell["hours"].quantize(CENT, rounding=ROUND_HALF_UP)
        cost = None if cost_missing else cell["cost"].quantize(CENT, rounding=ROUND_HALF_UP)
        by_quarter = quarter_averages(ratings.get(area.pk, {}), quarters)
        moved = change(by_quarter)
        result.append(
            Row(
                name=area.name,
                cbs_code=area.cbs_code,
                kind=area.get_kind_display(),
                tasks_done=len(cell["tasks"]),
                hours=_hidden(worked, n),
                cost=_hidden(cost, n),
                living=count(len(living.get(area.pk, ()))),
                working=count(n),
                quarters=by_quarter,
                liveability_change=moved,
                hours_per_1000=_hidden(per_1000(worked, cost, ONE_DECIMAL), n),
                change_per_1000=_hidden(per_1000(moved, cost, PER_1000_PLACES), n),
                reports=sum(q["reports"] for q in by_quarter),
            )
        )
    total_hours, total_cost = _totals(per_area, result, cost_missing)
    return Chain(
        period=period,
        rows=result,
        total_hours=total_hours,
        total_cost=total_cost,
        unattributed_hours=unattributed.quantize(CENT, rounding=ROUND_HALF_UP),
        cost_missing=cost_missing,
        quarters=[f"{y} Q{q}" for y, q in quarters],
    )


def _totals(per_area: dict, rows: list[Row], cost_missing: bool) -> tuple[Figure, Figure]:
    """Hours and cost over all areas; hidden when the hidden areas' people together are
    fewer than ``MIN_GROUP`` (the total minus the shown rows would give them away)."""
    people = set().union(*(c["people"] for c in per_area.values())) if per_area else set()
    hidden = sum(row.working.n for row in rows if row.hours.suppressed)
    hours = sum((c["hours"] for c in per_area.values()), ZERO).quantize(CENT)
    cost = (
        None if cost_missing else sum((c["cost"] for c in per_area.values()), ZERO).quantize(CENT)
    )
    if 0 < hidden < MIN_GROUP or 0 < len(people) < MIN_GROUP:
        return (
            Figure(None, len(people), suppressed=True),
            Figure(None, len(people), suppressed=True),
        )
    return Figure(hours, len(people)), Figure(cost, len(people))


# --- the file -------------------------------------------------------------------------------

COLUMNS = [
    ("name", _("Neighbourhood")),
    ("cbs_code", _("CBS code")),
    ("kind", _("Kind")),
    ("covered", _("Task ran there")),
    ("tasks_done", _("Tasks done")),
    ("hours", _("Hours worked")),
    ("cost", _("Wage cost (EUR)")),
    ("working", _("Participants working there")),
    ("living", _("Participants living there")),
    ("first", _("Liveability, first quarter")),
    ("latest", _("Liveability, latest quarter")),
    ("change", _("Liveability change")),
    ("reports", _("Reports")),
    ("hours_per_1000", _("Hours per EUR 1,000")),
    ("change_per_1000", _("Liveability change per EUR 1,000")),
]


def _cell(f: Figure):
    if f.suppressed:
        return f"< {MIN_GROUP}"
    return f.value


def table_rows(chain: Chain) -> list[list]:
    """The rows of the XLSX file (hidden figures as "< 5", no data empty)."""
    out = []
    for row in chain.rows:
        rated = [q["average"] for q in row.quarters if q["average"] is not None]
        out.append(
            [
                row.name,
                row.cbs_code,
                str(row.kind),
                str(_("yes") if row.covered else _("no")),
                row.tasks_done,
                _cell(row.hours),
                _cell(row.cost),
                _cell(row.working),
                _cell(row.living),
                rated[0] if rated else None,
                rated[-1] if rated else None,
                row.liveability_change,
                row.reports,
                _cell(row.hours_per_1000),
                _cell(row.change_per_1000),
            ]
        )
    return out


def header() -> list[str]:
    return [str(label) for _key, label in COLUMNS]
