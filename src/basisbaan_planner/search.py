"""Ruin and recreate over small groups, with the week DP of :mod:`.lagrange` (compiled
with numba, without the GIL, so that two sides of the map are searched at once).

The start plan (:func:`~basisbaan_planner.lagrange.construct`) already spreads people over
the slots the way the LP does; :func:`search` improves it by freeing the weeks of a small
group and letting the group take new ones, judging every change by the full cost
(extra-task term included), and keeping it only when the group's cost fell.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np

from .lagrange import Intervals, _pc, _scratch, _week, _week_cost
from .problem import Problem


@numba.njit(cache=True)
def _take(k, pc, room, holder, nh, on):  # pragma: no cover - compiled
    s = pc[1][k]
    on[k] = True
    if not pc[3][k]:
        room[s] -= 1
    holder[s, nh[s]] = k
    nh[s] += 1


@numba.njit(cache=True)
def _drop(k, pc, room, holder, nh, on):  # pragma: no cover - compiled
    s = pc[1][k]
    on[k] = False
    if not pc[3][k]:
        room[s] += 1
    for q in range(nh[s]):
        if holder[s, q] == k:
            holder[s, q] = holder[s, nh[s] - 1]
            break
    nh[s] -= 1


@numba.njit(cache=True)
def _held(i, pp_ptr, on, buf):  # pragma: no cover - compiled
    """Participant ``i``'s pairs in the plan, written to ``buf``; returns how many."""
    m = 0
    for k in range(pp_ptr[i], pp_ptr[i + 1]):
        if on[k]:
            buf[m] = k
            m += 1
    return m


@numba.njit(cache=True, nogil=True)
def _search(  # pragma: no cover - compiled
    iters,
    seed,
    group_size,
    task_share,
    zero_share,
    task_ptr,
    pc,
    extra,
    price,
    pair_p,
    pp_ptr,
    room,
    kv,
    on,
    holder,
    nh,
    active,
    members,
):
    """Ruin and recreate: free the weeks of a small group (an anchor, sometimes the people
    who work in one of the anchor's tasks, and people holding places that members could
    take), let the group take new weeks one by one (in random order,
    under randomly scaled slot prices), then give each a best response at the true cost;
    keep the result if the group's cost fell, otherwise put the old weeks back.

    Only the ``active`` participants (listed in ``members``) change, and only their part of
    ``on`` is read, so that searches on disjoint parts of a plan can run at the same time.
    Returns the number of accepted changes. Deterministic for a given ``seed``.
    """
    np.random.seed(seed)
    n = len(pp_ptr) - 1
    sc = _scratch(kv)
    out = sc[5]
    zero = np.zeros(len(price))
    scaled = np.zeros(len(price))
    bonus = np.zeros(len(pc[2]) and pc[2].max() + 1)
    pcost = np.zeros(n)
    buf = np.empty(len(out) + 64, dtype=np.int64)
    old_k = np.empty((group_size, len(out) + 64), dtype=np.int64)
    old_m = np.zeros(group_size, dtype=np.int64)
    group = np.empty(group_size, dtype=np.int64)
    in_group = np.zeros(n, dtype=np.bool_)
    for i in members:
        pcost[i] = _week_cost(buf, _held(i, pp_ptr, on, buf), zero, pc, extra)
    accepted = 0
    if len(members) == 0:
        return 0
    for _it in range(iters):
        anchor = members[np.random.randint(len(members))]
        g = 1
        group[0] = anchor
        in_group[anchor] = True
        if np.random.random() < task_share:
            # the people who share one of the anchor's tasks (so that one can take it all)
            m = _held(anchor, pp_ptr, on, buf)
            if m > 0:
                t = pc[2][pc[1][buf[np.random.randint(m)]]]
                for s in range(task_ptr[t], task_ptr[t + 1]):
                    for r in range(nh[s]):
                        j = pair_p[holder[s, r]]
                        if g < group_size and active[j] and not in_group[j]:
                            group[g] = j
                            in_group[j] = True
                            g += 1
        tries = 0
        while g < group_size and tries < 4 * group_size:
            tries += 1
            # a member and one of its slots: add someone who holds a place there
            mem = group[np.random.randint(g)]
            lo = pp_ptr[mem]
            np_ = pp_ptr[mem + 1] - lo
            if np_ == 0:
                continue
            s = pc[1][lo + np.random.randint(np_)]
            if nh[s] == 0:
                continue
            j = pair_p[holder[s, np.random.randint(nh[s])]]
            if active[j] and not in_group[j]:
                group[g] = j
                in_group[j] = True
                g += 1
        # ruin
        old = 0.0
        for q in range(g):
            i = group[q]
            old += pcost[i]
            m = 0
            for k in range(pp_ptr[i], pp_ptr[i + 1]):
                if on[k]:
                    old_k[q, m] = k
                    m += 1
            old_m[q] = m
            for r in range(m):
                _drop(old_k[q, r], pc, room, holder, nh, on)
        # recreate
        u = 0.0 if np.random.random() < zero_share else 0.5 + 0.5 * np.random.random()
        for s in range(len(price)):
            scaled[s] = u * price[s]
        perm = np.random.permutation(g)
        for q in range(g):
            i = group[perm[q]]
            _c, m = _week(i, pc, extra, scaled, room, bonus, kv, sc)
            for r in range(m):
                _take(out[r], pc, room, holder, nh, on)
        new = 0.0
        for q in range(g):
            i = group[perm[q]]
            m0 = _held(i, pp_ptr, on, buf)
            cur = _week_cost(buf, m0, zero, pc, extra)
            for r in range(m0):
                _drop(buf[r], pc, room, holder, nh, on)
            c, m = _week(i, pc, extra, zero, room, bonus, kv, sc)
            if c < cur - 1e-9:
                for r in range(m):
                    _take(out[r], pc, room, holder, nh, on)
                cur = c
            else:
                for r in range(m0):
                    _take(buf[r], pc, room, holder, nh, on)
            new += cur
        if new < old - 1e-6:
            accepted += 1
            for q in range(g):
                i = group[q]
                pcost[i] = _week_cost(buf, _held(i, pp_ptr, on, buf), zero, pc, extra)
        else:
            for q in range(g):
                i = group[q]
                for k in range(pp_ptr[i], pp_ptr[i + 1]):
                    if on[k]:
                        _drop(k, pc, room, holder, nh, on)
            for q in range(g):
                for r in range(old_m[q]):
                    _take(old_k[q, r], pc, room, holder, nh, on)
        for q in range(g):
            in_group[group[q]] = False
    return accepted


def search(
    prob: Problem,
    ivs: Intervals,
    cost: np.ndarray,
    fixed: np.ndarray,
    price: np.ndarray,
    on: np.ndarray,
    *,
    iterations: int,
    seed: int,
    group_size: int = 4,
    task_share: float = 0.85,
    zero_share: float = 0.5,
    part_side: np.ndarray | None = None,
    slot_side: np.ndarray | None = None,
) -> int:
    """Ruin-and-recreate search on plan ``on`` (changed in place); see :func:`_search`.

    With ``part_side`` and ``slot_side`` (a side number per participant and per slot) the
    search runs on every side at once, one thread each, ``iterations`` each: the
    participants of a side change only their own weeks, and take only the free places
    given to their side (a slot's free places go to the slot's side) or places they gave
    up themselves, so the sides never change the same participant or place. The result
    does not depend on how many cores there are.
    """
    n_slots = len(prob.slot_ids)
    n_part = len(prob.part_ids)
    room = prob.slot_cap.astype(np.int64) - np.bincount(prob.pair_s[on & ~fixed], minlength=n_slots)
    room -= np.bincount(prob.pair_s[fixed], minlength=n_slots)
    cap = int(prob.slot_cap.max()) if n_slots else 1
    holder = np.full((n_slots, max(1, cap)), -1, dtype=np.int64)
    nh = np.zeros(n_slots, dtype=np.int64)
    for k in np.flatnonzero(on).tolist():
        s = int(prob.pair_s[k])
        holder[s, nh[s]] = k
        nh[s] += 1
    task_ptr = np.searchsorted(prob.slot_task, np.arange(len(prob.task_ids) + 1)).astype(np.int64)
    pc = _pc(prob, ivs, cost, fixed)
    pair_p = prob.pair_p.astype(np.int64)

    def run(side_seed: int, active: np.ndarray, room_: np.ndarray) -> int:
        return int(
            _search(
                iterations,
                side_seed,
                group_size,
                task_share,
                zero_share,
                task_ptr,
                pc,
                float(prob.extra_task),
                price,
                pair_p,
                prob.part_ptr,
                room_,
                ivs.kernel_args,
                on,
                holder.copy(),
                nh.copy(),
                active,
                np.flatnonzero(active).astype(np.int64),
            )
        )

    if part_side is None or slot_side is None:
        return run(seed, np.ones(n_part, dtype=np.bool_), room)
    n_sides = int(max(part_side.max(initial=0), slot_side.max(initial=0))) + 1
    # each side gets its own participants and a slot's free places go to the slot's side;
    # a place a participant gives up stays with the participant's side
    jobs = [
        (seed * 31 + j, part_side == j, np.where(slot_side == j, room, 0)) for j in range(n_sides)
    ]
    with ThreadPoolExecutor(max_workers=n_sides) as pool:
        return sum(pool.map(lambda job: run(*job), jobs))
