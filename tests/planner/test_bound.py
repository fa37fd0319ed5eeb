"""The LP floor: direct and by column generation, also when stopped early."""

from __future__ import annotations

import numpy as np
import pytest

from basisbaan_planner import bound
from basisbaan_planner.generate import generate
from basisbaan_planner.model import parse_instance
from basisbaan_planner.problem import compile_problem, prune


@pytest.fixture(scope="module")
def prob():
    return compile_problem(parse_instance(generate(20, 3)))


@pytest.fixture(scope="module")
def floor(prob) -> float:
    b = bound.lp_bound(prob.instance, prob=prob)
    assert b.status == "optimal"
    return b.value


def test_column_generation_reaches_the_direct_lp(prob, floor) -> None:
    cg = bound.column_generation(prob, prune(prob, 1))
    assert cg.lower_bound == pytest.approx(floor, rel=1e-6)
    assert cg.master_value == pytest.approx(floor, rel=1e-6)


def test_column_generation_stopped_early_never_overstates(prob, floor, monkeypatch) -> None:
    """A block LP cut short by the time limit gives no bound (its value is not a minimum)."""
    from basisbaan_planner import milp

    solve_lp = milp.solve_lp

    def blocks_time_out(model, time_limit, ipm, basis=None):
        if ipm:  # the master
            return solve_lp(model, time_limit, ipm)
        h = milp.to_highs(
            model,
            integer=False,
            options={"solver": "simplex", "presolve": "off", "simplex_iteration_limit": 1},
        )
        h.run()  # stops after one iteration, as a time limit would
        return h

    monkeypatch.setattr(milp, "solve_lp", blocks_time_out)
    cg = bound.column_generation(prob, prune(prob, 1))
    assert cg.lower_bound == -np.inf
    assert cg.lower_bound <= floor


def test_column_generation_from_the_engines_prices_reaches_the_direct_lp(
    prob, floor, monkeypatch
) -> None:
    """The large-instance path: start prices, their weeks as first columns, smoothing."""
    monkeypatch.setattr(bound, "DIRECT_LP_PAIRS", 0)
    b = bound.lp_bound(prob.instance, prob=prob, time_limit=60)
    assert b.status == "optimal"
    assert b.value == pytest.approx(floor, rel=1e-6)


def test_start_prices_already_bound_the_lp(prob, floor) -> None:
    import time

    prices, weeks = bound.start_prices(prob, deadline=time.monotonic() + 10)
    assert weeks.any()
    cg = bound.column_generation(prob, weeks, prices=prices, max_rounds=0)
    assert np.isfinite(cg.lower_bound)
    assert cg.lower_bound <= floor + 1e-6
    assert cg.lower_bound > 0.9 * floor  # the prices are not just zero


def test_optimum_bound_lies_between_the_floor_and_the_plan(prob, floor) -> None:
    from basisbaan_planner.solve import solve

    res = solve(prob.instance, time_limit=2, seed=0)
    o = bound.optimum_bound(prob.instance, res.plan.assignments, prob=prob, time_limit=30)
    assert floor - 1e-6 <= o.lower <= o.best + 1e-6
    assert o.best <= res.cost + 1e-6
    assert o.status == "Optimal"  # 20 people: HiGHS proves it
    assert o.lower == pytest.approx(o.best, abs=1e-3)
