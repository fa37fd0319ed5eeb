"""Compile an :class:`~basisbaan_planner.model.Instance` into flat arrays for the solvers.

Rules 2, 3, 4 and 8 only decide which (participant, slot) pairs are possible, so they are
applied once here: the result lists the *candidate pairs* and the linear cost of each.
The objective of every plan is ``constant + sum(pair_cost[x]) + extra-task term`` where
the extra-task term is ``w.extra_task * (distinct tasks - 1)`` per participant with work.

Per pair the linear cost is (h = slot hours)::

    -w.shortfall_hour * h                      one hour less shortfall
    -w.uncovered_hour * priority * h           one place less uncovered
    +w.wish_miss_hour * h                      if the participant has wishes, not this one
    +w.travel_km * km
    -/+ w.change_hour * h                      kept / new previous slot (if previous)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .model import DAYS, Instance


@dataclass(slots=True)
class Problem:
    """Flat arrays describing the candidate pairs (index ``k``) of an instance."""

    instance: Instance
    constant: float
    # slots (index j)
    slot_ids: list[str]
    slot_index: dict[str, int]
    slot_task: np.ndarray  # int32, task index
    slot_day: np.ndarray  # int8
    slot_start: np.ndarray  # int32 minutes
    slot_end: np.ndarray
    slot_hours: np.ndarray  # float64
    slot_cap: np.ndarray  # int32
    # participants (index i)
    part_ids: list[str]
    part_index: dict[str, int]
    contract: np.ndarray  # float64
    max_day: np.ndarray  # float64
    # pairs (index k), sorted by participant, then day, then start
    pair_p: np.ndarray  # int32
    pair_s: np.ndarray  # int32
    pair_cost: np.ndarray  # float64
    pair_prev: np.ndarray  # bool: slot in participant's previous
    part_ptr: np.ndarray  # int64, pairs of participant i are part_ptr[i]:part_ptr[i+1]
    task_ids: list[str]
    extra_task: float

    @property
    def n_pairs(self) -> int:
        return len(self.pair_p)

    def pair_key(self, k: int) -> tuple[str, str]:
        return self.part_ids[self.pair_p[k]], self.slot_ids[self.pair_s[k]]


def compile_problem(inst: Instance) -> Problem:
    """Enumerate candidate pairs (rules 2, 3, 4 and 8) and their linear costs."""
    w = inst.weights
    day_no = {d: i for i, d in enumerate(DAYS)}
    task_ids = [t.id for t in inst.tasks]
    task_index = {t: i for i, t in enumerate(task_ids)}
    slot_ids: list[str] = []
    s_task, s_day, s_start, s_end, s_cap = [], [], [], [], []
    for t in inst.tasks:
        for s in t.slots:
            slot_ids.append(s.id)
            s_task.append(task_index[t.id])
            s_day.append(day_no[s.day])
            s_start.append(s.start)
            s_end.append(s.end)
            s_cap.append(s.people)
    slot_index = {s: j for j, s in enumerate(slot_ids)}
    slot_hours = (np.asarray(s_end, dtype=np.float64) - np.asarray(s_start)) / 60.0

    # Distances between neighbourhoods.
    nb_ids = [n.id for n in inst.neighbourhoods]
    nb_index = {n: i for i, n in enumerate(nb_ids)}
    xy = np.array([(n.x_km, n.y_km) for n in inst.neighbourhoods], dtype=np.float64).reshape(-1, 2)
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    tasks_in_nb: list[list[int]] = [[] for _ in nb_ids]
    for ti, t in enumerate(inst.tasks):
        tasks_in_nb[nb_index[t.neighbourhood]].append(ti)

    # Bit masks for skills / demands.
    vocab: dict[str, int] = {}

    def mask(items: frozenset[str]) -> int:
        m = 0
        for x in items:
            m |= 1 << vocab.setdefault(x, len(vocab))
        return m

    t_req = [mask(t.requires) for t in inst.tasks]
    t_dem = [mask(t.demands) for t in inst.tasks]
    t_slots: list[list[int]] = []
    j = 0
    for t in inst.tasks:
        t_slots.append(list(range(j, j + len(t.slots))))
        j += len(t.slots)
    t_prio = np.array([t.priority for t in inst.tasks], dtype=np.float64)
    t_cat = [t.category for t in inst.tasks]

    constant = 0.0
    for t in inst.tasks:
        for s in t.slots:
            constant += w.uncovered_hour * t.priority * s.hours * s.people
    pp: list[int] = []
    ps: list[int] = []
    pc: list[float] = []
    pv: list[bool] = []
    ptr = [0]
    for i, p in enumerate(inst.participants):
        constant += w.shortfall_hour * p.contract_hours
        prev = set(p.previous)
        for sid in prev:
            j2 = slot_index.get(sid)
            constant += w.change_hour * (slot_hours[j2] if j2 is not None else 1.0)
        skills = mask(p.skills)
        limited = mask(p.limited)
        home = nb_index[p.home]
        rows: list[tuple[int, int, int, float, bool]] = []
        for nb in np.flatnonzero(dist[home] <= p.max_travel_km + 1e-9):
            km = math.hypot(xy[home, 0] - xy[nb, 0], xy[home, 1] - xy[nb, 1])
            for ti in tasks_in_nb[nb]:
                if t_req[ti] & ~skills or t_dem[ti] & limited:
                    continue
                wish = w.wish_miss_hour if p.wishes and t_cat[ti] not in p.wishes else 0.0
                for sj in t_slots[ti]:
                    wins = p.availability.get(DAYS[s_day[sj]])
                    if not wins or not any(a <= s_start[sj] and s_end[sj] <= b for a, b in wins):
                        continue
                    h = float(slot_hours[sj])
                    c = -w.shortfall_hour * h - w.uncovered_hour * t_prio[ti] * h + wish * h
                    c += w.travel_km * km
                    is_prev = slot_ids[sj] in prev
                    if prev:
                        c += -w.change_hour * h if is_prev else w.change_hour * h
                    rows.append((s_day[sj], s_start[sj], sj, c, is_prev))
        rows.sort()
        for _d, _a, sj, c, is_prev in rows:
            pp.append(i)
            ps.append(sj)
            pc.append(c)
            pv.append(is_prev)
        ptr.append(len(pp))
    return Problem(
        instance=inst,
        constant=constant,
        slot_ids=slot_ids,
        slot_index=slot_index,
        slot_task=np.asarray(s_task, dtype=np.int32),
        slot_day=np.asarray(s_day, dtype=np.int8),
        slot_start=np.asarray(s_start, dtype=np.int32),
        slot_end=np.asarray(s_end, dtype=np.int32),
        slot_hours=slot_hours,
        slot_cap=np.asarray(s_cap, dtype=np.int32),
        part_ids=[p.id for p in inst.participants],
        part_index={p.id: i for i, p in enumerate(inst.participants)},
        contract=np.array([p.contract_hours for p in inst.participants], dtype=np.float64),
        max_day=np.array([p.max_hours_per_day for p in inst.participants], dtype=np.float64),
        pair_p=np.asarray(pp, dtype=np.int32),
        pair_s=np.asarray(ps, dtype=np.int32),
        pair_cost=np.asarray(pc, dtype=np.float64),
        pair_prev=np.asarray(pv, dtype=bool),
        part_ptr=np.asarray(ptr, dtype=np.int64),
        task_ids=task_ids,
        extra_task=w.extra_task,
    )


def prune(prob: Problem, per_interval: int) -> np.ndarray:
    """Mask keeping, per participant and distinct (day, start, end), the cheapest pairs.

    Pairs in the same interval are interchangeable for rules 5-7, so a participant rarely
    needs more than a few alternatives per interval (the others are taken only if the
    cheaper ones are full). Previous-week pairs are always kept. A heuristic reduction for
    the search, never used for the lower bound.
    """
    key_iv = (
        (prob.pair_p.astype(np.int64) * 7 + prob.slot_day[prob.pair_s].astype(np.int64))
        * 2000
        * 2000
        + prob.slot_start[prob.pair_s].astype(np.int64) * 2000
        + prob.slot_end[prob.pair_s].astype(np.int64)
    )
    order = np.lexsort((prob.pair_cost, key_iv))
    ks = key_iv[order]
    first = np.ones(len(ks), dtype=bool)
    first[1:] = ks[1:] != ks[:-1]
    grp_start = np.maximum.accumulate(np.where(first, np.arange(len(ks)), 0))
    rank = np.arange(len(ks)) - grp_start
    keep = np.zeros(len(ks), dtype=bool)
    keep[order] = rank < per_interval
    return keep | prob.pair_prev
