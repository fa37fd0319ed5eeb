"""The exact model as a sparse (mixed-integer) linear program, for HiGHS.

Variables (columns):

* ``x[k]`` for each candidate pair ``k`` in the selection: 1 if the participant takes the slot;
* ``y[i,t]`` for each participant ``i`` and task ``t`` with two or more candidate slots:
  1 if ``i`` works in ``t`` (for a task with a single candidate slot, ``y = x`` and its
  extra-task cost is folded into the pair's cost);
* ``z[i]``: 1 if ``i`` has any work (the "- 1" in the extra-task term).

Rows: slot capacity; per participant and day, one clique row per maximal set of mutually
overlapping slots (rule 5), daily hours (rule 7, left out when it cannot bind) and weekly
hours (rule 6); ``x[k] <= y[i,t]``; ``z[i] <= sum y + sum single-slot x``.

Only sparse COO triples are built (a few numpy arrays of the size of the non-zeros) and
handed to HiGHS in CSC form, so 1,200 participants with ~3 million candidate pairs fit in
well under 2 GB.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from .problem import Problem

INF = float("inf")  # highspy.kHighsInf


@dataclass(slots=True)
class Model:
    """A built model; columns ``0 .. n_x-1`` are the selected pairs in ``pairs`` order."""

    cap_slots: np.ndarray  # slot of capacity row r (rows 0 .. len-1)
    pairs: np.ndarray  # int64 pair indices (columns 0..n_x-1)
    n_cols: int
    col_cost: np.ndarray
    col_upper: np.ndarray
    col_lower: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    a_start: np.ndarray
    a_index: np.ndarray
    a_value: np.ndarray
    offset: float

    @property
    def n_x(self) -> int:
        return len(self.pairs)


@lru_cache(maxsize=4096)
def _interval_cliques(intervals: tuple[tuple[int, int], ...]) -> tuple[tuple[int, ...], ...]:
    """Maximal cliques of mutually overlapping intervals (indices into ``intervals``)."""
    n = len(intervals)
    cliques: list[frozenset[int]] = []
    prev: frozenset[int] = frozenset()
    for x in sorted({a for a, _ in intervals}):
        alive = frozenset(i for i in range(n) if intervals[i][0] <= x < intervals[i][1])
        if alive and not alive <= prev:
            cliques.append(alive)
        prev = alive
    kept = [c for c in cliques if not any(c < o for o in cliques)]
    return tuple(tuple(sorted(c)) for c in kept)


def _union_hours(intervals: list[tuple[int, int]]) -> float:
    total, cur_a, cur_b = 0, None, None
    for a, b in sorted(intervals):
        if cur_b is None or a > cur_b:
            if cur_b is not None:
                total += cur_b - cur_a
            cur_a, cur_b = a, b
        else:
            cur_b = max(cur_b, b)
    if cur_b is not None:
        total += cur_b - cur_a
    return total / 60


def build(
    prob: Problem,
    participants: np.ndarray | None = None,
    pair_lists: list[np.ndarray] | None = None,
    capacity: np.ndarray | None = None,
    fixed_one: np.ndarray | None = None,
    fixed_zero: np.ndarray | None = None,
    extra_task: bool = True,
    capacity_rows: bool = True,
    pair_cost: np.ndarray | None = None,
    aggregate_tasks: bool = False,
) -> Model:
    """Build the model for some participants (all by default).

    ``pair_lists`` (one sorted array of pair indices per participant) restricts the
    candidate pairs of each participant (default: all of them). ``capacity`` overrides the slot capacities (e.g. minus places held by participants
    outside the sub-problem). ``fixed_one`` / ``fixed_zero`` are boolean masks over all pairs
    (pins and forbids): the pair's column gets bounds [1, 1] / [0, 0].
    The objective omits the constant of :class:`Problem` (and, for a sub-problem, the cost of
    everything outside it).
    """
    if participants is None:
        participants = np.arange(len(prob.part_ids))
    cap = prob.slot_cap if capacity is None else capacity
    ptr = prob.part_ptr
    if pair_lists is None:
        pair_lists = [np.arange(ptr[i], ptr[i + 1]) for i in participants]
    pairs = np.concatenate(pair_lists).astype(np.int64) if pair_lists else np.zeros(0, np.int64)
    n_x = len(pairs)

    cost = (prob.pair_cost if pair_cost is None else pair_cost)[pairs].astype(np.float64)
    extra = prob.extra_task
    rows_r: list[np.ndarray] = []
    rows_c: list[np.ndarray] = []
    rows_v: list[np.ndarray] = []
    rlo: list[float] = []
    rhi: list[float] = []
    y_cost: list[float] = []
    z_cols: list[int] = []
    n_rows = 0
    n_cols = n_x

    # Capacity rows: one per slot touched by the selection (rows 0 .. len(cap_slots)-1).
    slots_sel = prob.pair_s[pairs]
    if capacity_rows:
        uniq, inv = np.unique(slots_sel, return_inverse=True)
        rows_r.append(inv.astype(np.int64))
        rows_c.append(np.arange(n_x, dtype=np.int64))
        rows_v.append(np.ones(n_x))
        rlo.extend([-INF] * len(uniq))
        rhi.extend(cap[uniq].astype(np.float64).tolist())
        n_rows += len(uniq)
    else:
        uniq = np.zeros(0, dtype=np.int64)

    hours = prob.slot_hours[slots_sel]
    days = prob.slot_day[slots_sel]
    starts = prob.slot_start[slots_sel]
    ends = prob.slot_end[slots_sel]
    tasks = prob.slot_task[slots_sel]

    r_list: list[int] = []
    c_list: list[int] = []
    v_list: list[float] = []
    base = 0
    for i, pl in zip(participants, pair_lists, strict=True):
        n = len(pl)
        if n == 0:
            continue
        lo, hi = base, base + n
        base = hi
        cols = np.arange(lo, hi)
        # weekly hours
        if float(hours[lo:hi].sum()) > prob.contract[i] + 1e-9:
            r_list.extend([n_rows] * n)
            c_list.extend(cols.tolist())
            v_list.extend(hours[lo:hi].tolist())
            rlo.append(-INF)
            rhi.append(float(prob.contract[i]))
            n_rows += 1
        # per day: cliques and daily hours (pairs are sorted by day, start)
        d_arr = days[lo:hi]
        bounds_d = np.flatnonzero(np.diff(d_arr)) + 1
        for seg in np.split(np.arange(lo, hi), bounds_d):
            ivs = list(zip(starts[seg].tolist(), ends[seg].tolist(), strict=True))
            distinct = tuple(sorted(set(ivs)))
            pos = {iv: q for q, iv in enumerate(distinct)}
            members: list[list[int]] = [[] for _ in distinct]
            for col, iv in zip(seg.tolist(), ivs, strict=True):
                members[pos[iv]].append(col)
            for clique in _interval_cliques(distinct):
                cols_c = [c for q in clique for c in members[q]]
                if len(cols_c) < 2:
                    continue
                r_list.extend([n_rows] * len(cols_c))
                c_list.extend(cols_c)
                v_list.extend([1.0] * len(cols_c))
                rlo.append(-INF)
                rhi.append(1.0)
                n_rows += 1
            if _union_hours(list(distinct)) > prob.max_day[i] + 1e-9:
                r_list.extend([n_rows] * len(seg))
                c_list.extend(seg.tolist())
                v_list.extend(hours[seg].tolist())
                rlo.append(-INF)
                rhi.append(float(prob.max_day[i]))
                n_rows += 1
        if not extra_task:
            continue
        # extra tasks: y per multi-slot task, z per participant
        t_arr = tasks[lo:hi]
        order = np.argsort(t_arr, kind="stable")
        t_sorted = t_arr[order]
        cuts = np.flatnonzero(np.diff(t_sorted)) + 1
        z_members: list[int] = []
        for grp in np.split(order, cuts):
            gcols = (grp + lo).tolist()
            if len(gcols) == 1:
                cost[gcols[0]] += extra
                z_members.append(gcols[0])
                continue
            y = n_cols
            n_cols += 1
            y_cost.append(extra)
            z_members.append(y)
            if aggregate_tasks:
                r_list.extend([n_rows] * (len(gcols) + 1))
                c_list.extend([*gcols, y])
                v_list.extend([1.0] * len(gcols) + [-float(len(gcols))])
                rlo.append(-INF)
                rhi.append(0.0)
                n_rows += 1
                continue
            for c in gcols:
                r_list.extend([n_rows, n_rows])
                c_list.extend([c, y])
                v_list.extend([1.0, -1.0])
                rlo.append(-INF)
                rhi.append(0.0)
                n_rows += 1
        z = n_cols
        n_cols += 1
        z_cols.append(z)
        y_cost.append(-extra)
        r_list.append(n_rows)
        c_list.append(z)
        v_list.append(1.0)
        r_list.extend([n_rows] * len(z_members))
        c_list.extend(z_members)
        v_list.extend([-1.0] * len(z_members))
        rlo.append(-INF)
        rhi.append(0.0)
        n_rows += 1

    rows_r.append(np.asarray(r_list, dtype=np.int64))
    rows_c.append(np.asarray(c_list, dtype=np.int64))
    rows_v.append(np.asarray(v_list, dtype=np.float64))
    del r_list, c_list, v_list
    R = np.concatenate(rows_r)
    C = np.concatenate(rows_c)
    V = np.concatenate(rows_v)
    del rows_r, rows_c, rows_v
    # CSC: sort by column, then row
    order = np.lexsort((R, C))
    a_index = R[order].astype(np.int32)
    a_value = V[order]
    counts = np.bincount(C, minlength=n_cols)
    del R, C, V, order
    a_start = np.zeros(n_cols + 1, dtype=np.int32)
    np.cumsum(counts, out=a_start[1:])

    col_cost = np.concatenate([cost, np.asarray(y_cost, dtype=np.float64)])
    col_lower = np.zeros(n_cols)
    col_upper = np.ones(n_cols)
    if fixed_one is not None:
        col_lower[:n_x][fixed_one[pairs]] = 1.0
    if fixed_zero is not None:
        col_upper[:n_x][fixed_zero[pairs]] = 0.0
    return Model(
        cap_slots=uniq,
        pairs=pairs,
        n_cols=n_cols,
        col_cost=col_cost,
        col_upper=col_upper,
        col_lower=col_lower,
        row_lower=np.asarray(rlo, dtype=np.float64),
        row_upper=np.asarray(rhi, dtype=np.float64),
        a_start=a_start,
        a_index=a_index,
        a_value=a_value,
        offset=0.0,
    )


def complete_start(prob: Problem, model: Model, x: np.ndarray) -> None:
    """Set the y/z columns of a start vector consistent with its x columns (in place).

    Columns after the x block are, per participant in order: one y per multi-slot task,
    then z. They are reconstructed by re-walking the same grouping as :func:`milp.build`.
    """
    col = model.n_x
    pairs = model.pairs
    tasks = prob.slot_task[prob.pair_s[pairs]]
    parts = prob.pair_p[pairs]
    if len(pairs) == 0:
        return
    cuts = np.flatnonzero(np.diff(parts)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(pairs)]])
    for lo, hi in zip(starts.tolist(), ends.tolist(), strict=True):
        t_arr = tasks[lo:hi]
        order = np.argsort(t_arr, kind="stable")
        split = np.flatnonzero(np.diff(t_arr[order])) + 1
        anything = False
        for grp in np.split(order, split):
            on = bool(x[lo + grp].max() > 0.5)
            anything |= on
            if len(grp) > 1:
                x[col] = 1.0 if on else 0.0
                col += 1
        x[col] = 1.0 if anything else 0.0
        col += 1
    # participants without any pair have no columns at all (build skips them)


def to_highs(
    model: Model,
    *,
    integer: bool,
    time_limit: float | None = None,
    seed: int = 0,
    verbose: bool = False,
    options: dict[str, object] | None = None,
) -> Any:
    """A :class:`highspy.Highs` object holding ``model`` (LP or MIP), ready to ``run()``."""
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_ = model.n_cols
    lp.num_row_ = len(model.row_lower)
    lp.col_cost_ = model.col_cost
    lp.col_lower_ = model.col_lower
    lp.col_upper_ = model.col_upper
    lp.row_lower_ = model.row_lower
    lp.row_upper_ = model.row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = model.a_start
    lp.a_matrix_.index_ = model.a_index
    lp.a_matrix_.value_ = model.a_value
    lp.offset_ = model.offset
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * model.n_cols
    h = highspy.Highs()
    h.setOptionValue("output_flag", verbose)
    # One thread, always: HiGHS keeps a process-wide scheduler, and a later Highs object
    # asking for a different thread count fails to run.
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", seed)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    for k, v in (options or {}).items():
        h.setOptionValue(k, v)
    h.passModel(lp)
    return h


def set_start(h: Any, x0: np.ndarray) -> None:
    """Give the :class:`highspy.Highs` object ``h`` the start solution ``x0`` (all columns)."""
    import highspy

    sol = highspy.HighsSolution()
    sol.col_value = x0.tolist()
    sol.value_valid = True
    h.setSolution(sol)


def solve_lp(model: Model, time_limit: float, ipm: bool = True, basis: Any = None) -> Any:
    """Solve ``model`` as an LP (interior point without crossover, or simplex, warm-started
    from ``basis`` if given: a basis of an LP of the same shape) within ``time_limit``
    seconds; returns the :class:`highspy.Highs` object after the run."""
    h = to_highs(
        model,
        integer=False,
        time_limit=max(0.1, time_limit),
        options={"solver": "ipm" if ipm else "simplex", "run_crossover": "off"},
    )
    if basis is not None:
        h.setBasis(basis)
    h.run()
    return h
