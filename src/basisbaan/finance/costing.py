"""What jobs cost: the one calculation behind scenarios, budgets and ``cost_scenario``.

Method (shown on the finance pages as well):

- The period is cut into pieces in which nothing changes: at every change of the
  minimum wage, the bijstand norms, the employer's terms, the cost rates or a guidance
  agreement, at every month start and at every year of a growth path. Each piece counts
  its calendar days, so every figure is pro rata by calendar days.
- Paid hours: jobs × hours per week × days / 7. Every contract hour is paid, planned or not.
- Gross wage: paid hours × the minimum wage per hour on those days at the employer's
  full-time week (before 2024 the weekly minimum wage / full-time hours, rounded up to
  the cent) plus any supplement.
- Wage cost: gross wage × (1 + holiday allowance + other wage components) × (1 +
  employer charges).
- Guidance: jobs × the mean monthly fee of the guidance agreements running × the share
  of the month; coaching: jobs × coach hours per participant per month × cost per hour ×
  the share of the month.
- Bijstand saved: per job and month the bijstand no longer paid, which is the norm for
  the household minus the supplementary bijstand that remains when the net wage
  (gross wage per month with holiday allowance × the net share of the cost rates) is
  below the norm: so min(norm, net wage). A partner's income is not counted.
- Net cost: wage cost + guidance + coaching − bijstand saved − co-financing.
- Jobs funded by a budget: the budget divided by the cost of one job over the whole
  period (gross: the total cost; net: the net cost).
"""

import calendar as pycalendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.core import calendar
from basisbaan.tenants.wages import Tables, row_on, terms_of

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
DAYS_PER_YEAR = Decimal(365)
ONE_DAY = datetime.timedelta(days=1)
#: National figures change every 1 January and 1 July: a row older than this on a day
#: means a newer one is missing from the table.
STALE_DAYS = 186

FIGURES = [
    "hours_paid",
    "gross_wage",
    "wage_cost",
    "guidance_cost",
    "coach_cost",
    "total_cost",
    "bijstand_saved",
    "supplementary_bijstand",
    "cofinancing",
    "net_cost",
    "job_years",
]


class CostError(ValueError):
    """Input that cannot be costed (a period without a table row, negative hours, ...):
    ``message`` says what is missing, in the user's language."""


@dataclass
class Rates:
    """Every dated row a calculation may use: the national tables, the employer's terms,
    the municipality's guidance agreements and cost rates."""

    tables: Tables
    terms: list
    agreements: list
    cost_rates: list

    @classmethod
    def of(cls, municipality, employer) -> "Rates":
        return cls(
            tables=Tables(),
            terms=terms_of(employer),
            agreements=list(municipality.guidance_agreements.order_by("valid_from")),
            cost_rates=list(municipality.cost_rates.order_by("valid_from")),
        )

    def change_dates(self) -> set[datetime.date]:
        dates = {r.valid_from for r in (*self.tables.wages, *self.tables.norms)}
        dates |= {r.valid_from for r in (*self.terms, *self.cost_rates)}
        for agreement in self.agreements:
            dates.add(agreement.valid_from)
            if agreement.valid_until:
                dates.add(agreement.valid_until + ONE_DAY)
        return dates


@dataclass(frozen=True)
class Piece:
    """Days ``start``..``end`` in which every rate stays the same."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def month_share(self) -> Decimal:
        """The share of its calendar month (pieces never cross a month start)."""
        in_month = pycalendar.monthrange(self.start.year, self.start.month)[1]
        return Decimal(self.days) / Decimal(in_month)


def pieces(start: datetime.date, end: datetime.date, breaks: set[datetime.date]) -> list[Piece]:
    """Cut ``start``..``end`` at every month start and every date of ``breaks``."""
    cuts = {start}
    month = calendar.next_month(start)
    while month <= end:
        cuts.add(month)
        month = calendar.next_month(month)
    cuts |= {d for d in breaks if start < d <= end}
    ordered = sorted(cuts)
    return [
        Piece(begin, ordered[i + 1] - ONE_DAY if i + 1 < len(ordered) else end)
        for i, begin in enumerate(ordered)
    ]


@dataclass
class Used:
    """The table rows a calculation used, with their dates and sources (``parameters``)."""

    rows: dict = field(default_factory=dict)
    gaps: dict = field(default_factory=dict)

    def gap(self, key: str, day: datetime.date, message: str) -> None:
        """A figure that could not be computed from some day on: said once, first day."""
        if key not in self.gaps or day < self.gaps[key][0]:
            self.gaps[key] = (day, message)

    def gap_messages(self) -> list[str]:
        return [message for _day, message in sorted(self.gaps.values())]

    def add(self, table: str, row, values: dict) -> None:
        key = (table, row.pk if row.pk is not None else id(row), row.valid_from)
        if key not in self.rows:
            self.rows[key] = {
                "table": table,
                "valid_from": row.valid_from.isoformat(),
                **{k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()},
                "source": getattr(row, "source", "") or getattr(row, "reference", ""),
            }

    def listed(self) -> list[dict]:
        return sorted(self.rows.values(), key=lambda r: (r["table"], r["valid_from"]))


@dataclass
class Totals:
    hours_paid: Decimal = ZERO
    gross_wage: Decimal = ZERO
    wage_cost: Decimal = ZERO
    guidance_cost: Decimal = ZERO
    coach_cost: Decimal = ZERO
    bijstand_saved: Decimal = ZERO
    supplementary_bijstand: Decimal = ZERO
    cofinancing: Decimal = ZERO
    job_years: Decimal = ZERO
    route_cost: Decimal = ZERO  # the Werkprogramma's routes (werkprogramma.costs)

    @property
    def total_cost(self) -> Decimal:
        return self.wage_cost + self.guidance_cost + self.coach_cost + self.route_cost

    @property
    def net_cost(self) -> Decimal:
        return self.total_cost - self.bijstand_saved - self.cofinancing

    def add(self, other: "Totals") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def rounded(self) -> dict[str, Decimal]:
        return {name: getattr(self, name).quantize(CENT) for name in FIGURES}


MISSING = {
    "wml": gettext_lazy(
        "No minimum wage is known on %(date)s: an administrator adds it under national "
        "figures before this period can be costed."
    ),
    "terms": gettext_lazy(
        "The employer has no wage terms on %(date)s: add them before this period can be costed."
    ),
    "rates": gettext_lazy(
        "No cost rates (coaching, net wage) are known on %(date)s: add them under finance, "
        "rates, before this period can be costed."
    ),
}
STALE = {
    "wml": gettext_lazy(
        "The newest minimum wage on record dates from %(date)s; it is used from %(day)s on "
        "too. An administrator adds the newer figure."
    ),
    "norm": gettext_lazy(
        "The newest bijstand norm on record dates from %(date)s; it is used from %(day)s on "
        "too. An administrator adds the newer figure."
    ),
}


def _related(row, name: str) -> str:
    """The name of a row's related object (empty when unset)."""
    return str(getattr(row, name)) if getattr(row, f"{name}_id", None) else ""


def _require(row, what: str, date: datetime.date):
    if row is None:
        raise CostError(str(MISSING[what]) % {"date": date.strftime("%d-%m-%Y")})
    return row


def cost_piece(
    rates: Rates,
    piece: Piece,
    jobs: Decimal,
    hours_per_week: Decimal,
    single_share: Decimal,
    used: Used,
    supplement: Decimal = ZERO,
    organisation_id: int | None = None,
) -> Totals:
    """The cost of ``jobs`` jobs of ``hours_per_week`` over one piece; with
    ``organisation_id`` the guidance fee is that organisation's (else the mean fee)."""
    day = piece.start
    wml = _require(row_on(rates.tables.wages, day), "wml", day)
    terms = _require(row_on(rates.terms, day), "terms", day)
    norm = row_on(rates.tables.norms, day)
    cost = _require(row_on(rates.cost_rates, day), "rates", day)
    minimum = wml.hourly_for(terms.full_time_hours)
    hourly = minimum + supplement
    used.add(
        "minimum_wage",
        wml,
        {"hourly_eur": minimum, "full_time_hours": terms.full_time_hours},
    )
    used.add(
        "employer_terms",
        terms,
        {
            "employer": _related(terms, "employer"),
            "full_time_hours": terms.full_time_hours,
            "holiday_allowance_pct": terms.holiday_allowance_pct,
            "other_components_pct": terms.other_components_pct,
            "employer_charges_pct": terms.employer_charges_pct,
        },
    )
    if norm is None:
        used.gap(
            "norm",
            day,
            _(
                "No bijstand norm is known on %(date)s: bijstand saved is not counted before the first norm."
            )
            % {"date": day.strftime("%d-%m-%Y")},
        )
    else:
        used.add(
            "bijstand_norm", norm, {"single_eur": norm.single_eur, "couple_eur": norm.couple_eur}
        )
    for key, row in (("wml", wml), ("norm", norm)):
        if row is not None and (day - row.valid_from).days > STALE_DAYS:
            dates = {"date": row.valid_from.strftime("%d-%m-%Y"), "day": day.strftime("%d-%m-%Y")}
            used.gap(f"{key}-old", day, str(STALE[key]) % dates)
    used.add(
        "cost_rates",
        cost,
        {
            "coach_hours_per_participant_month": cost.coach_hours_per_participant_month,
            "coach_hourly_cost_eur": cost.coach_hourly_cost_eur,
            "net_wage_pct": cost.net_wage_pct,
        },
    )
    agreements = [
        a
        for a in rates.agreements
        if a.runs_on(day) and organisation_id in (None, a.organisation_id)
    ]
    for agreement in agreements:
        used.add(
            "guidance_agreement",
            agreement,
            {
                "organisation": _related(agreement, "organisation"),
                "fee_per_participant_month_eur": agreement.fee_per_participant_month_eur,
            },
        )
    fee = (
        sum((a.fee_per_participant_month_eur for a in agreements), ZERO) / len(agreements)
        if agreements
        else ZERO
    )
    share = piece.month_share
    out = Totals()
    out.hours_paid = jobs * hours_per_week * piece.days / 7
    out.gross_wage = out.hours_paid * hourly
    components = 1 + (terms.holiday_allowance_pct + terms.other_components_pct) / HUNDRED
    out.wage_cost = out.gross_wage * components * (1 + terms.employer_charges_pct / HUNDRED)
    out.guidance_cost = jobs * fee * share
    out.coach_cost = (
        jobs * cost.coach_hours_per_participant_month * cost.coach_hourly_cost_eur * share
    )
    net_month = (
        hours_per_week
        * WEEKS_PER_MONTH
        * hourly
        * (1 + terms.holiday_allowance_pct / HUNDRED)
        * cost.net_wage_pct
        / HUNDRED
    )
    if norm is not None:
        single, couple = norm.single_eur, norm.couple_eur
        saved = single_share * min(single, net_month) + (1 - single_share) * min(couple, net_month)
        supplementary = single_share * max(ZERO, single - net_month) + (1 - single_share) * max(
            ZERO, couple - net_month
        )
        out.bijstand_saved = jobs * saved * share
        out.supplementary_bijstand = jobs * supplementary * share
    out.job_years = jobs * piece.days / DAYS_PER_YEAR
    return out


@dataclass
class Result:
    start: datetime.date
    end: datetime.date
    totals: Totals
    by_year: dict[int, Totals]
    parameters: list[dict]
    budget: Decimal | None = None
    jobs_at_end: int = 0
    gaps: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def average_jobs(self) -> Decimal:
        return self.totals.job_years * DAYS_PER_YEAR / Decimal(self.days)

    def per_job_year(self, amount: Decimal) -> Decimal | None:
        if not self.totals.job_years:
            return None
        return (amount / self.totals.job_years).quantize(CENT)

    def jobs_funded(self, cost: Decimal) -> Decimal | None:
        """Jobs the budget pays over the whole period at ``cost`` for all jobs."""
        if self.budget is None or cost <= 0 or not self.average_jobs:
            return None
        return (self.budget * self.average_jobs / cost).quantize(Decimal("0.1"))

    def as_dict(self) -> dict:
        figures = self.totals.rounded()
        out: dict = {name: float(value) for name, value in figures.items()}
        out["net_cost_per_job_year"] = _float(self.per_job_year(self.totals.net_cost))
        out["total_cost_per_job_year"] = _float(self.per_job_year(self.totals.total_cost))
        out["average_jobs"] = float(self.average_jobs.quantize(Decimal("0.01")))
        out["jobs_at_end"] = self.jobs_at_end
        if self.budget is not None:
            out["budget"] = float(self.budget)
            out["jobs_funded_gross"] = _float(self.jobs_funded(self.totals.total_cost))
            out["jobs_funded_net"] = _float(self.jobs_funded(self.totals.net_cost))
        out["by_year"] = {
            str(year): {name: float(v) for name, v in totals.rounded().items()}
            for year, totals in sorted(self.by_year.items())
        }
        out["period"] = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        out["parameters"] = self.parameters
        out["gaps"] = self.gaps
        return out


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def growth_path(
    start: datetime.date, jobs: int, growth_per_year: int = 0, max_jobs: int | None = None
) -> Callable[[datetime.date], int]:
    """Jobs on a day: ``jobs`` at the start, ``growth_per_year`` more on each anniversary,
    at most ``max_jobs``."""

    def jobs_on(day: datetime.date) -> int:
        years = day.year - start.year - ((day.month, day.day) < (start.month, start.day))
        count = jobs + growth_per_year * max(0, years)
        return min(count, max_jobs) if max_jobs else count

    return jobs_on


def scenario_cost(
    rates: Rates,
    *,
    start: datetime.date,
    end: datetime.date,
    jobs: int,
    hours_per_week: Decimal,
    single_pct: Decimal = HUNDRED,
    growth_per_year: int = 0,
    max_jobs: int | None = None,
    budget: Decimal | None = None,
    cofinancing: Decimal = ZERO,
) -> Result:
    """The cost of a growth path of jobs over ``start``..``end`` (see the module's method)."""
    hours_per_week = Decimal(hours_per_week)
    single_pct = Decimal(single_pct)
    if end < start:
        raise CostError(_("The end date lies before the start date."))
    if jobs < 1:
        raise CostError(_("A scenario has at least one job."))
    if not 0 < hours_per_week <= 40:
        raise CostError(_("Hours per week lie between 1 and 40."))
    if not 0 <= single_pct <= 100:
        raise CostError(_("The share of single households lies between 0 and 100 %."))
    if growth_per_year < 0 or (max_jobs is not None and max_jobs < 1):
        raise CostError(_("Growth cannot be negative."))
    if (budget is not None and budget < 0) or cofinancing < 0:
        raise CostError(_("Amounts cannot be negative."))
    jobs_on = growth_path(start, jobs, growth_per_year, max_jobs)
    breaks = rates.change_dates()
    if growth_per_year:
        year = 1
        while (anniversary := calendar.add_years(start, year)) <= end:
            breaks.add(anniversary)
            year += 1
    used = Used()
    totals = Totals()
    by_year: dict[int, Totals] = defaultdict(Totals)
    share = single_pct / HUNDRED
    for piece in pieces(start, end, breaks):
        part = cost_piece(rates, piece, Decimal(jobs_on(piece.start)), hours_per_week, share, used)
        totals.add(part)
        by_year[piece.start.year].add(part)
    if cofinancing:
        totals.cofinancing = Decimal(cofinancing)
        _spread(by_year, totals.cofinancing, totals.job_years)
    return Result(
        start=start,
        end=end,
        totals=totals,
        by_year=dict(by_year),
        parameters=used.listed(),
        budget=Decimal(budget) if budget is not None else None,
        jobs_at_end=jobs_on(end),
        gaps=used.gap_messages(),
    )


def _spread(by_year: dict[int, Totals], amount: Decimal, job_years: Decimal) -> None:
    """Co-financing over the years in proportion to the jobs of each year."""
    for totals in by_year.values():
        totals.cofinancing = amount * totals.job_years / job_years if job_years else ZERO


def figures_table(result: Result) -> list[tuple[str, str, Decimal | None]]:
    """(key, label, value) rows for pages and files, in reading order."""
    t = result.totals
    rows = [
        ("hours_paid", _("Paid hours"), t.hours_paid),
        ("gross_wage", _("Gross wage"), t.gross_wage),
        ("wage_cost", _("Wage cost (with allowances and employer charges)"), t.wage_cost),
        ("guidance_cost", _("Guidance"), t.guidance_cost),
        ("coach_cost", _("Coaching"), t.coach_cost),
        ("total_cost", _("Total cost"), t.total_cost),
        ("bijstand_saved", _("Bijstand saved"), t.bijstand_saved),
        (
            "supplementary_bijstand",
            _("Supplementary bijstand still paid"),
            t.supplementary_bijstand,
        ),
        ("cofinancing", _("Co-financing"), t.cofinancing),
        ("net_cost", _("Net cost"), t.net_cost),
        ("net_cost_per_job_year", _("Net cost per job per year"), result.per_job_year(t.net_cost)),
    ]
    if result.budget is not None:
        rows += [
            ("budget", _("Budget"), result.budget),
            (
                "jobs_funded_gross",
                _("Jobs the budget pays (gross)"),
                result.jobs_funded(t.total_cost),
            ),
            ("jobs_funded_net", _("Jobs the budget pays (net)"), result.jobs_funded(t.net_cost)),
        ]
    return [(k, label, v.quantize(CENT) if isinstance(v, Decimal) else v) for k, label, v in rows]


def years_of(result: Result) -> Sequence[int]:
    return sorted(result.by_year)
