"""Slot prices, the exact cheapest-week DP, plans built with prices and the search."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from basisbaan_planner import lagrange
from basisbaan_planner.generate import generate
from basisbaan_planner.model import DAYS, parse_instance
from basisbaan_planner.priced import coordinates, sides
from basisbaan_planner.problem import compile_problem
from basisbaan_planner.score import score
from basisbaan_planner.search import search
from basisbaan_planner.state import plan_cost


@pytest.fixture(scope="module")
def prob():
    return compile_problem(parse_instance(generate(24, 9, replan=True)))


@pytest.fixture(scope="module")
def ivs(prob):
    return lagrange.intervals_of(prob)


def _week_ok(prob, ks) -> bool:
    """Rules 5, 6 and 7 for one participant's pairs (rules 2-4 and 8 hold for every pair)."""
    if not ks:
        return True
    i = int(prob.pair_p[ks[0]])
    s = prob.pair_s[list(ks)]
    if prob.slot_hours[s].sum() > prob.contract[i] + 1e-9:
        return False
    for d in range(7):
        on_day = s[prob.slot_day[s] == d]
        if prob.slot_hours[on_day].sum() > prob.max_day[i] + 1e-9:
            return False
        iv = sorted(zip(prob.slot_start[on_day].tolist(), prob.slot_end[on_day].tolist()))
        if any(b1 > a2 for (_a1, b1), (a2, _b2) in itertools.pairwise(iv)):
            return False
    return True


def _plan_ok(prob, on) -> None:
    """The plan keeps every hard rule (checked by the scorer)."""
    score(prob.instance, [prob.pair_key(int(k)) for k in np.flatnonzero(on)])


def test_best_week_is_exact_against_brute_force(prob, ivs) -> None:
    """The DP's cheapest week equals the best of all subsets of a participant's pairs."""
    rng = np.random.default_rng(4)
    price = rng.random(len(prob.slot_ids)) * 40 * (rng.random(len(prob.slot_ids)) < 0.5)
    room = np.ones(len(prob.slot_ids), dtype=np.int64)
    room[rng.random(len(room)) < 0.9] = 0  # most slots are full: few pairs to enumerate
    fixed = np.zeros(prob.n_pairs, dtype=bool)
    pc = lagrange._pc(prob, ivs, prob.pair_cost, fixed)
    sc = lagrange._scratch(ivs.kernel_args)
    bonus = lagrange._bonus(prob)
    checked = 0
    for i in range(len(prob.part_ids)):
        lo, hi = int(prob.part_ptr[i]), int(prob.part_ptr[i + 1])
        ks = [k for k in range(lo, hi) if room[prob.pair_s[k]] > 0]
        if not 3 <= len(ks) <= 14:
            continue
        val, m = lagrange._best_week(
            i, pc, price, room, bonus, 0.0, 0.0, ivs.kernel_args, sc, sc[5]
        )
        week = sc[5][:m].tolist()
        assert _week_ok(prob, week)
        eff = prob.pair_cost + price[prob.pair_s]
        assert val == pytest.approx(sum(eff[k] for k in week))
        best = min(
            sum(eff[k] for k in sub)
            for r in range(len(ks) + 1)
            for sub in itertools.combinations(ks, r)
            if _week_ok(prob, sub)
        )
        assert val == pytest.approx(min(0.0, best))
        checked += 1
    assert checked >= 5, checked


def test_candidate_pairs_are_exactly_the_allowed_ones(prob) -> None:
    """Every candidate pair keeps rules 2, 3, 4 and 8; every other pair breaks one."""
    inst = prob.instance
    nb = inst.neighbourhood_by_id
    cand = set(zip(prob.pair_p.tolist(), prob.pair_s.tolist(), strict=True))
    for i, p in enumerate(inst.participants):
        home = nb[p.home]
        for j, sid in enumerate(prob.slot_ids):
            s = inst.slots[sid]
            t = inst.task_by_id[s.task]
            place = nb[t.neighbourhood]
            ok = (
                t.requires <= p.skills
                and not (t.demands & p.limited)
                and any(a <= s.start and s.end <= b for a, b in p.availability.get(s.day, ()))
                and np.hypot(home.x_km - place.x_km, home.y_km - place.y_km)
                <= p.max_travel_km + 1e-9
            )
            assert ((i, j) in cand) == ok, (p.id, sid)
    assert DAYS[0] == "mon"


def test_lagrangian_bound_is_a_lower_bound(prob, ivs) -> None:
    from basisbaan_planner.bound import lp_bound

    fixed = np.zeros(prob.n_pairs, dtype=bool)
    prices = lagrange.subgradient(
        prob,
        ivs,
        prob.pair_cost,
        fixed,
        upper=prob.constant,
        iterations=300,
        deadline=float("inf"),
        now=lambda: 0.0,
    )
    lp = lp_bound(prob.instance, prob=prob).value
    # it leaves out the extra-task term, so it cannot be above the LP floor
    assert prices.bound <= lp + 1e-6
    assert prices.bound > 0.9 * lp  # and is a useful bound, not a trivial one
    on = lagrange.construct(prob, ivs, prob.pair_cost, fixed, prices.price, np.arange(24))
    _plan_ok(prob, on)


def test_construct_and_search_keep_the_rules_and_pins(prob, ivs) -> None:
    rng = np.random.default_rng(1)
    # pin one pair of the first participant, forbid a handful of others
    fixed = np.zeros(prob.n_pairs, dtype=bool)
    fixed[int(prob.part_ptr[0])] = True
    cost = prob.pair_cost.copy()
    cost[fixed] = -lagrange.PIN
    forbidden = rng.choice(prob.n_pairs, 40, replace=False)
    forbidden = forbidden[~fixed[forbidden]]
    cost[forbidden] = np.inf
    price = np.zeros(len(prob.slot_ids))
    on = lagrange.construct(prob, ivs, cost, fixed, price, rng.permutation(24))
    _plan_ok(prob, on)
    assert on[fixed].all() and not on[forbidden].any()
    before = plan_cost(prob, on)
    again = on.copy()
    accepted = search(prob, ivs, cost, fixed, price, on, iterations=500, seed=7)
    _plan_ok(prob, on)
    assert on[fixed].all() and not on[forbidden].any()
    assert accepted > 0
    assert plan_cost(prob, on) < before
    # the same seed gives the same plan
    search(prob, ivs, cost, fixed, price, again, iterations=500, seed=7)
    assert np.array_equal(on, again)


def test_search_on_two_sides_at_once_keeps_the_rules_and_is_deterministic(prob, ivs) -> None:
    fixed = np.zeros(prob.n_pairs, dtype=bool)
    fixed[int(prob.part_ptr[3])] = True
    cost = prob.pair_cost.copy()
    cost[fixed] = -lagrange.PIN
    price = np.zeros(len(prob.slot_ids))
    on = lagrange.construct(prob, ivs, cost, fixed, price, np.arange(24))
    before = plan_cost(prob, on)
    part_xy, slot_xy = coordinates(prob)
    plans = []
    for _run in range(2):
        plan = on.copy()
        for turn in range(4):
            part_side, slot_side = sides(part_xy, slot_xy, turn, 2)
            assert set(part_side.tolist()) == {0, 1}  # both sides have participants
            search(
                prob,
                ivs,
                cost,
                fixed,
                price,
                plan,
                iterations=300,
                seed=turn,
                part_side=part_side,
                slot_side=slot_side,
            )
            # two threads changed the plan at once: still no slot over capacity etc.
            _plan_ok(prob, plan)
            assert plan[fixed].all()
        plans.append(plan)
    assert plan_cost(prob, plans[0]) < before
    assert np.array_equal(plans[0], plans[1])
