"""Lower bound: the LP relaxation of the exact model, solved with HiGHS.

No valid plan costs less than this "LP floor". The model is the one in
:mod:`basisbaan_planner.milp` over *all* candidate pairs (nothing pruned), built as sparse
arrays and passed to HiGHS in CSC form. HiGHS's interior point method (single thread,
crossover off) is used: it is deterministic and, on these degenerate models, much faster
than simplex. The reported value is the dual objective-consistent primal optimum; with
crossover off it is accurate to ~1e-7 relative, far below the cent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import milp
from .model import Instance
from .problem import Problem, compile_problem


@dataclass(frozen=True, slots=True)
class Bound:
    value: float  # LP floor (same units as the cost); -inf if not solved
    status: str  # "optimal" | "time_limit" | HiGHS's status text
    seconds: float
    columns: int
    rows: int


#: Above this many candidate pairs the LP floor is found by column generation.
DIRECT_LP_PAIRS = 400_000


def lp_bound(
    instance: Instance,
    *,
    prob: Problem | None = None,
    time_limit: float = 3600.0,
    verbose: bool = False,
    hint: np.ndarray | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Bound:
    """The LP floor of ``instance``.

    Up to :data:`DIRECT_LP_PAIRS` candidate pairs the whole LP goes to HiGHS's interior
    point solver; above, :func:`column_generation` keeps memory low (``hint``: a boolean
    mask of pairs to start the master with, e.g. a plan's pairs). If column generation
    stops on ``time_limit`` the value is its (valid, lower) Lagrangian bound.
    """
    import highspy

    t0 = time.monotonic()
    if prob is None:
        prob = compile_problem(instance)
    if prob.n_pairs > DIRECT_LP_PAIRS:
        from .problem import prune

        keep = prune(prob, 2)
        if hint is not None:
            keep |= hint
        cg = column_generation(prob, keep, time_limit=time_limit, progress=progress)
        done = cg.master_value - cg.lower_bound <= 1e-5 * max(1.0, abs(cg.lower_bound))
        return Bound(
            value=cg.lower_bound,
            status="optimal" if done else "time_limit",
            seconds=time.monotonic() - t0,
            columns=int(cg.keep.sum()),
            rows=0,
        )
    model = milp.build(prob)
    rows = len(model.row_lower)
    h = milp.to_highs(
        model,
        integer=False,
        time_limit=time_limit,
        verbose=verbose,
        options={"solver": "ipm", "run_crossover": "off"},
    )
    del model  # HiGHS holds its own copy
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    ok = status == highspy.HighsModelStatus.kOptimal
    value = info.objective_function_value + prob.constant if ok else float("-inf")
    return Bound(
        value=value,
        status="optimal" if ok else h.modelStatusToString(status),
        seconds=time.monotonic() - t0,
        columns=h.getNumCol(),
        rows=rows,
    )


@dataclass(slots=True)
class ColumnGeneration:
    """Result of :func:`column_generation`."""

    lower_bound: float  # valid: Lagrangian bound with the master's capacity duals
    master_value: float  # LP optimum over the generated pairs (>= the LP floor)
    keep: np.ndarray  # bool mask of the generated pairs
    x: np.ndarray  # master LP value per pair (0 outside ``keep``)
    prices: np.ndarray  # capacity dual per slot
    rounds: int
    seconds: float


def column_generation(
    prob: Problem,
    keep: np.ndarray,
    *,
    time_limit: float = 3600.0,
    max_rounds: int = 30,
    rel_tol: float = 1e-7,
    block_pairs: int = 30_000,
    progress: Callable[[float, str], None] | None = None,
) -> ColumnGeneration:
    """The LP floor by column generation over candidate pairs, memory-light.

    The *master* LP holds only the pairs in ``keep`` (all rows of the exact model for
    them). Its capacity duals ``lam`` price the slots; then, with capacity dualised, the
    LP falls apart per participant, and each participant's LP over *all* its pairs (costs
    ``c + lam``) is solved in blocks. Their sum minus ``lam . capacity`` is a valid lower
    bound (Lagrangian duality) whatever ``lam`` is; the pairs those block LPs use are added
    to the master. When no pair is added the bound equals the master optimum = LP floor.
    Memory is bounded by the master and one block, never the whole LP.
    """
    import highspy

    t0 = time.monotonic()
    keep = keep.copy()
    n_part = len(prob.part_ids)
    sizes = np.diff(prob.part_ptr)
    blocks: list[np.ndarray] = []
    cur: list[int] = []
    acc = 0
    for i in range(n_part):
        cur.append(i)
        acc += int(sizes[i])
        if acc >= block_pairs:
            blocks.append(np.asarray(cur))
            cur, acc = [], 0
    if cur:
        blocks.append(np.asarray(cur))
    best_lb = -np.inf
    master_value = np.inf
    x_full = np.zeros(prob.n_pairs)
    lam = np.zeros(len(prob.slot_ids))
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        left = time_limit - (time.monotonic() - t0)
        lists = [
            np.flatnonzero(keep[prob.part_ptr[i] : prob.part_ptr[i + 1]]) + prob.part_ptr[i]
            for i in range(n_part)
        ]
        master = milp.build(prob, None, lists)
        h = milp.solve_lp(master, left, ipm=True)
        sol = h.getSolution()
        master_value = h.getInfo().objective_function_value + prob.constant
        x_full[:] = 0.0
        x_full[master.pairs] = np.asarray(sol.col_value)[: master.n_x]
        lam[:] = 0.0
        duals = np.asarray(sol.row_dual)[: len(master.cap_slots)]
        lam[master.cap_slots] = np.maximum(0.0, -duals)
        del h, master, sol
        priced = prob.pair_cost + lam[prob.pair_s]
        total = prob.constant - float(lam @ prob.slot_cap)
        added = 0
        complete = True
        for b in blocks:
            model = milp.build(prob, b, None, capacity_rows=False, pair_cost=priced)
            hb = milp.solve_lp(model, time_limit - (time.monotonic() - t0), ipm=False)
            if hb.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                # a block LP stopped early gives no bound: this round's sum is not valid
                complete = False
                break
            total += hb.getInfo().objective_function_value
            xb = np.asarray(hb.getSolution().col_value)[: model.n_x]
            new = model.pairs[(xb > 1e-7) & ~keep[model.pairs]]
            keep[new] = True
            added += len(new)
            del hb, model
        if not complete:
            break
        best_lb = max(best_lb, total)
        if progress is not None:
            progress(
                min(1.0, rounds / max_rounds),
                f"round {rounds}: master {master_value:,.1f}, bound {best_lb:,.1f}, +{added} pairs",
            )
        gap = master_value - best_lb
        if added == 0 or gap <= rel_tol * max(1.0, abs(best_lb)):
            break
        if time.monotonic() - t0 > time_limit:
            break
    return ColumnGeneration(
        lower_bound=best_lb,
        master_value=master_value,
        keep=keep,
        x=x_full,
        prices=lam,
        rounds=rounds,
        seconds=time.monotonic() - t0,
    )
