"""A budget against the programme's contracts: Assen's pilot and Groningen's running year."""

import datetime
from decimal import Decimal

import pytest

from basisbaan.core import calendar
from basisbaan.finance import budgets
from basisbaan.finance.models import Budget
from basisbaan.participants.models import EmploymentContract
from basisbaan.tenants.models import Municipality

pytestmark = pytest.mark.django_db


def _overlap(contract, start, end) -> int:
    first = max(contract.start_date, start)
    last = min(contract.end_date or end, end)
    return max(0, (last - first).days + 1)


def test_assen_pilot_budget_used_over_its_two_years():
    pilot = Budget.objects.get(name="Pilot basisbaan Assen 2021-2022")
    state = budgets.status(pilot, calendar.today())
    assert state.total == Decimal("150000")
    assert state.jobs_in_period == 7
    contracts = EmploymentContract.objects.filter(participant__municipality=pilot.municipality)
    hours = sum(
        Decimal(c.hours_per_week) * _overlap(c, pilot.start_date, pilot.end_date) / 7
        for c in contracts
    )
    assert abs(state.used.hours_paid - hours) < Decimal("0.01")
    assert state.used.total_cost > 0 and state.used.bijstand_saved > 0
    assert state.forecast.total_cost == 0  # the period has ended
    # The pilot's budget pays the net cost: the cost less the bijstand no longer paid.
    assert pilot.net_of_bijstand
    net = (state.used.total_cost - state.used.bijstand_saved).quantize(Decimal("0.01"))
    assert state.spent == net == state.committed
    assert state.used_pct == (100 * net / Decimal("150000")).quantize(Decimal("0.1"))
    assert state.elapsed_pct == 100
    assert [row.month for row in state.months][:2] == [
        datetime.date(2021, 1, 1),
        datetime.date(2021, 2, 1),
    ]
    assert abs(state.months[-1].cumulative - net) < Decimal("0.01")
    assert not state.problems
    # Costed at the net cost, the pilot went over its 150k in its last months.
    if state.runs_out_in:
        assert state.warning.startswith("The budget ran out in")


def test_a_running_budget_forecasts_to_its_end_and_warns_when_it_runs_out():
    today = calendar.today()
    groningen_budget = budgets.running_budget(Municipality.objects.get(cbs_code="GM0014"), today)
    assert groningen_budget.runs_on(today)
    state = budgets.status(groningen_budget, today)
    assert state.jobs_now > 0
    if today < groningen_budget.end_date:
        assert state.forecast.total_cost > 0
    # Net cost: all cost, less the bijstand saved and the co-financing received (once).
    assert state.received > 0
    u, f = state.used, state.forecast
    net = u.total_cost - u.bijstand_saved + f.total_cost - f.bijstand_saved - state.received
    assert state.net_cost == net.quantize(Decimal("0.01"))
    # Shrink the budget to almost nothing: the forecast passes it, in a month it names.
    groningen_budget.lines.update(amount_eur=Decimal("1000"))
    tight = budgets.status(groningen_budget, today)
    assert tight.runs_out_in is not None and tight.warning
    assert tight.runs_out_in.strftime("%m-%Y") in tight.warning
