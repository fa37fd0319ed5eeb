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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import lagrange, milp
from .model import Instance
from .pins import resolve_pairs
from .problem import Problem, compile_problem, prune
from .tuning import TUNING


@dataclass(frozen=True, slots=True)
class Bound:
    value: float  # LP floor (same units as the cost); -inf if not solved
    status: str  # "optimal" | "time_limit" | HiGHS's status text
    seconds: float
    columns: int
    rows: int


#: Above this many candidate pairs the LP floor is found by column generation.
DIRECT_LP_PAIRS = 400_000
#: Share of the time limit column generation may spend on its starting slot prices.
START_PRICE_SHARE = 0.3


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
    mask of pairs to start the master with, e.g. a plan's pairs). It starts from the
    engine's slot prices (:func:`start_prices`), which already give a valid bound; if it
    stops on ``time_limit`` the value is its best (valid, lower) Lagrangian bound.
    """
    import highspy

    t0 = time.monotonic()
    if prob is None:
        prob = compile_problem(instance)
    if prob.n_pairs > DIRECT_LP_PAIRS:
        prices, weeks = start_prices(prob, deadline=t0 + START_PRICE_SHARE * time_limit)
        keep = prune(prob, 2) | weeks
        if hint is not None:
            keep |= hint
        cg = column_generation(
            prob,
            keep,
            prices=prices,
            time_limit=time_limit - (time.monotonic() - t0),
            progress=progress,
        )
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


@dataclass(frozen=True, slots=True)
class OptimumBound:
    lower: float  # no plan costs less: HiGHS's dual bound after branch and cut
    best: float  # the cheapest plan HiGHS knows (inf if none)
    status: str  # HiGHS's model status
    seconds: float


def optimum_bound(
    instance: Instance,
    plan: Iterable[tuple[str, str]] = (),
    *,
    prob: Problem | None = None,
    time_limit: float = 600.0,
) -> OptimumBound:
    """Bounds on the optimum itself, for instances up to :data:`DIRECT_LP_PAIRS` pairs.

    HiGHS's branch and cut over the whole exact model, started from ``plan`` (pairs of
    participant and slot ids). Its cuts lift the dual bound above the LP floor, so this
    shows how far any plan must lie above the floor: when the optimum's lower bound is
    already above a gap target, no plan can meet that target. Slow (minutes at 250
    people): a tool for judging the engine, not part of it.
    """
    t0 = time.monotonic()
    if prob is None:
        prob = compile_problem(instance)
    if prob.n_pairs > DIRECT_LP_PAIRS:
        raise ValueError(f"{prob.n_pairs:,} candidate pairs: the whole model is too large")
    ks, impossible = resolve_pairs(prob, plan, "plan")
    if impossible:
        raise ValueError(f"plan: {impossible[0]} is not a possible assignment")
    model = milp.build(prob)
    h = milp.to_highs(model, integer=True, time_limit=time_limit, options={"mip_rel_gap": 0.0})
    if ks:
        on = np.zeros(prob.n_pairs, dtype=bool)
        on[ks] = True
        x0 = np.zeros(model.n_cols)
        x0[: model.n_x] = on[model.pairs]
        milp.complete_start(prob, model, x0)
        milp.set_start(h, x0)
    h.run()
    info = h.getInfo()
    found = info.primal_solution_status == 2
    return OptimumBound(
        lower=info.mip_dual_bound + prob.constant,
        best=info.objective_function_value + prob.constant if found else float("inf"),
        status=h.modelStatusToString(h.getModelStatus()),
        seconds=time.monotonic() - t0,
    )


def start_prices(prob: Problem, *, deadline: float) -> tuple[np.ndarray, np.ndarray]:
    """Slot prices from the engine's subgradient optimisation (:mod:`.lagrange`), and the
    pairs of everyone's cheapest week under them (a boolean mask).

    They are near the capacity duals of the LP, so pricing the participants' LPs with them
    gives a good valid bound at once, and their weeks are good first columns.
    """
    ivs = lagrange.intervals_of(prob)
    none = np.zeros(prob.n_pairs, dtype=bool)
    order = np.arange(len(prob.part_ids))
    zero = np.zeros(len(prob.slot_ids))
    first = lagrange.construct(prob, ivs, prob.pair_cost, none, zero, order)
    upper = prob.constant + float(prob.pair_cost[first].sum())  # only sets the step sizes
    prices = lagrange.subgradient(
        prob,
        ivs,
        prob.pair_cost,
        none,
        upper=upper,
        iterations=5_000,
        deadline=deadline,
        now=time.monotonic,
        patience=TUNING.price_patience,
    )
    weeks = first | lagrange.construct(prob, ivs, prob.pair_cost, none, prices.price, order)
    return prices.price, weeks


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
    prices: np.ndarray | None = None,
    time_limit: float = 3600.0,
    max_rounds: int = 60,
    rel_tol: float = 1e-7,
    block_pairs: int = 30_000,
    smoothing: float = 0.5,
    progress: Callable[[float, str], None] | None = None,
) -> ColumnGeneration:
    """The LP floor by column generation over candidate pairs, memory-light.

    The *master* LP holds only the pairs in ``keep`` (all rows of the exact model for
    them). Its capacity duals price the slots; then, with capacity dualised, the LP falls
    apart per participant, and each participant's LP over *all* its pairs is solved in
    blocks (simplex, each block warm-started from its basis of the round before). Their sum
    minus the priced capacity is a valid lower bound (Lagrangian duality) whatever the
    prices are; the pairs those block LPs use are added to the master. When no pair is
    added at the master's own duals, the bound equals the master optimum = LP floor.

    ``prices`` (e.g. :func:`start_prices`) are priced first. The blocks are priced at a mix
    of the master's duals and the best prices so far (``smoothing`` of the latter:
    Wentges's dual smoothing, against the duals' zig-zag); if that adds no pair, at the
    master's duals alone. Memory is bounded by the master and one block, never the whole LP.
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
    bases: dict[int, Any] = {}

    def lagrangian(lam: np.ndarray) -> tuple[float | None, int]:
        """The bound at slot prices ``lam`` (``None`` if a block LP was cut short: then the
        sum is no bound) and the number of pairs added to ``keep``."""
        priced = prob.pair_cost + lam[prob.pair_s]
        total = prob.constant - float(lam @ prob.slot_cap)
        added = 0
        for j, b in enumerate(blocks):
            model = milp.build(prob, b, None, capacity_rows=False, pair_cost=priced)
            left = time_limit - (time.monotonic() - t0)
            hb = milp.solve_lp(model, left, ipm=False, basis=bases.get(j))
            if hb.getModelStatus() != highspy.HighsModelStatus.kOptimal and j in bases:
                # an old basis can lead the simplex astray: once more from scratch
                left = time_limit - (time.monotonic() - t0)
                hb = milp.solve_lp(model, left, ipm=False)
            if hb.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None, added
            bases[j] = hb.getBasis()
            total += hb.getInfo().objective_function_value
            xb = np.asarray(hb.getSolution().col_value)[: model.n_x]
            new = model.pairs[(xb > 1e-7) & ~keep[model.pairs]]
            keep[new] = True
            added += len(new)
        return total, added

    best_lb = -np.inf
    centre: np.ndarray | None = None  # the prices of the best bound
    if prices is not None:
        value, _ = lagrangian(prices)
        if value is not None:
            best_lb, centre = value, prices.copy()
    master_value = np.inf
    x_full = np.zeros(prob.n_pairs)
    lam_m = np.zeros(len(prob.slot_ids))
    rounds = 0
    for rounds in range(1, max_rounds + 1):
        left = time_limit - (time.monotonic() - t0)
        if left <= 0:
            break
        lists = [
            np.flatnonzero(keep[prob.part_ptr[i] : prob.part_ptr[i + 1]]) + prob.part_ptr[i]
            for i in range(n_part)
        ]
        master = milp.build(prob, None, lists)
        h = milp.solve_lp(master, left, ipm=True)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            # interior point without crossover can end imprecise on a degenerate master
            h = milp.solve_lp(master, time_limit - (time.monotonic() - t0), ipm=False)
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                break
        sol = h.getSolution()
        master_value = h.getInfo().objective_function_value + prob.constant
        x_full[:] = 0.0
        x_full[master.pairs] = np.asarray(sol.col_value)[: master.n_x]
        lam_m[:] = 0.0
        duals = np.asarray(sol.row_dual)[: len(master.cap_slots)]
        lam_m[master.cap_slots] = np.maximum(0.0, -duals)
        del h, master, sol
        if np.isfinite(best_lb) and master_value - best_lb <= rel_tol * max(1.0, abs(best_lb)):
            break
        tries = [lam_m] if centre is None else [smoothing * centre + (1 - smoothing) * lam_m]
        if centre is not None and smoothing > 0:
            tries.append(lam_m)  # only if the smoothed prices add nothing (a mis-price)
        added = 0
        value = None
        for lam in tries:
            value, added = lagrangian(lam)
            if value is None:
                break
            if value > best_lb:
                best_lb, centre = value, lam.copy()
            if added:
                break
        if value is None:
            break
        if progress is not None:
            progress(
                min(1.0, rounds / max_rounds),
                f"round {rounds}: master {master_value:,.1f}, bound {best_lb:,.1f}, +{added} pairs",
            )
        if added == 0:
            break  # no pair prices out at the master's own duals: the master is the LP floor
    return ColumnGeneration(
        lower_bound=best_lb,
        master_value=master_value,
        keep=keep,
        x=x_full,
        prices=lam_m,
        rounds=rounds,
        seconds=time.monotonic() - t0,
    )
