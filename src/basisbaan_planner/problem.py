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
    slot_nb = np.array(
        [nb_index[t.neighbourhood] for t in inst.tasks for _ in t.slots], dtype=np.int64
    )
    slot_task = np.asarray(s_task, dtype=np.int64)
    slot_day = np.asarray(s_day, dtype=np.int64)
    slot_start = np.asarray(s_start, dtype=np.int64)
    slot_end = np.asarray(s_end, dtype=np.int64)

    # Skills and demands as bit masks, in 64-bit words (one column per word).
    vocab: dict[str, int] = {}
    for t in inst.tasks:
        for x in sorted(t.requires | t.demands):
            vocab.setdefault(x, len(vocab))
    n_words = max(1, -(-len(vocab) // 64))

    def mask(items: frozenset[str]) -> np.ndarray:
        m = np.zeros(n_words, dtype=np.uint64)
        for x in items:
            b = vocab.get(x)
            if b is not None:
                m[b // 64] |= np.uint64(1) << np.uint64(b % 64)
        return m

    t_req = np.array([mask(t.requires) for t in inst.tasks]).reshape(-1, n_words)
    t_dem = np.array([mask(t.demands) for t in inst.tasks]).reshape(-1, n_words)
    s_req, s_dem = t_req[slot_task], t_dem[slot_task]
    t_prio = np.array([t.priority for t in inst.tasks], dtype=np.float64)
    categories = {c: q for q, c in enumerate(sorted({t.category for t in inst.tasks}))}
    s_cat = np.array([categories[t.category] for t in inst.tasks], dtype=np.int64)[slot_task]
    hours = slot_hours
    # the part of a pair's cost that does not depend on the participant
    s_base = -w.shortfall_hour * hours - w.uncovered_hour * t_prio[slot_task] * hours
    all_slots = np.arange(len(slot_ids), dtype=np.int64)

    constant = float(w.uncovered_hour * (t_prio[slot_task] * hours * np.asarray(s_cap)).sum())
    parts_p: list[np.ndarray] = []
    parts_s: list[np.ndarray] = []
    parts_c: list[np.ndarray] = []
    parts_v: list[np.ndarray] = []
    ptr = [0]
    for i, p in enumerate(inst.participants):
        constant += w.shortfall_hour * p.contract_hours
        prev = [slot_index.get(sid) for sid in dict.fromkeys(p.previous)]
        constant += w.change_hour * sum(
            float(slot_hours[j]) if j is not None else 1.0 for j in prev
        )
        home = nb_index[p.home]
        ok = (dist[home] <= p.max_travel_km + 1e-9)[slot_nb]
        skills, limited = mask(p.skills), mask(p.limited)
        ok &= ~((s_req & ~skills).any(axis=1)) & ~((s_dem & limited).any(axis=1))
        avail = np.zeros(len(slot_ids), dtype=bool)
        for d, wins in p.availability.items():
            on_day = slot_day == day_no[d]
            for a, b in wins:
                avail |= on_day & (slot_start >= a) & (slot_end <= b)
        sj = all_slots[ok & avail]
        sj = sj[np.lexsort((sj, slot_start[sj], slot_day[sj]))]
        h = hours[sj]
        c = s_base[sj] + w.travel_km * dist[home, slot_nb[sj]]
        if p.wishes:
            wish_ids = [categories[x] for x in p.wishes if x in categories]
            c = c + np.where(np.isin(s_cat[sj], wish_ids), 0.0, w.wish_miss_hour * h)
        prev_idx = np.array([j for j in prev if j is not None], dtype=np.int64)
        is_prev = np.isin(sj, prev_idx)
        if prev:
            c = c + np.where(is_prev, -w.change_hour * h, w.change_hour * h)
        parts_p.append(np.full(len(sj), i, dtype=np.int32))
        parts_s.append(sj.astype(np.int32))
        parts_c.append(c)
        parts_v.append(is_prev)
        ptr.append(ptr[-1] + len(sj))

    def cat(xs: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(xs).astype(dtype) if xs else np.zeros(0, dtype=dtype)

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
        pair_p=cat(parts_p, np.int32),
        pair_s=cat(parts_s, np.int32),
        pair_cost=cat(parts_c, np.float64),
        pair_prev=cat(parts_v, bool),
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
