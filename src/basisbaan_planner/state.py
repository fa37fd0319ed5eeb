"""The plan being built: a boolean vector over candidate pairs, with the bookkeeping that
checks the hard rules (5, 6, 7 and 1) as pairs are added, and the plan's exact cost."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .problem import Problem


class State:
    """The current assignment as a boolean vector over candidate pairs, with bookkeeping."""

    def __init__(self, prob: Problem) -> None:
        self.prob = prob
        self.on = np.zeros(prob.n_pairs, dtype=bool)
        self.used = np.zeros(len(prob.slot_ids), dtype=np.int32)
        n = len(prob.part_ids)
        self.week = np.zeros(n)
        self.day = np.zeros((n, 7))
        self.busy: list[dict[int, list[tuple[int, int]]]] = [{} for _ in range(n)]
        self.tasks: list[dict[int, int]] = [{} for _ in range(n)]

    def can_add(self, k: int) -> bool:
        p = self.prob
        i, s = int(p.pair_p[k]), int(p.pair_s[k])
        if self.on[k] or self.used[s] >= p.slot_cap[s]:
            return False
        h = p.slot_hours[s]
        if self.week[i] + h > p.contract[i] + 1e-9:
            return False
        d = int(p.slot_day[s])
        if self.day[i, d] + h > p.max_day[i] + 1e-9:
            return False
        a, b = int(p.slot_start[s]), int(p.slot_end[s])
        return all(not (a < xb and xa < b) for xa, xb in self.busy[i].get(d, ()))

    def add(self, k: int) -> None:
        p = self.prob
        i, s = int(p.pair_p[k]), int(p.pair_s[k])
        self.on[k] = True
        self.used[s] += 1
        h = p.slot_hours[s]
        d = int(p.slot_day[s])
        self.week[i] += h
        self.day[i, d] += h
        self.busy[i].setdefault(d, []).append((int(p.slot_start[s]), int(p.slot_end[s])))
        t = int(p.slot_task[s])
        self.tasks[i][t] = self.tasks[i].get(t, 0) + 1

    def set_participant(self, i: int, ks: Iterable[int]) -> None:
        """Replace participant ``i``'s assignments by pairs ``ks`` (assumed valid)."""
        p = self.prob
        lo, hi = int(p.part_ptr[i]), int(p.part_ptr[i + 1])
        old = np.flatnonzero(self.on[lo:hi]) + lo
        np.subtract.at(self.used, p.pair_s[old], 1)
        self.on[lo:hi] = False
        self.week[i] = 0.0
        self.day[i] = 0.0
        self.busy[i] = {}
        self.tasks[i] = {}
        for k in ks:
            self.add(int(k))

    def objective(self) -> float:
        """Cost of the current assignment (same value as the scorer, unrounded)."""
        return plan_cost(self.prob, self.on)

    def participant_cost(self, i: int) -> float:
        p = self.prob
        lo, hi = int(p.part_ptr[i]), int(p.part_ptr[i + 1])
        c = float(p.pair_cost[lo:hi][self.on[lo:hi]].sum())
        if self.tasks[i]:
            c += p.extra_task * (len(self.tasks[i]) - 1)
        return c

    def pairs(self) -> list[tuple[str, str]]:
        return [self.prob.pair_key(int(k)) for k in np.flatnonzero(self.on)]


def greedy(state: State, allowed: np.ndarray, order_keys: np.ndarray) -> None:
    """Add allowed pairs in ``order_keys`` order whenever all hard rules still hold."""
    p = state.prob
    cand = np.flatnonzero(allowed & ~state.on)
    cand = cand[np.argsort(order_keys[cand], kind="stable")]
    full = state.week >= p.contract - 1e-9
    for k in cand.tolist():
        i = int(p.pair_p[k])
        if full[i]:
            continue
        if state.can_add(k):
            state.add(k)
            if state.week[i] >= p.contract[i] - 1e-9:
                full[i] = True


def set_plan(state: State, on: np.ndarray) -> None:
    """Make ``state`` hold exactly the pairs of ``on`` (a mask over pairs)."""
    for i in range(len(state.prob.part_ids)):
        state.set_participant(i, ())
    for k in np.flatnonzero(on).tolist():
        state.add(k)


def plan_cost(prob: Problem, on: np.ndarray) -> float:
    """Cost of the plan ``on`` (a mask over pairs), as the scorer prices it."""
    ks = np.flatnonzero(on)
    pt = np.unique(
        prob.pair_p[ks].astype(np.int64) * len(prob.task_ids) + prob.slot_task[prob.pair_s[ks]]
    )
    with_work = len(np.unique(prob.pair_p[ks]))
    return prob.constant + float(prob.pair_cost[ks].sum()) + prob.extra_task * (len(pt) - with_work)
