"""Exact re-planning of groups with HiGHS MIP (the large-neighbourhood search and the
whole-week MIP of small instances), and the LP relaxation that the latter fixes pairs by.
"""

from __future__ import annotations

import numpy as np

from . import milp
from .problem import Problem
from .state import State


class Neighbourhoods:
    """Chooses the participant groups of the large-neighbourhood search (seeded)."""

    def __init__(self, prob: Problem, rng: np.random.Generator) -> None:
        inst = prob.instance
        nb = inst.neighbourhood_by_id
        self.prob = prob
        self.rng = rng
        self.xy = np.array([(nb[p.home].x_km, nb[p.home].y_km) for p in inst.participants])
        self.xy = self.xy.reshape(-1, 2)

    def around(self, state: State, anchor: int, size: int) -> np.ndarray:
        """``anchor``, the participants holding places ``anchor`` could take, and neighbours.

        Holders compete with the anchor directly (freeing them allows chains of moves);
        the rest of the group are the nearest participants by home, with some noise.
        """
        prob = self.prob
        lo, hi = int(prob.part_ptr[anchor]), int(prob.part_ptr[anchor + 1])
        my_slots = np.unique(prob.pair_s[lo:hi])
        # holders of those slots
        held = state.on & np.isin(prob.pair_s, my_slots)
        holders = prob.pair_p[held]
        chosen = [anchor]
        if len(holders):
            cnt = np.bincount(holders, minlength=len(prob.part_ids)).astype(np.float64)
            cnt[anchor] = 0
            cnt += self.rng.random(len(cnt)) * 0.5
            cand = np.flatnonzero(cnt >= 1.0)
            cand = cand[np.argsort(-cnt[cand], kind="stable")]
            chosen.extend(cand[: max(0, size // 2)].tolist())
        d = np.hypot(self.xy[:, 0] - self.xy[anchor, 0], self.xy[:, 1] - self.xy[anchor, 1])
        d = d + self.rng.random(len(d)) * 2.0
        taken = np.zeros(len(d), dtype=bool)
        taken[chosen] = True
        for i in np.argsort(d, kind="stable").tolist():
            if len(chosen) >= size:
                break
            if not taken[i]:
                chosen.append(i)
                taken[i] = True
        return np.sort(np.asarray(chosen, dtype=np.int64))


def sub_pairs(
    state: State, group: np.ndarray, cap: np.ndarray, allowed: np.ndarray, keep: int
) -> list[np.ndarray]:
    """Candidate pairs of each group member for a sub-problem.

    Pairs of full slots are dropped; per (day, start, end) only the ``keep`` cheapest
    remain (pairs in one interval are interchangeable for rules 5-7); pairs held now and
    pinned pairs always stay, so the current plan is a feasible start.
    """
    prob = state.prob
    out = []
    for i in group.tolist():
        lo, hi = int(prob.part_ptr[i]), int(prob.part_ptr[i + 1])
        ks = np.arange(lo, hi)
        sl = prob.pair_s[lo:hi]
        ok = (cap[sl] > 0) & allowed[lo:hi]
        held = state.on[lo:hi]
        ks_ok = ks[ok]
        if len(ks_ok) > keep:
            key = (
                prob.slot_day[prob.pair_s[ks_ok]].astype(np.int64) * 2000
                + prob.slot_start[prob.pair_s[ks_ok]]
            ) * 2000 + prob.slot_end[prob.pair_s[ks_ok]]
            order = np.lexsort((prob.pair_cost[ks_ok], key))
            ksr = key[order]
            first = np.ones(len(ksr), dtype=bool)
            first[1:] = ksr[1:] != ksr[:-1]
            gstart = np.maximum.accumulate(np.where(first, np.arange(len(ksr)), 0))
            rank = np.arange(len(ksr)) - gstart
            sel = np.zeros(hi - lo, dtype=bool)
            sel[ks_ok[order[rank < keep]] - lo] = True
        else:
            sel = ok.copy()
        sel |= held
        out.append(ks[sel])
    return out


def solve_group(
    state: State,
    group: np.ndarray,
    fixed_one: np.ndarray,
    fixed_zero: np.ndarray,
    *,
    seed: int,
    time_cap: float,
    keep: int,
    options: dict[str, object],
) -> tuple[bool, float, dict[str, float]]:
    """Re-plan ``group`` exactly with HiGHS ``options`` (node limit, gap) and a safety
    ``time_cap`` in wall seconds. Returns (improved, gain, info).

    Per participant and interval only the ``keep`` cheapest pairs with room take part
    (:func:`sub_pairs`); the current plan is the start.
    """
    prob = state.prob
    cap = prob.slot_cap.astype(np.int64).copy()
    # places taken by participants outside the group
    in_group = np.zeros(len(prob.part_ids), dtype=bool)
    in_group[group] = True
    cap -= state.used
    for i in group.tolist():
        lo, hi = int(prob.part_ptr[i]), int(prob.part_ptr[i + 1])
        np.add.at(cap, prob.pair_s[lo:hi][state.on[lo:hi]], 1)
    lists = sub_pairs(state, group, cap, ~fixed_zero, keep)
    model = milp.build(prob, group, lists, cap, fixed_one, fixed_zero)
    x0 = np.zeros(model.n_cols)
    x0[: model.n_x] = state.on[model.pairs]
    milp.complete_start(prob, model, x0)
    cur = float(model.col_cost @ x0)
    x, stats = run_mip(
        model,
        x0,
        seed=seed,
        keep_capped=True,
        time_cap=max(0.05, time_cap),
        options=options,
    )
    if x is None:
        return False, 0.0, stats
    new = float(model.col_cost @ np.round(x))
    if new < cur - 1e-6:
        xs = np.round(x[: model.n_x]) > 0.5
        chosen = model.pairs[xs]
        by_p: dict[int, list[int]] = {int(i): [] for i in group}
        for k in chosen.tolist():
            by_p[int(prob.pair_p[k])].append(k)
        for i, ks in by_p.items():
            state.set_participant(i, ks)
        return True, cur - new, stats
    return False, 0.0, stats


def lp_relaxation(
    prob: Problem, fixed_one: np.ndarray, fixed_zero: np.ndarray, time_cap: float
) -> np.ndarray | None:
    """The LP relaxation's value per pair (HiGHS interior point), or ``None`` if it did not
    finish within ``time_cap``."""
    import highspy

    model = milp.build(prob, fixed_one=fixed_one, fixed_zero=fixed_zero)
    h = milp.solve_lp(model, time_cap)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.zeros(prob.n_pairs)
    x[model.pairs] = np.asarray(h.getSolution().col_value)[: model.n_x]
    return x


def run_mip(
    model: milp.Model,
    x0: np.ndarray,
    *,
    seed: int,
    time_cap: float,
    options: dict[str, object],
    keep_capped: bool = False,
) -> tuple[np.ndarray | None, dict[str, float]]:
    """Solve ``model`` with HiGHS MIP from start ``x0``.

    Returns the solution, or ``None`` if HiGHS found nothing or stopped on ``time_cap``:
    a capped result is thrown away (unless ``keep_capped``) so that the search only depends
    on sub-MIPs that finished on their deterministic limits (node limit, gap).
    """
    import highspy

    h = milp.to_highs(model, integer=True, time_limit=time_cap, seed=seed, options=options)
    milp.set_start(h, x0)
    h.run()
    info = h.getInfo()
    capped = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    stats = {
        "nodes": float(info.mip_node_count),
        "lp_iters": float(info.simplex_iteration_count),
        "capped": float(capped),
    }
    if (capped and not keep_capped) or info.primal_solution_status != 2:
        return None, stats
    return np.asarray(h.getSolution().col_value), stats
