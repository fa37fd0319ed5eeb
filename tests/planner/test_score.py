"""The scorer: every hard rule, the cost terms, and agreement with the reference score.py."""

from __future__ import annotations

import random

import pytest
from conftest import plan_dict, reference_score, shared_planning, tiny_instance

from basisbaan_planner.generate import generate
from basisbaan_planner.model import parse_instance
from basisbaan_planner.score import PlanInvalid, check, score


@pytest.mark.parametrize(
    ("pairs", "rule"),
    [
        ([("P1", "A.mon"), ("P1", "A.mon")], 1),  # listed twice
        ([("P1", "C.mon"), ("P2", "C.mon")], 1),  # over capacity
        ([("P2", "A.tue")], 2),  # lacks cooking
        ([("P1", "B.mon")], 3),  # no_heavy_physical
        ([("P1", "C.tue")], 4),  # outside availability
        ([("P2", "B.mon"), ("P2", "C.mon")], 5),  # overlap
        ([("P2", "B.mon"), ("P2", "C.tue")], 6),  # 7 h > 6 h contract
        ([("P1", "A.mon"), ("P1", "C.mon")], 7),  # 7 h on mon > 6 h
        ([("P1", "D.tue")], 8),  # 9 km > 6 km
        ([("P9", "A.mon")], 0),  # unknown participant
        ([("P1", "Z.mon")], 0),  # unknown slot
    ],
)
def test_each_hard_rule(pairs, rule: int) -> None:
    inst = parse_instance(tiny_instance())
    with pytest.raises(PlanInvalid) as e:
        score(inst, pairs)
    assert e.value.rule == rule
    if rule:
        assert str(e.value).startswith(f"rule {rule}:")
    assert check(inst, pairs) is not None


def test_touching_slots_are_fine_and_costs_add_up() -> None:
    inst = parse_instance(tiny_instance())
    # P1: A.mon 09-13 (4 h, kept from previous) + A.tue 09-13 (4 h);
    # P2: D.tue 09-11 (2 h) and C.tue 13-17 (4 h).
    sc = score(inst, [("P1", "A.mon"), ("P1", "A.tue"), ("P2", "C.tue"), ("P2", "D.tue")])
    # shortfall: P1 8-8=0, P2 6-6=0
    assert sc.shortfall == 0
    # uncovered: B.mon 2 places x 3 h x prio 1 x 10 = 60; C.mon 1 x 3 h x prio 3 x 10 = 90
    assert sc.uncovered == 150
    # wish miss: P1 only community_centre tasks; P2 has no wishes
    assert sc.wish_miss == 0
    # travel: P1 0 + 0; P2 to WK001401 = 0, to Haren = hypot(3, 13)
    assert sc.travel == pytest.approx(round((3**2 + 13**2) ** 0.5, 3))
    # change: P1 previous A.mon (kept), GONE.slot (gone: 1 h); new A.tue 4 h -> 8 x 5
    assert sc.change == 40
    # extra task: P1 one task, P2 two tasks -> 3
    assert sc.extra_task == 3
    assert sc.total == pytest.approx(150 + sc.travel + 40 + 3, abs=1e-3)
    assert sc.hours_met_pct == 100.0


def _random_plans(inst_dict: dict, n: int, seed: int) -> list[list[tuple[str, str]]]:
    """Valid-ish random plans (a random greedy fill), plus a few broken ones."""
    import numpy as np

    from basisbaan_planner.problem import compile_problem
    from basisbaan_planner.state import State, greedy

    inst = parse_instance(inst_dict)
    prob = compile_problem(inst)
    rng = np.random.default_rng(seed)
    plans = []
    for _ in range(n):
        st = State(prob)
        greedy(st, rng.random(prob.n_pairs) < 0.5, rng.random(prob.n_pairs))
        plans.append(st.pairs())
    r = random.Random(seed)
    broken = list(plans[0])
    p0 = inst.participants[0].id
    broken.append((p0, r.choice(list(inst.slots))))  # probably breaks some rule
    plans.append(broken)
    return plans


@pytest.mark.skipif(shared_planning() is None, reason="../shared/planning is absent")
@pytest.mark.parametrize(
    ("people", "seed", "replan"), [(20, 1, False), (40, 2, True), (60, 3, False)]
)
def test_agrees_with_reference_scorer(tmp_path, people: int, seed: int, replan: bool) -> None:
    data = generate(people, seed, replan)
    inst = parse_instance(data)
    for pairs in _random_plans(data, 2, seed):
        ref = reference_score(data, plan_dict(data["name"], pairs), tmp_path)
        try:
            mine = score(inst, pairs)
        except PlanInvalid as e:
            assert isinstance(ref, str), ref
            prefix = f"invalid: rule {e.rule}:" if e.rule else "invalid: unknown"
            assert ref.startswith(prefix), (ref, str(e))
            continue
        assert isinstance(ref, dict), ref
        for k, v in mine.breakdown().items():
            assert v == pytest.approx(ref.get(k, 0.0), abs=0.005), k
        assert mine.hours_met_pct == ref["hours_met_pct"]


@pytest.mark.skipif(shared_planning() is None, reason="../shared/planning is absent")
def test_agrees_with_reference_on_public_instance(tmp_path) -> None:
    import json

    ref_dir = shared_planning()
    data = json.loads((ref_dir / "instances" / "gron-s-s1.json").read_text())
    inst = parse_instance(data)
    for pairs in _random_plans(data, 2, 7)[:2]:
        ref = reference_score(data, plan_dict(data["name"], pairs), tmp_path)
        mine = score(inst, pairs)
        assert mine.total == pytest.approx(ref["total"], abs=0.005)
