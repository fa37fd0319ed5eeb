"""The programme monitor: aggregate figures on the evaluation themes of one municipality.

Themes: size against target and growth target, intake and waiting list, drop-out,
sick leave, well-being (WHO-5), income against the bijstand norm, self-rated health,
liveability per neighbourhood and cost against budget.

Every figure is an aggregate over a group of people. A group smaller than
``MIN_GROUP`` is suppressed (shown as "< 5") so no figure can point at one person:
counts of 1-4 people, averages over fewer than 5 people and shares whose part
(1-4) or whole (< 5) is that small. The monitor reads across the whole
municipality on purpose (the view checks ``evaluation.view_monitor`` there); it
never returns a row about one person, so no object-level scoping applies.

The arithmetic is in small pure functions (``count``, ``mean``, ``share``,
``sick_leave_pct``, ...) unit-tested on hand-made numbers; the
query functions only collect the inputs.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext

from basisbaan.core import calendar
from basisbaan.evaluation import outcomes, periods
from basisbaan.evaluation.aggregates import (  # noqa: F401 - the monitor's figures API
    CENT,
    HUNDRED,
    MIN_GROUP,
    ONE_DECIMAL,
    Figure,
    count,
    mean,
    pct,
    quarter_of,
    share,
)
from basisbaan.finance import budgets
from basisbaan.guidance.models import HourKind, Timesheet, TimesheetLine
from basisbaan.guidance.wellbeing import WHO5_POOR_BELOW_RAW
from basisbaan.participants import figures, followups
from basisbaan.participants.models import (
    FOLLOW_UP_MONTHS,
    ExitReason,
    FollowUp,
    Participant,
    Status,
    StatusChange,
)
from basisbaan.tenants.models import Programme

# Participants holding an employment contract (long-term sick people keep theirs).
CONTRACT_STATUSES = (Status.EMPLOYED, Status.PERMANENT, Status.LONG_TERM_SICK)
PIPELINE = (Status.REFERRED, Status.SCREENING, Status.INTAKE, Status.WAITING_LIST, Status.MATCHING)
# Paid hours that count as wage cost.
PAID_KINDS = (HourKind.WORKED, HourKind.SICK, HourKind.LEAVE)


# --- size, pipeline, drop-out --------------------------------------------------------------


def current_programme(municipality, today: datetime.date) -> Programme | None:
    """The municipality's basisbaan programme running on ``today`` (the oldest if several)."""
    return (
        Programme.objects.filter(
            municipality=municipality, kind=Programme.Kind.BASISBAAN, start_date__lte=today
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by("start_date", "pk")
        .first()
    )


def _exits_from_service(municipality, since: datetime.date, until: datetime.date, programme=None):
    exits = StatusChange.objects.filter(
        participant__municipality=municipality,
        to_status=Status.EXITED,
        from_status__in=CONTRACT_STATUSES,
        at__date__gte=since,
        at__date__lte=until,
    )
    return exits.filter(participant__programme=programme) if programme is not None else exits


def left_in(municipality, since: datetime.date, until: datetime.date, programme=None) -> int:
    """People who left service (exited from a contract status) in the period, each once."""
    exits = _exits_from_service(municipality, since, until, programme)
    return exits.values("participant").distinct().count()


def status_counts(municipality) -> dict[str, int]:
    rows = (
        Participant.objects.filter(municipality=municipality)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {status: n for status, n in rows}


@dataclass
class Size:
    in_service: Figure
    long_term_sick: Figure
    target_jobs: int
    growth_target: int
    started_this_year: Figure
    left_this_year: Figure
    net_growth: Figure
    target_bar: str = ""
    growth_bar: str = ""
    in_service_definition: str = figures.IN_SERVICE_DEFINITION
    started_definition: str = figures.STARTED_DEFINITION
    # The period of "started", "left" and "net growth" (by default this year so far).
    start: datetime.date | None = None
    end: datetime.date | None = None


def size(
    municipality,
    params,
    today: datetime.date,
    statuses: dict[str, int],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Size:
    """In service now against the target, and the growth in the period (by default this
    year up to today) against the growth target. The fields keep their historic names
    (``started_this_year``): they hold the period's figures.

    "In service" and "started" are :mod:`basisbaan.participants.figures`, the
    definitions the waiting-list page uses too."""
    in_service = figures.in_service(municipality)
    start = start or datetime.date(today.year, 1, 1)
    end = end or today
    started = figures.started_in(municipality, start, end)
    left = left_in(municipality, start, end)
    net = started - left
    target = params.target_jobs if params else 0
    growth = params.growth_target_per_year if params else 0
    result = Size(
        in_service=count(in_service),
        long_term_sick=count(statuses.get(Status.LONG_TERM_SICK, 0)),
        target_jobs=target,
        growth_target=growth,
        started_this_year=count(started),
        left_this_year=count(left),
        # A difference of two counts: shown only when both counts are.
        net_growth=Figure(
            net, started, suppressed=(0 < started < MIN_GROUP) or (0 < left < MIN_GROUP)
        ),
        start=start,
        end=end,
    )
    if target and result.in_service.shown:
        result.target_bar = Figure(pct(in_service, target), in_service).bar
    if growth and result.net_growth.shown:
        result.growth_bar = Figure(pct(max(net, 0), growth), started).bar
    return result


def pipeline(statuses: dict[str, int]) -> list[dict]:
    labels = dict(Status.choices)
    return [
        {"status": s, "label": labels[s], "figure": count(statuses.get(s, 0))} for s in PIPELINE
    ]


@dataclass
class DropOut:
    rows: list[dict]
    total: Figure
    total_share: Figure
    base: int
    since: datetime.date


def dropout_table(by_reason: dict[str, int], base: int) -> tuple[list[dict], Figure, Figure]:
    """Exits per coded reason, as count and share of ``base`` (people in service in the period).

    Besides the small cells themselves, enough other cells are hidden that the total
    minus the shown cells cannot give away a small group (secondary suppression): the
    hidden cells together hold at least ``MIN_GROUP`` people, else the total is hidden.
    """
    labels = dict(ExitReason.choices)
    rows = []
    for reason in [*ExitReason.values, *sorted(set(by_reason) - set(ExitReason.values))]:
        n = by_reason.get(reason, 0)
        rows.append(
            {
                "reason": reason or "unknown",
                "label": labels.get(reason, reason or "-"),
                "n": n,
                "count": count(n),
                "share": share(n, base),
            }
        )
    total = sum(by_reason.values())
    total_count, total_share = count(total), share(total, base)
    hidden = sum(r["n"] for r in rows if r["count"].suppressed or r["share"].suppressed)
    if hidden and total_count.shown:
        shown = sorted(
            (r for r in rows if r["n"] and r["count"].shown and r["share"].shown),
            key=lambda r: (r["n"], r["reason"]),
        )
        while hidden < MIN_GROUP and shown:
            row = shown.pop(0)
            row["count"] = Figure(None, row["n"], suppressed=True)
            row["share"] = Figure(None, base, suppressed=True)
            hidden += row["n"]
        if hidden < MIN_GROUP:
            total_count = Figure(None, total, suppressed=True)
            total_share = Figure(None, base, suppressed=True)
    return rows, total_count, total_share


def exits_by_reason(exits) -> dict[str, int]:
    by_reason = defaultdict(int)
    for reason, n in (
        exits.values_list("exit_reason").annotate(n=Count("participant", distinct=True)).order_by()
    ):
        by_reason[reason] += n
    return dict(by_reason)


def dropout(municipality, today: datetime.date) -> DropOut:
    """Exits from service in the last 12 months by reason, against everyone in service then."""
    since = today - datetime.timedelta(days=365)
    exits = _exits_from_service(municipality, since, today)
    base = (
        Participant.objects.filter(municipality=municipality)
        .filter(Q(status__in=CONTRACT_STATUSES) | Q(pk__in=exits.values("participant")))
        .count()
    )
    rows, total, total_share = dropout_table(exits_by_reason(exits), base)
    return DropOut(rows, total, total_share, base, since)


def dropout_in(municipality, start, end, programme=None) -> DropOut:
    """Exits from service in a chosen period by reason, against everyone under contract
    at some time in the period (:func:`periods.under_contract`)."""
    exits = _exits_from_service(municipality, start, end, programme)
    base = len(periods.under_contract(municipality, start, end, programme))
    rows, total, total_share = dropout_table(exits_by_reason(exits), base)
    return DropOut(rows, total, total_share, base, start)


# --- where participants came from ----------------------------------------------------------


@dataclass
class Sources:
    rows: list[dict]
    total: Figure


def source_table(by_source: dict[str, int], own_label: str) -> Sources:
    """Participants per referral source (a partner's name, or ``own_label`` for the
    programme's own intake), as count and share of everyone. Small cells are hidden,
    and enough others with them that the total minus the shown cells cannot give a small
    group away (secondary suppression, as in :func:`dropout_table`)."""
    total = sum(by_source.values())
    names = sorted(name for name in by_source if name is not None)
    rows = []
    for name in [*names, None]:
        n = by_source.get(name, 0)
        rows.append(
            {
                "label": own_label if name is None else name,
                "own": name is None,
                "n": n,
                "count": count(n),
                "share": share(n, total),
            }
        )
    total_count = count(total)
    hidden = sum(r["n"] for r in rows if r["count"].suppressed or r["share"].suppressed)
    if hidden and total_count.shown:
        shown = sorted(
            (r for r in rows if r["n"] and r["count"].shown and r["share"].shown),
            key=lambda r: (r["n"], r["label"]),
        )
        while hidden < MIN_GROUP and shown:
            row = shown.pop(0)
            row["count"] = Figure(None, row["n"], suppressed=True)
            row["share"] = Figure(None, total, suppressed=True)
            hidden += row["n"]
        if hidden < MIN_GROUP:
            total_count = Figure(None, total, suppressed=True)
    return Sources(rows, total_count)


def referral_sources(municipality) -> Sources:
    """Everyone registered as participant by where they came from: the referral partner
    that referred them, or the programme's own intake (no partner)."""
    by_source: dict[str | None, int] = defaultdict(int)
    for name, n in (
        Participant.objects.filter(municipality=municipality)
        .values_list("referral_source__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_source[name] += n
    return source_table(dict(by_source), gettext("No partner (own intake)"))


# --- after the exit -------------------------------------------------------------------------


def follow_ups(municipality) -> tuple[list[dict], list[tuple[str, list[Figure]]]]:
    """Outcomes of the follow-ups after an exit, per follow-up moment: the counts per
    outcome (suppressed under five people, and all of a moment when its total is small)."""
    blocks = []
    for months in FOLLOW_UP_MONTHS:
        counts = followups.outcome_counts(municipality, months)
        blocks.append({"months": months, "counts": counts, "total": count(sum(counts.values()))})
    rows = [
        (label, [count(block["counts"].get(outcome, 0)) for block in blocks])
        for outcome, label in FollowUp.Outcome.choices
    ]
    for column, block in enumerate(blocks):
        # A hidden cell could be worked out as the total minus the others: hide the total.
        if any(cells[column].suppressed for _label, cells in rows):
            block["total"] = Figure(None, block["total"].n, suppressed=True)
    return blocks, rows


# --- sick leave ------------------------------------------------------------------------------


def sick_leave_pct(sick_hours, contracted_hours) -> Decimal | None:
    """Sick hours as a percentage of contracted hours (one decimal)."""
    return pct(sick_hours, contracted_hours)


def sick_leave(municipality, today: datetime.date, weeks: int) -> Figure:
    """Sick leave over the last ``weeks`` whole weeks before this one, from approved
    timesheets: sick hours / contracted hours."""
    end = calendar.monday(today)
    start = end - datetime.timedelta(weeks=weeks)
    sheets = Timesheet.objects.filter(
        participant__municipality=municipality,
        status=Timesheet.Status.APPROVED,
        week_start__gte=start,
        week_start__lt=end,
    )
    contracted = sheets.aggregate(total=Sum("contract_hours"))["total"] or Decimal(0)
    sick = TimesheetLine.objects.filter(timesheet__in=sheets, kind=HourKind.SICK).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    people = sheets.values("participant").distinct().count()
    if people == 0:
        return Figure(None, 0)
    if people < MIN_GROUP:
        return Figure(None, people, suppressed=True)
    return Figure(sick_leave_pct(sick, contracted), people)


# --- well-being, income, health ----------------------------------------------------------------


def latest_by_participant(rows: Iterable[dict], field_name: str) -> dict[int, dict]:
    """Per participant the latest row (by date, then pk) with ``field_name`` filled in."""
    latest: dict[int, dict] = {}
    for row in rows:
        if row.get(field_name) is None:
            continue
        pid = row["participant_id"]
        known = latest.get(pid)
        if known is None or (row["date"], row["pk"]) > (known["date"], known["pk"]):
            latest[pid] = row
    return latest


def who5_summary(raw_scores: Sequence[int]) -> tuple[Figure, Figure]:
    """Average WHO-5 index (0-100) and the share with poor well-being (raw < 13)."""
    average = mean((raw * 4 for raw in raw_scores), places=ONE_DECIMAL)
    poor = sum(1 for raw in raw_scores if raw < WHO5_POOR_BELOW_RAW)
    return average, share(poor, len(raw_scores))


def income_above_norm(rows: Iterable[dict]) -> Figure:
    """Share of people whose net income lies above the bijstand norm."""
    rows = list(rows)
    above = sum(1 for r in rows if r["net_income_eur"] > r["norm_eur"])
    return share(above, len(rows))


def quarters_back(today: datetime.date, n: int) -> list[tuple[int, int]]:
    """The last ``n`` quarters up to and including today's, oldest first."""
    year, quarter = quarter_of(today)
    result = []
    for _ in range(n):
        result.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return result[::-1]


def who5_trend(rows: Iterable[dict], quarters: Sequence[tuple[int, int]]) -> list[dict]:
    """Per quarter: each person's latest WHO-5 in that quarter, averaged."""
    by_quarter: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in rows:
        by_quarter[quarter_of(row["date"])].append(row)
    trend = []
    for year, quarter in quarters:
        latest = latest_by_participant(by_quarter.get((year, quarter), []), "who5_raw")
        average, poor = who5_summary([r["who5_raw"] for r in latest.values()])
        trend.append({"label": f"{year} Q{quarter}", "average": average, "poor": poor})
    return trend


CHECKIN_FIELDS = (
    "pk",
    "participant_id",
    "date",
    "who5_raw",
    "self_rated_health",
    "net_income_eur",
    "norm_eur",
)


def _checkin_rows(queryset) -> list[dict]:
    rows = []
    for row in queryset.values(*CHECKIN_FIELDS):
        if row["net_income_eur"] is None or row["norm_eur"] is None:
            row["net_income_eur"] = row["norm_eur"] = None
        rows.append(row)
    return rows


@dataclass
class WellBeing:
    who5: Figure
    poor: Figure
    income: Figure
    health: Figure
    trend: list[dict] = field(default_factory=list)


def wellbeing(
    municipality, today: datetime.date, quarters: int = 8, span: list | None = None
) -> WellBeing:
    """Latest check-in of everyone under contract now; the WHO-5 trend of all check-ins
    over the last ``quarters`` quarters, or the quarters ``span`` [(year, quarter)]."""
    from basisbaan.guidance.models import CheckIn

    held = CheckIn.objects.filter(
        participant__municipality=municipality, held=True, date__lte=today
    )
    current = _checkin_rows(held.filter(participant__status__in=CONTRACT_STATUSES))
    who5 = latest_by_participant(current, "who5_raw")
    average, poor = who5_summary([r["who5_raw"] for r in who5.values()])
    income = income_above_norm(latest_by_participant(current, "net_income_eur").values())
    health = mean(
        r["self_rated_health"] for r in latest_by_participant(current, "self_rated_health").values()
    )
    span = span or quarters_back(today, quarters)
    first_day = datetime.date(span[0][0], 3 * span[0][1] - 2, 1)
    last_day = calendar.month_end(datetime.date(span[-1][0], 3 * span[-1][1], 1))
    trend = who5_trend(
        _checkin_rows(held.filter(date__gte=first_day, date__lte=last_day, who5_raw__isnull=False)),
        span,
    )
    return WellBeing(average, poor, income, health, trend)


# --- liveability -----------------------------------------------------------------------------


def liveability(
    municipality,
    today: datetime.date,
    months: int = 6,
    since: datetime.date | None = None,
) -> list[dict]:
    """Average liveability rating (1-5) per neighbourhood from the task providers' monthly
    reports of the last ``months`` months, or of the months from ``since`` up to
    ``today``. Ratings are about neighbourhoods, not people: the number of reports is
    shown next to each average."""
    from basisbaan.communitytasks.models import MonthlyReport

    # a window of ``months`` months, or the months from ``since``
    since = calendar.add_months(today, 1 - months) if since is None else calendar.month_start(since)
    rows = (
        MonthlyReport.objects.filter(
            task__municipality=municipality, month__gte=since, month__lte=today
        )
        .values("task__neighbourhood__name", "task__neighbourhood__cbs_code")
        .annotate(
            average=Avg("liveability"), reports=Count("pk"), tasks=Count("task", distinct=True)
        )
        .order_by("task__neighbourhood__name")
    )
    result = []
    for row in rows:
        average = Decimal(str(row["average"])).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
        result.append(
            {
                "name": row["task__neighbourhood__name"],
                "cbs_code": row["task__neighbourhood__cbs_code"],
                "average": average,
                "reports": row["reports"],
                "tasks": row["tasks"],
                "bar": f"{float(average) * 20:.1f}",
            }
        )
    return result


# --- budget ------------------------------------------------------------------------------------


@dataclass
class Budget:
    """The running budget (see :mod:`basisbaan.finance.budgets`) as the monitor shows it.

    Finance and programme staff see every figure (they pay the wages); for other roles
    (researchers) the cost figures are hidden when fewer than ``MIN_GROUP`` people had a
    contract in the budget's period, since they come close to one person's wage."""

    name: str | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    total: Decimal | None = None
    used: Decimal | None = None
    forecast: Decimal | None = None
    net_cost: Decimal | None = None
    used_pct: Figure | None = None
    elapsed_pct: Decimal | None = None
    cost_per_job_year: Decimal | None = None
    people: int = 0
    warning: str | None = None
    suppressed: bool = False

    @property
    def elapsed_bar(self) -> str:
        return f"{float(self.elapsed_pct):.1f}" if self.elapsed_pct is not None else ""


def budget(municipality, today: datetime.date, *, all_costs: bool) -> Budget:
    running = budgets.running_budget(municipality, today)
    if running is None:
        return Budget()
    state = budgets.status(running, today)
    people = state.jobs_in_period
    result = Budget(
        name=running.name,
        start=running.start_date,
        end=running.end_date,
        total=state.total,
        elapsed_pct=state.elapsed_pct,
        people=people,
    )
    if not all_costs and people < MIN_GROUP:
        result.suppressed = people > 0
        return result
    used = state.spent
    result.used = used
    result.forecast = state.committed
    result.net_cost = state.net_cost
    result.warning = state.warning
    if state.total:
        result.used_pct = Figure(pct(used, state.total), max(people, MIN_GROUP))
    if state.used.job_years:
        result.cost_per_job_year = (used / state.used.job_years).quantize(CENT)
    return result


# --- everything ------------------------------------------------------------------------------


def build(
    municipality,
    today: datetime.date,
    *,
    all_costs: bool = False,
    period: periods.Period | None = None,
) -> dict:
    """All monitor figures of ``municipality`` on ``today``, for the template.
    ``all_costs``: the reader may see every cost figure (finance, programme staff).

    ``period``: a period the reader chose; it drives the period figures (started, left,
    net growth, drop-out, sick leave, liveability, the WHO-5 trend's quarters). Without
    it the period is this year so far for started / left, and drop-out (12 months),
    sick leave (13 and 52 weeks) and liveability (6 months) keep their rolling windows.
    Figures about now (in service, pipeline, well-being, budget) are always today's."""
    programme = current_programme(municipality, today)
    params = programme.parameters_on(today) if programme else None
    statuses = status_counts(municipality)
    chosen = period if period is not None and period.chosen else None
    period = period or periods.default(today)
    sized = size(municipality, params, today, statuses, period.start, period.end)
    blocks, rows = follow_ups(municipality)
    first = programme.start_date if programme and not chosen else period.start
    period_figures = {
        "period": period,
        "period_chosen": chosen is not None,
        "headcount": periods.headcount_series(municipality, min(first, period.end), period.end),
        "headcount_definition": figures.HEADCOUNT_DEFINITION,
    }
    if chosen:
        sized.started_definition = periods.STARTED_DEFINITION
        period_figures.update(
            dropout=dropout_in(municipality, period.start, period.end),
            sick_period=periods.sick_leave(municipality, period.start, period.end, today),
            wellbeing=wellbeing(
                municipality, today, span=periods.quarters_between(period.start, period.end)
            ),
            liveability=liveability(municipality, period.end, since=period.start),
        )
    else:
        period_figures.update(
            dropout=dropout(municipality, today),
            sick_13=sick_leave(municipality, today, 13),
            sick_52=sick_leave(municipality, today, 52),
            wellbeing=wellbeing(municipality, today),
            liveability=liveability(municipality, today),
        )
    return {
        "today": today,
        "programme": programme,
        "params": params,
        "size": sized,
        "pipeline": pipeline(statuses),
        "sources": referral_sources(municipality),
        **period_figures,
        "budget": budget(municipality, today, all_costs=all_costs),
        "outcomes": outcomes.before_and_after(municipality),
        "follow_ups": blocks,
        "follow_up_rows": rows,
        "min_group": MIN_GROUP,
    }
