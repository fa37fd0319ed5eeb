"""Scenarios from the command line and the pages: resolve a municipality's employer and
rates, then cost a growth path (:mod:`basisbaan.finance.costing`)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from basisbaan.finance.costing import CostError, Rates, Result, scenario_cost
from basisbaan.tenants.models import Municipality, Programme

HOUSEHOLDS = {"single": Decimal(100), "couple": Decimal(0)}


def municipality_by_code(code: str) -> Municipality:
    try:
        return Municipality.objects.get(cbs_code=code.strip().upper())
    except Municipality.DoesNotExist:
        raise CostError(
            _("Unknown municipality %(code)s: give its CBS code, e.g. GM0014.") % {"code": code}
        ) from None


def employer_for(municipality: Municipality, on: datetime.date):
    """The employer of the municipality's basisbaan programme running on ``on`` (or of
    the programme that started last before it)."""
    programmes = municipality.programmes.filter(
        kind=Programme.Kind.BASISBAAN, employer__isnull=False
    ).select_related("employer")
    running = [p for p in programmes if p.start_date <= on]
    chosen = max(running, key=lambda p: p.start_date) if running else programmes.first()
    if chosen is None:
        raise CostError(
            _("%(name)s has no basisbaan programme with an employer.") % {"name": municipality}
        )
    return chosen.employer


def cost(
    municipality: Municipality,
    *,
    start: datetime.date,
    end: datetime.date,
    jobs: int,
    hours_per_week: Decimal,
    single_pct: Decimal = Decimal(100),
    growth_per_year: int = 0,
    max_jobs: int | None = None,
    budget: Decimal | None = None,
    cofinancing: Decimal = Decimal(0),
) -> Result:
    rates = Rates.of(municipality, employer_for(municipality, start))
    return scenario_cost(
        rates,
        start=start,
        end=end,
        jobs=jobs,
        hours_per_week=hours_per_week,
        single_pct=single_pct,
        growth_per_year=growth_per_year,
        max_jobs=max_jobs,
        budget=budget,
        cofinancing=cofinancing,
    )


def cost_of(scenario) -> Result:
    return cost(
        scenario.municipality,
        start=scenario.start_date,
        end=scenario.end_date,
        jobs=scenario.jobs,
        hours_per_week=scenario.hours_per_week,
        single_pct=scenario.single_pct,
        growth_per_year=scenario.growth_per_year,
        max_jobs=scenario.max_jobs,
        budget=scenario.budget_eur,
        cofinancing=scenario.cofinancing_eur,
    )
