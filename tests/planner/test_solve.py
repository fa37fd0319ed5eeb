"""The solver: validity, determinism, replanning stability, pins and forbids."""

from __future__ import annotations

import dataclasses
import importlib
import time

import pytest

from basisbaan_planner.generate import generate
from basisbaan_planner.model import parse_instance
from basisbaan_planner.score import score
from basisbaan_planner.solve import PinError, solve

SOLVE = importlib.import_module("basisbaan_planner.solve")


@pytest.fixture(scope="module", autouse=True)
def no_safety_caps():
    """This machine is shared: keep the sub-MIP safety time cap out of the way.

    The cap (0.3 s by default) is the solver's only source of timing dependence; the
    tests check the deterministic algorithm, so they make it large.
    """
    old = SOLVE.TUNING
    SOLVE.TUNING = dataclasses.replace(old, sub_mip_time=60.0)
    yield
    SOLVE.TUNING = old


@pytest.fixture(scope="module")
def small():
    return parse_instance(generate(16, 5))


@pytest.fixture(scope="module")
def small_solution(small):
    # a generous clock and an explicit work budget: the result must not depend on timing
    return solve(small, time_limit=120, work_limit=10, seed=3)


def test_plans_are_valid_and_scored(small, small_solution) -> None:
    res = small_solution
    sc = score(small, res.plan.sorted_assignments())  # raises if a hard rule is broken
    assert sc.total == res.score.total
    assert res.score.total <= res.stats["start_cost"] + 1e-6
    assert res.plan.instance == small.name
    # a small week ends with one MIP around the LP relaxation: only the pairs on which the
    # plan and the LP disagree are free
    assert 0 < res.stats["mip_free_pairs"] < res.stats["pairs"]
    # with time left it alternates more search and that MIP
    assert res.stats["rins_rounds"] >= 2


def test_tiny_instance_solved(tiny) -> None:
    inst = parse_instance(tiny)
    res = solve(inst, time_limit=5)
    score(inst, res.plan.sorted_assignments())
    # P1 can do 8 h: A.mon + A.tue (kept previous, same task); P2 6 h: C.mon/C.tue + ...
    assert res.score.shortfall <= 100 * 2


def test_lns_mode_is_valid() -> None:
    mod = SOLVE
    inst = parse_instance(generate(30, 8, replan=True))
    old = mod.TUNING
    mod.TUNING = dataclasses.replace(old, full_mip_pairs=0)  # force the large-neighbourhood search
    try:
        res = mod.solve(inst, time_limit=120, work_limit=30, seed=1)
    finally:
        mod.TUNING = old
    assert res.stats["mode"] == "search+lns"
    assert res.stats["subproblems"] == 30
    score(inst, res.plan.sorted_assignments())
    assert res.score.total < res.stats["start_cost"]


def test_deterministic(small, small_solution) -> None:
    again = solve(small, time_limit=120, work_limit=10, seed=3)
    assert small_solution.stats["deterministic"], small_solution.stats
    assert again.plan == small_solution.plan
    assert again.score == small_solution.score


def test_unchanged_week_keeps_every_assignment(small, small_solution) -> None:
    data = generate(16, 5)
    mine: dict[str, list[str]] = {}
    for pid, sid in small_solution.plan.assignments:
        mine.setdefault(pid, []).append(sid)
    for p in data["participants"]:
        p["previous"] = sorted(mine.get(p["id"], []))
    inst = parse_instance(data)
    res = solve(inst, time_limit=120, work_limit=10, seed=11)
    assert small_solution.plan.assignments <= res.plan.assignments
    assert res.score.change == 0.0


def test_pins_and_forbids(small, small_solution) -> None:
    chosen = small_solution.plan.sorted_assignments()
    forbid = chosen[:3]
    # pin a pair the solver did not choose but that is possible on its own
    from basisbaan_planner.problem import compile_problem

    prob = compile_problem(small)
    taken = set(chosen)
    pin = next(prob.pair_key(k) for k in range(prob.n_pairs) if prob.pair_key(k) not in taken)
    res = solve(small, time_limit=120, work_limit=10, seed=3, pins=[pin], forbids=forbid)
    assert pin in res.plan.assignments
    assert not set(forbid) & res.plan.assignments
    score(small, res.plan.sorted_assignments())


def test_impossible_pins_are_reported(tiny) -> None:
    inst = parse_instance(tiny)
    with pytest.raises(PinError, match="rule 3"):
        solve(inst, time_limit=2, pins=[("P1", "B.mon")])
    with pytest.raises(PinError, match="rule 5"):
        solve(inst, time_limit=2, pins=[("P2", "B.mon"), ("P2", "C.mon")])
    with pytest.raises(PinError, match="rule 1"):
        solve(inst, time_limit=2, pins=[("P1", "C.mon"), ("P2", "C.mon")])
    with pytest.raises(PinError, match="unknown slot"):
        solve(inst, time_limit=2, pins=[("P1", "nope")])
    with pytest.raises(PinError, match="both pinned and forbidden"):
        solve(inst, time_limit=2, pins=[("P1", "A.mon")], forbids=[("P1", "A.mon")])


def test_progress_is_reported(tiny) -> None:
    seen: list[float] = []
    solve(parse_instance(tiny), time_limit=2, progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_pin_errors_carry_the_rule_and_the_pair(tiny) -> None:
    inst = parse_instance(tiny)
    cases = [
        ([("P1", "B.mon")], [], 3, ("P1", "B.mon")),
        ([("P2", "B.mon"), ("P2", "C.mon")], [], 5, ("P2", "C.mon")),
        ([("P1", "C.mon"), ("P2", "C.mon")], [], 1, ("P2", "C.mon")),
        ([("P1", "nope")], [], None, ("P1", "nope")),
        ([("P1", "A.mon")], [("P1", "A.mon")], None, ("P1", "A.mon")),
    ]
    for pins, forbids, rule, pair in cases:
        with pytest.raises(PinError) as caught:
            solve(inst, time_limit=2, pins=pins, forbids=forbids)
        error = caught.value
        assert isinstance(error, ValueError)
        assert (error.rule, error.participant, error.slot) == (rule, *pair)
        if rule is not None:
            assert f"rule {rule}:" in str(error) and f"({pair[0]}, {pair[1]})" in str(error)


def test_progress_values_match_the_messages(tiny) -> None:
    from basisbaan_planner.solve import Progress

    texts: list[tuple[float, str]] = []
    values: list[Progress] = []
    solve(
        parse_instance(tiny),
        time_limit=2,
        progress=lambda f, m: texts.append((f, m)),
        on_progress=values.append,
    )
    assert texts == [(v.fraction, v.message) for v in values]
    assert values[-1].stage == "done" and values[-1].cost is not None
    assert values[-1].message == f"done: cost {values[-1].cost:,.1f}"
    # Only the values: no text callback needed.
    only: list[Progress] = []
    solve(parse_instance(tiny), time_limit=2, on_progress=only.append)
    assert [v.fraction for v in only][0] == 0.0 and only[-1].fraction == 1.0


def test_cpu_seconds_count_this_solve_only(small) -> None:
    before = time.process_time()
    res = solve(small, time_limit=120, work_limit=1, seed=3)
    after = time.process_time()
    assert 0 < res.stats["cpu_seconds"] <= after - before + 0.01
