"""The exact model (``milp.build``) checked directly: its columns, bounds and rows on the
hand-made tiny instance, and its meaning (the model's cost of a plan is the scorer's)."""

from __future__ import annotations

import itertools

import highspy
import numpy as np
import pytest
from conftest import tiny_instance

from basisbaan_planner import milp
from basisbaan_planner.generate import generate
from basisbaan_planner.model import parse_instance
from basisbaan_planner.problem import compile_problem
from basisbaan_planner.score import PlanInvalid, score

# rule 2 keeps P2 out of A (no cooking), rule 3 P1 out of B (heavy work), rule 4 P1 out of
# C.tue (free until 13:00 on Tuesday), rule 8 P1 out of D (9 km away, at most 6)
TINY_PAIRS = {
    ("P1", "A.mon"),
    ("P1", "A.tue"),
    ("P1", "C.mon"),
    ("P2", "B.mon"),
    ("P2", "C.mon"),
    ("P2", "C.tue"),
    ("P2", "D.tue"),
}


@pytest.fixture(scope="module")
def inst():
    return parse_instance(tiny_instance())


@pytest.fixture(scope="module")
def prob(inst):
    return compile_problem(inst)


def dense(model: milp.Model) -> np.ndarray:
    """The constraint matrix as a dense array (rows x columns)."""
    a = np.zeros((len(model.row_upper), model.n_cols))
    for j in range(model.n_cols):
        lo, hi = model.a_start[j], model.a_start[j + 1]
        a[model.a_index[lo:hi], j] = model.a_value[lo:hi]
    return a


def column(prob, model: milp.Model, pid: str, sid: str) -> int:
    keys = [prob.pair_key(int(k)) for k in model.pairs]
    return keys.index((pid, sid))


def rows_over(a: np.ndarray, cols: list[int], n_x: int) -> list[int]:
    """Rows whose x part touches exactly ``cols``."""
    want = set(cols)
    return [r for r in range(a.shape[0]) if set(np.flatnonzero(a[r, :n_x]).tolist()) == want]


def test_columns_are_the_candidate_pairs_plus_task_and_work_columns(prob) -> None:
    model = milp.build(prob)
    assert model.n_x == prob.n_pairs == len(TINY_PAIRS)
    assert np.array_equal(model.pairs, np.arange(prob.n_pairs))
    assert {prob.pair_key(int(k)) for k in model.pairs} == TINY_PAIRS
    # y per task with two candidate slots (P1: A; P2: C) and z per participant
    assert model.n_cols == 7 + 2 + 2
    assert (model.col_lower == 0).all() and (model.col_upper == 1).all()
    # the objective of the x columns is the pair cost, plus the extra-task weight where
    # the task has a single candidate slot (folded in: y = x)
    single = {("P1", "C.mon"), ("P2", "B.mon"), ("P2", "D.tue")}
    for k in range(prob.n_pairs):
        extra = 3.0 if prob.pair_key(k) in single else 0.0
        assert model.col_cost[k] == pytest.approx(prob.pair_cost[k] + extra)
    # y columns cost the extra task, z columns take one back ("- 1")
    assert sorted(model.col_cost[7:].tolist()) == [-3.0, -3.0, 3.0, 3.0]


def test_pins_and_forbids_fix_their_columns(prob) -> None:
    one = np.zeros(prob.n_pairs, dtype=bool)
    zero = np.zeros(prob.n_pairs, dtype=bool)
    plain = milp.build(prob)  # columns in pair order
    one[column(prob, plain, "P1", "A.mon")] = True
    k_zero = column(prob, plain, "P2", "C.tue")
    zero[k_zero] = True
    model = milp.build(prob, fixed_one=one, fixed_zero=zero)
    k_one = column(prob, model, "P1", "A.mon")
    assert (model.col_lower[k_one], model.col_upper[k_one]) == (1.0, 1.0)
    assert (model.col_lower[k_zero], model.col_upper[k_zero]) == (0.0, 0.0)
    others = [k for k in range(model.n_cols) if k not in (k_one, k_zero)]
    assert (model.col_lower[others] == 0).all() and (model.col_upper[others] == 1).all()


def test_rows_say_the_hard_rules(prob) -> None:
    model = milp.build(prob)
    a = dense(model)
    n_cap = len(model.cap_slots)
    # rule 1: one capacity row per slot, first, with the slot's places as upper bound
    caps = {prob.slot_ids[s]: model.row_upper[r] for r, s in enumerate(model.cap_slots)}
    assert caps == {"A.mon": 1, "A.tue": 1, "B.mon": 2, "C.mon": 1, "C.tue": 1, "D.tue": 1}
    c_mon = [column(prob, model, "P1", "C.mon"), column(prob, model, "P2", "C.mon")]
    r = model.cap_slots.tolist().index(prob.slot_index["C.mon"])
    assert sorted(np.flatnonzero(a[r]).tolist()) == sorted(c_mon)
    assert (model.row_lower[:n_cap] == -np.inf).all()
    p1 = [column(prob, model, "P1", s) for s in ("A.mon", "C.mon", "A.tue")]
    p2 = [column(prob, model, "P2", s) for s in ("B.mon", "C.mon", "C.tue", "D.tue")]
    hours = prob.slot_hours[prob.pair_s]
    # rule 6: weekly hours (P1 could take 11 h of 8, P2 12 h of 6)
    (w1,) = [r for r in rows_over(a, p1, 7) if r >= n_cap]
    assert model.row_upper[w1] == 8 and np.allclose(a[w1, p1], hours[p1])
    (w2,) = [r for r in rows_over(a, p2, 7) if r >= n_cap]
    assert model.row_upper[w2] == 6 and np.allclose(a[w2, p2], hours[p2])
    # rule 7: P1's Monday (A.mon 4 h + C.mon 3 h > 6); P2's Monday (4 h) cannot bind
    mon1 = [column(prob, model, "P1", s) for s in ("A.mon", "C.mon")]
    (d1,) = rows_over(a, mon1, 7)
    assert model.row_upper[d1] == 6 and np.allclose(a[d1, mon1], [4, 3])
    mon2 = [column(prob, model, "P2", s) for s in ("B.mon", "C.mon")]
    # rule 5: B.mon (12-15) and C.mon (13-16) overlap: at most one of them
    (clique,) = rows_over(a, mon2, 7)
    assert model.row_upper[clique] == 1 and np.allclose(a[clique, mon2], 1)


def test_capacity_override_and_group(prob) -> None:
    """A sub-problem: one participant, some of its pairs, capacities as given."""
    p2 = prob.part_index["P2"]
    lo = int(prob.part_ptr[p2])
    chosen = np.array([lo, lo + 1], dtype=np.int64)
    cap = prob.slot_cap.astype(np.int64).copy()
    cap[prob.pair_s[lo + 1]] = 0  # its place is taken by someone outside the group
    model = milp.build(prob, np.array([p2]), [chosen], cap)
    assert np.array_equal(model.pairs, chosen)
    assert model.row_upper[: len(model.cap_slots)].tolist() == cap[prob.pair_s[chosen]].tolist()


def all_valid_plans(inst, prob):
    """Every valid plan of the tiny instance, by brute force over its 7 pairs."""
    keys = [prob.pair_key(k) for k in range(prob.n_pairs)]
    for r in range(len(keys) + 1):
        for sub in itertools.combinations(range(len(keys)), r):
            try:
                yield list(sub), score(inst, [keys[k] for k in sub]).total
            except PlanInvalid:
                continue


def test_model_cost_is_the_scorers_and_highs_finds_the_optimum(inst, prob) -> None:
    model = milp.build(prob)
    a = dense(model)
    plans = list(all_valid_plans(inst, prob))
    assert len(plans) > 10
    for ks, total in plans:
        x = np.zeros(model.n_cols)
        x[ks] = 1.0
        milp.complete_start(prob, model, x)
        assert (a @ x <= model.row_upper + 1e-9).all()  # valid plans meet every row
        assert prob.constant + float(model.col_cost @ x) == pytest.approx(
            total, abs=1e-3
        )  # scored to 1e-3
    h = milp.to_highs(model, integer=True, time_limit=30, options={"mip_rel_gap": 0.0})
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    x = np.asarray(h.getSolution().col_value)
    pairs = [prob.pair_key(int(k)) for k in model.pairs[np.round(x[: model.n_x]) > 0.5]]
    cost = h.getInfo().objective_function_value + prob.constant
    assert score(inst, pairs).total == pytest.approx(cost, abs=0.01)
    assert cost == pytest.approx(min(total for _ks, total in plans), abs=0.01)


def test_invalid_plan_breaks_a_row(prob) -> None:
    model = milp.build(prob)
    a = dense(model)
    x = np.zeros(model.n_cols)
    # P2 on B.mon and C.mon: overlapping slots (rule 5)
    x[[column(prob, model, "P2", "B.mon"), column(prob, model, "P2", "C.mon")]] = 1.0
    milp.complete_start(prob, model, x)
    assert (a @ x > model.row_upper + 1e-9).any()


def test_generated_week_highs_cost_matches_score() -> None:
    inst = parse_instance(generate(8, 4))
    prob = compile_problem(inst)
    model = milp.build(prob)
    assert model.n_x == prob.n_pairs
    assert len(model.cap_slots) == len(np.unique(prob.pair_s))
    assert np.array_equal(model.row_upper[: len(model.cap_slots)], prob.slot_cap[model.cap_slots])
    h = milp.to_highs(model, integer=True, time_limit=60, options={"mip_rel_gap": 1e-6})
    h.run()
    assert h.getInfo().primal_solution_status == 2
    x = np.asarray(h.getSolution().col_value)
    pairs = [prob.pair_key(int(k)) for k in model.pairs[np.round(x[: model.n_x]) > 0.5]]
    assert pairs
    cost = h.getInfo().objective_function_value + prob.constant
    assert score(inst, pairs).total == pytest.approx(cost, abs=0.01)
