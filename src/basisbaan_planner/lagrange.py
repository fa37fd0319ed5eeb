"""Slot prices by Lagrangian relaxation, and plans built with them.

Relax rule 1 (slot capacity) with a price ``p[s] >= 0`` per slot: the problem then splits
into one problem per participant, *the cheapest week under prices*, which is solved exactly
by dynamic programming (:func:`_best_week`):

* per day, a weighted interval scheduling over the participant's distinct (start, end)
  intervals, each worth its cheapest pair after prices, with a dimension for the hours used
  that day (at most ``max_hours_per_day``), counted in half hours;
* over the week, a knapsack over the days' hour counts (at most ``contract_hours``).

All participants together take milliseconds (about 20 ms for 1,200, compiled with numba),
so the prices are found by subgradient optimisation: a slot that is wanted by more people
than it has places gets dearer, an unused one cheaper. For any prices, ``sum of the
participants' optima - sum p[s] * capacity[s]`` is a lower bound of the plan's cost
(Lagrangian duality; the extra-task term, which the DP does not see, is non-negative, so
leaving it out keeps the bound valid).

The prices say which places are contested. :func:`construct` builds a plan: the
participants in a given order take their cheapest week under the prices among the places
still free. That is the engine's start, far better than a greedy one, because it already
spreads people over the slots the way the LP does. :func:`.search.search` then improves it
by ruin and recreate over small groups, judging every change by the full cost.

The DP itself ignores the extra-task term (3 per distinct task beyond the first);
:func:`_week` steers towards fewer tasks with a second run, and every comparison of weeks
uses the full cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numba
import numpy as np

from .problem import Problem

INF = np.inf
#: The cost given to a pinned pair, so that every cheapest week holds its pins.
PIN = 1e6
#: Runs of the week DP per participant in :func:`_week` (the later ones steer towards
#: fewer distinct tasks).
WEEK_ROUNDS = 2


@dataclass(slots=True)
class Intervals:
    """Each participant's distinct (day, start, end) intervals, with their pairs.

    Intervals of a participant are ``part_ptr[i]:part_ptr[i+1]``, ordered by day, then
    end; the pairs of interval ``v`` are ``pairs[pair_ptr[v]:pair_ptr[v+1]]``.
    ``pred[v]`` counts the intervals of the same participant and day that end no later
    than ``v`` starts (they come first in that order).
    """

    part_ptr: np.ndarray
    day: np.ndarray
    units: np.ndarray  # half hours
    pred: np.ndarray
    pair_ptr: np.ndarray
    pairs: np.ndarray
    contract_units: np.ndarray
    day_units: np.ndarray

    @property
    def kernel_args(self) -> tuple[np.ndarray, ...]:
        return (
            self.part_ptr,
            self.day,
            self.units,
            self.pred,
            self.pair_ptr,
            self.pairs,
            self.contract_units,
            self.day_units,
        )


def intervals_of(prob: Problem) -> Intervals:
    """Group the candidate pairs by participant and interval."""
    s = prob.pair_s
    key_p = prob.pair_p.astype(np.int64)
    day = prob.slot_day[s].astype(np.int64)
    start = prob.slot_start[s].astype(np.int64)
    end = prob.slot_end[s].astype(np.int64)
    order = np.lexsort((prob.pair_cost, start, end, day, key_p))
    kp, kd, ks, ke = key_p[order], day[order], start[order], end[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (kp[1:] != kp[:-1]) | (kd[1:] != kd[:-1]) | (ks[1:] != ks[:-1]) | (ke[1:] != ke[:-1])
    heads = np.flatnonzero(new)
    n_part = len(prob.part_ids)
    part_ptr = np.searchsorted(kp[heads], np.arange(n_part + 1)).astype(np.int64)
    iv_day, iv_start, iv_end = kd[heads], ks[heads], ke[heads]
    return Intervals(
        part_ptr=part_ptr,
        day=iv_day,
        units=(iv_end - iv_start) // 30,
        pred=_predecessors(part_ptr, iv_day, iv_start, iv_end),
        pair_ptr=np.append(heads, len(order)).astype(np.int64),
        pairs=order.astype(np.int64),
        contract_units=np.floor(prob.contract * 2 + 1e-9).astype(np.int64),
        day_units=np.floor(prob.max_day * 2 + 1e-9).astype(np.int64),
    )


@numba.njit(cache=True)
def _predecessors(part_ptr, day, start, end):  # pragma: no cover - compiled
    pred = np.zeros(len(day), dtype=np.int64)
    for i in range(len(part_ptr) - 1):
        b = part_ptr[i + 1]
        blk = part_ptr[i]
        while blk < b:
            e = blk
            while e < b and day[e] == day[blk]:
                e += 1
            for j in range(blk, e):
                c = 0
                for q in range(blk, j):  # ordered by end: those ending <= start come first
                    if end[q] <= start[j]:
                        c = q - blk + 1
                pred[j] = c
            blk = e
    return pred


@numba.njit(cache=True)
def _scratch(kv):  # pragma: no cover - compiled
    """Work arrays for :func:`_best_week`, sized for the largest participant."""
    part_ptr, _day, _units, _pred, _pair_ptr, _pairs, cu, du = kv
    max_iv = 1
    for i in range(len(part_ptr) - 1):
        max_iv = max(max_iv, part_ptr[i + 1] - part_ptr[i])
    max_d = max(1, du.max()) if len(du) else 1
    max_w = max(1, cu.max()) if len(cu) else 1
    return (
        np.empty(max_iv),
        np.empty(max_iv, dtype=np.int64),
        np.empty((max_iv + 8, max_d + 1)),
        np.empty((8, max_w + 1)),
        np.zeros((8, max_w + 1), dtype=np.int64),
        np.empty(max_iv, dtype=np.int64),
        np.empty(max_iv, dtype=np.int64),
    )


@numba.njit(cache=True)
def _best_week(i, pc, price, room, bonus, bmax, charge, kv, sc, out):  # pragma: no cover - compiled
    """Participant ``i``'s cheapest week with pair costs ``cost[k] + price[slot] + charge -
    bonus[task]`` among the places with ``room`` (plus the ``fixed`` pairs, whose places are
    reserved). ``price`` must be >= 0 and ``bmax`` at least the largest bonus. ``pc`` is :func:`_pc`'s tuple, ``kv`` the interval arrays.

    Writes the chosen pairs to ``out`` and returns (value, number of pairs); value 0 and
    no pairs is the empty week. Exact for that objective (see the module docstring).
    """
    q_cost, q_slot, q_task, q_fixed = pc[4], pc[5], pc[6], pc[7]
    part_ptr, day, units, pred, pair_ptr, pairs, contract_units, day_units = kv
    ivv, ivk, F, G, take, _o1, _o2 = sc
    a = part_ptr[i]
    n = part_ptr[i + 1] - a
    D = day_units[i]
    W = contract_units[i]
    for v in range(n):
        best = 0.0
        bq = -1
        for q in range(pair_ptr[a + v], pair_ptr[a + v + 1]):
            if q_cost[q] + charge - bmax >= best:
                break  # pairs come cheapest first and prices are >= 0: none can win
            s = q_slot[q]
            if room[s] <= 0 and not q_fixed[q]:
                continue
            c = q_cost[q] + price[s] + charge - bonus[q_task[q]]
            if c < best:
                best = c
                bq = q
        ivv[v] = best
        ivk[v] = pairs[bq] if bq >= 0 else -1
    # per day: F rows base .. base + m (row base = nothing taken), base = first + day no.
    nd = 0
    v = 0
    dstart = np.empty(8, dtype=np.int64)
    dend = np.empty(8, dtype=np.int64)
    while v < n:
        e = v
        while e < n and day[a + e] == day[a + v]:
            e += 1
        dstart[nd] = v
        dend[nd] = e
        base = v + nd
        for h in range(D + 1):
            F[base, h] = INF
        F[base, 0] = 0.0
        for j in range(v, e):
            r = base + (j - v) + 1
            for h in range(D + 1):
                F[r, h] = F[r - 1, h]
            if ivv[j] < 0.0:
                u = units[a + j]
                pr = base + pred[a + j]
                for h in range(u, D + 1):
                    c = F[pr, h - u] + ivv[j]
                    if c < F[r, h]:
                        F[r, h] = c
        nd += 1
        v = e
    # knapsack over the days
    for h in range(W + 1):
        G[0, h] = INF
    G[0, 0] = 0.0
    for d in range(nd):
        last = dend[d] + d
        for h in range(W + 1):
            G[d + 1, h] = G[d, h]
            take[d + 1, h] = 0
        for u in range(1, min(D, W) + 1):
            fu = F[last, u]
            if fu >= 0.0:
                continue
            for h in range(u, W + 1):
                c = G[d, h - u] + fu
                if c < G[d + 1, h]:
                    G[d + 1, h] = c
                    take[d + 1, h] = u
    hb = 0
    vb = 0.0
    for h in range(W + 1):
        if G[nd, h] < vb:
            vb = G[nd, h]
            hb = h
    m = 0
    h = hb
    for d in range(nd - 1, -1, -1):
        u = take[d + 1, h]
        h -= u
        base = dstart[d] + d
        j = dend[d] - dstart[d]
        while j > 0 and u > 0:
            r = base + j
            if F[r, u] == F[r - 1, u]:
                j -= 1
            else:
                jj = dstart[d] + j - 1
                out[m] = ivk[jj]
                m += 1
                u -= units[a + jj]
                j = pred[a + jj]
    return vb, m


@numba.njit(cache=True)
def _n_tasks(ks, m, pair_s, slot_task):  # pragma: no cover - compiled
    c = 0
    for q in range(m):
        t = slot_task[pair_s[ks[q]]]
        seen = False
        for r in range(q):
            if slot_task[pair_s[ks[r]]] == t:
                seen = True
                break
        if not seen:
            c += 1
    return c


@numba.njit(cache=True)
def _week_cost(ks, m, price, pc, extra):  # pragma: no cover - compiled
    cost, pair_s, slot_task = pc[0], pc[1], pc[2]
    v = 0.0
    for q in range(m):
        v += cost[ks[q]] + price[pair_s[ks[q]]]
    if m > 0:
        v += extra * (_n_tasks(ks, m, pair_s, slot_task) - 1)
    return v


@numba.njit(cache=True)
def _week(i, pc, extra, price, room, bonus, kv, sc):  # pragma: no cover - compiled
    """A cheap week for participant ``i`` by the full cost, extra-task term included.

    :func:`_best_week` is exact without the extra-task term. It runs first as is; then,
    ``WEEK_ROUNDS - 1`` times, with every pair charged ``extra`` unless its task is in the
    week found last (a new task costs ``extra``, one already worked in costs nothing), which
    steers towards weeks with fewer distinct tasks. The cheapest week by the full cost
    wins. Returns (cost, count); the pairs are in ``sc[5]``.
    """
    slot_task = pc[2]
    best = sc[5]
    out = sc[6]
    _v, m_best = _best_week(i, pc, price, room, bonus, 0.0, 0.0, kv, sc, best)
    c_best = _week_cost(best, m_best, price, pc, extra)
    if extra <= 0:
        return c_best, m_best
    m_last = m_best
    for _r in range(WEEK_ROUNDS - 1):
        if m_last == 0:
            break
        src = best if _r == 0 else out
        for q in range(m_last):
            bonus[slot_task[pc[1][src[q]]]] = extra
        tasks = np.empty(m_last, dtype=np.int64)
        for q in range(m_last):
            tasks[q] = slot_task[pc[1][src[q]]]
        _v, m = _best_week(i, pc, price, room, bonus, extra, extra, kv, sc, out)
        for q in range(len(tasks)):
            bonus[tasks[q]] = 0.0
        c = _week_cost(out, m, price, pc, extra)
        m_last = m
        if c < c_best - 1e-9:
            for q in range(m):
                best[q] = out[q]
            c_best, m_best = c, m
    return c_best, m_best


@numba.njit(cache=True)
def _price_all(pc, price, room, bonus, kv, usage):  # pragma: no cover - compiled
    """Every participant's cheapest week under ``price`` (no extra-task term); returns the
    sum of their values and sets ``usage[s]`` to the number of weeks holding slot ``s``."""
    sc = _scratch(kv)
    out = sc[5]
    pair_s = pc[1]
    usage[:] = 0
    total = 0.0
    for i in range(len(kv[0]) - 1):
        val, m = _best_week(i, pc, price, room, bonus, 0.0, 0.0, kv, sc, out)
        total += val
        for q in range(m):
            usage[pair_s[out[q]]] += 1
    return total


@numba.njit(cache=True)
def _construct(order, pc, extra, price, room, bonus, kv, on):  # pragma: no cover - compiled
    """Participants in ``order`` take their cheapest week under ``price`` among the slots
    with ``room`` left (``room`` is decreased; chosen pairs are set in ``on``)."""
    sc = _scratch(kv)
    out = sc[5]
    pair_s, fixed = pc[1], pc[3]
    for t in range(len(order)):
        i = order[t]
        _c, m = _week(i, pc, extra, price, room, bonus, kv, sc)
        for q in range(m):
            on[out[q]] = True
            if not fixed[out[q]]:
                room[pair_s[out[q]]] -= 1


@dataclass(slots=True)
class Prices:
    price: np.ndarray  # per slot
    bound: float  # the best Lagrangian lower bound seen
    iterations: int


def _pc(
    prob: Problem, ivs: Intervals, cost: np.ndarray, fixed: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Pair data for the kernels: by pair (cost, slot, slot -> task, fixed), then the same in
    interval order (cost, slot, task, fixed), which the DP scans from front to back."""
    pair_s = prob.pair_s.astype(np.int64)
    slot_task = prob.slot_task.astype(np.int64)
    q = ivs.pairs
    return (cost, pair_s, slot_task, fixed, cost[q], pair_s[q], slot_task[pair_s[q]], fixed[q])


def _bonus(prob: Problem) -> np.ndarray:
    return np.zeros(max(1, len(prob.task_ids)))


def subgradient(
    prob: Problem,
    ivs: Intervals,
    cost: np.ndarray,
    fixed: np.ndarray,
    *,
    upper: float,
    iterations: int,
    deadline: float,
    now: Callable[[], float],
    patience: int = 10,
    theta: float = 2.0,
) -> Prices:
    """Slot prices by subgradient optimisation of the Lagrangian bound (Polyak steps).

    ``cost`` is the pair cost to use (infinite for forbidden pairs, ``-PIN`` for pinned
    ones, which are ``fixed``); ``upper`` the cost of a known plan (it sets the step sizes).
    The step factor ``theta`` halves after ``patience`` iterations without a better bound; the loop
    ends when it is below 1e-4, after ``iterations``, or at ``deadline``.
    """
    offset = PIN * float(fixed.sum())
    n_slots = len(prob.slot_ids)
    cap = prob.slot_cap.astype(np.float64)
    price = np.zeros(n_slots)
    room = np.ones(n_slots, dtype=np.int64)
    usage = np.zeros(n_slots, dtype=np.int64)
    pc, bonus, kv = _pc(prob, ivs, cost, fixed), _bonus(prob), ivs.kernel_args
    best_bound = -INF
    best_price = price.copy()
    stall = 0
    done = 0
    for done in range(1, iterations + 1):  # noqa: B007 (the count is returned)
        val = _price_all(pc, price, room, bonus, kv, usage)
        bound = prob.constant + offset + val - float(price @ cap)
        if bound > best_bound + 1e-9:
            best_bound, best_price, stall = bound, price.copy(), 0
        else:
            stall += 1
            if stall >= patience:
                theta, stall = theta / 2, 0
        g = usage - cap
        g[(price <= 0) & (g < 0)] = 0.0  # a free slot's price cannot go lower
        if not g.any() or theta < 1e-4 or now() > deadline:
            break
        price = np.maximum(0.0, price + theta * (upper - bound) / float(g @ g) * g)
    return Prices(price=best_price, bound=best_bound, iterations=done)


def construct(
    prob: Problem,
    ivs: Intervals,
    cost: np.ndarray,
    fixed: np.ndarray,
    price: np.ndarray,
    order: np.ndarray,
) -> np.ndarray:
    """A plan: participants in ``order`` take their cheapest week under ``price`` among
    the places still free (the places of ``fixed`` pairs are reserved for them).
    Returns a boolean mask over pairs."""
    on = np.zeros(prob.n_pairs, dtype=bool)
    room = prob.slot_cap.astype(np.int64) - np.bincount(
        prob.pair_s[fixed], minlength=len(prob.slot_ids)
    )
    _construct(
        order.astype(np.int64),
        _pc(prob, ivs, cost, fixed),
        float(prob.extra_task),
        price,
        room,
        _bonus(prob),
        ivs.kernel_args,
        on,
    )
    return on
