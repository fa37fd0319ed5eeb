"""The planning engine: priced start plans, ruin-and-recreate search, exact sub-MIPs.

Algorithm (see ``docs/planning.md`` for the reasoning and measured figures):

1. :func:`~basisbaan_planner.problem.compile_problem` enumerates the candidate pairs
   (rules 2, 3, 4, 8) with their linear costs.
2. Pins first (checked), then last week's assignments that are still possible.
3. Slot prices by subgradient optimisation of the Lagrangian relaxation of slot capacity
   (:mod:`~basisbaan_planner.lagrange`): with capacity priced, each participant's cheapest
   week is an exact dynamic programme.
4. Start plans: participants in turn take their cheapest week under the prices among the
   places still free (16 orders), or keep last week's assignments; the cheapest wins.
5. Ruin and recreate: small groups (an anchor and the people sharing one of its tasks or
   holding places it could take) give up their weeks and rebuild them; kept only when
   cheaper, so the cost never rises and every intermediate plan is valid. Two halves of
   the map are searched at once, one thread each.
6. Polish with the time left: groups re-planned exactly with HiGHS MIP (the extra-task term
   included), warm-started from the current plan; small instances (up to
   :attr:`~.tuning.Tuning.full_mip_pairs` candidate pairs) end with the whole week as one MIP in which
   every pair is fixed on which the plan and the LP relaxation agree (RINS); they give
   the search a smaller share of the time for it.

Determinism: everything is seeded (the two search threads change disjoint parts of the
plan, each with its own seed), and every phase is bounded by a
*work budget* (subgradient iterations, search iterations, sub-MIPs with node limits),
derived from ``time_limit`` by calibrated rates, not by the clock. The clock is only a
safety net: the search stops at :attr:`~.tuning.Tuning.search_share` of ``time_limit``, each sub-MIP has a
short time cap, and the run stops at ``time_limit``. The whole-week MIP of small instances
usually runs until ``time_limit``, so their plans are marked as timing-dependent. When none fires, the same instance,
seed and time limit give the same plan on any machine; when one does,
``stats["deterministic"]`` is false (and ``stats["stopped_by"] == "time"``), and only then
may the plan depend on timing.

Modules: :mod:`.pins` and :mod:`.state` (step 2: the plan and its hard rules),
:mod:`.lagrange` and :mod:`.search` (the compiled kernels of steps 3-5), :mod:`.priced`
(steps 3-5 and the work budgets), :mod:`.submip` (step 6), :mod:`.tuning` (every tuning
constant, in :data:`~.tuning.TUNING`) and :mod:`.clock`; :func:`solve` drives the phases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .bound import lp_bound
from .clock import Clock
from .model import Instance, Plan
from .pins import PinError, explain_not_candidate, pin_conflict, resolve_pairs
from .priced import budgets, priced_search, search_share
from .problem import Problem, compile_problem
from .score import Score, score
from .state import State, greedy, plan_cost, set_plan
from .submip import Neighbourhoods, lp_relaxation, solve_group
from .tuning import TUNING, Tuning

__all__ = ["TUNING", "PinError", "Progress", "ProgressFn", "SolveResult", "solve"]

ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report as values: the fraction done, the stage, and the plan's cost
    (or the lower bound) when the stage has one. ``message`` is the text the ``progress``
    callback receives."""

    fraction: float
    stage: str
    cost: float | None = None
    bound: float | None = None

    @property
    def message(self) -> str:
        if self.cost is not None:
            return f"{self.stage}: cost {self.cost:,.1f}"
        if self.bound is not None:
            return f"{self.stage}: lower bound {self.bound:,.1f}"
        return self.stage


ProgressValueFn = Callable[[Progress], None]


@dataclass(slots=True)
class SolveResult:
    plan: Plan
    score: Score
    lower_bound: float | None
    status: str  # "feasible" | "optimal"
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def cost(self) -> float:
        return self.score.total

    @property
    def gap_pct(self) -> float | None:
        if self.lower_bound is None or not self.lower_bound:
            return None
        return 100.0 * (self.score.total - self.lower_bound) / abs(self.lower_bound)


class _Reporter:
    """Sends progress to the callbacks: ``progress(fraction, message)`` and
    ``on_progress(Progress)``, each if given."""

    __slots__ = ("on_progress", "progress")

    def __init__(self, progress: ProgressFn | None, on_progress: ProgressValueFn | None) -> None:
        self.progress = progress
        self.on_progress = on_progress

    @property
    def active(self) -> bool:
        """Whether anyone listens (so that a report's cost is worth computing)."""
        return self.progress is not None or self.on_progress is not None

    def __call__(
        self, frac: float, stage: str, cost: float | None = None, bound: float | None = None
    ) -> None:
        if not self.active:
            return
        value = Progress(min(1.0, max(0.0, frac)), stage, cost, bound)
        if self.progress is not None:
            self.progress(value.fraction, value.message)
        if self.on_progress is not None:
            self.on_progress(value)


def solve(
    instance: Instance,
    time_limit: float = 30.0,
    seed: int = 0,
    pins: Iterable[tuple[str, str]] = (),
    forbids: Iterable[tuple[str, str]] = (),
    progress: ProgressFn | None = None,
    *,
    on_progress: ProgressValueFn | None = None,
    work_limit: int | None = None,
    lower_bound: bool = False,
    clock: str = "wall",
) -> SolveResult:
    """Plan a week.

    ``pins`` must appear in the plan (:class:`PinError` if they cannot, naming the rule),
    ``forbids`` must not. ``progress`` receives ``(fraction, message)``, ``on_progress``
    the same report as a :class:`Progress` value. ``work_limit`` overrides the number of
    LNS sub-problems (the deterministic budget; by default
    ``Tuning.subproblems_per_second * time_limit``). With ``lower_bound=True`` the LP floor
    is computed too (see :mod:`basisbaan_planner.bound`; not counted in the time limit).
    ``clock="cpu"`` measures ``time_limit`` in this process's CPU seconds instead of
    wall-clock seconds (for benchmarks on a shared machine); HiGHS's own caps are then
    stretched by the observed wall/CPU ratio.
    """
    clk = Clock(clock)
    tun = TUNING  # looked up now, so that it can be replaced for a run
    report = _Reporter(progress, on_progress)
    report(0.0, "compiling the instance")
    prob = compile_problem(instance)
    state, fixed_one, fixed_zero = _place_pins(instance, prob, pins, forbids)
    # last week's assignments that are still possible (replanning): one of the starts
    greedy(state, ~fixed_zero & prob.pair_prev, prob.pair_cost)
    price_its, search_its, lns_budget = budgets(prob, time_limit, work_limit, tun)
    small = tun.is_small(prob.n_pairs)
    start_on, search_chunk, search_stats = priced_search(
        prob,
        state.on.copy(),
        fixed_one,
        fixed_zero,
        seed=seed,
        price_iterations=price_its,
        search_iterations=search_its,
        now=clk.now,
        deadline=clk.deadline(time_limit * search_share(prob, tun)),
        report=report,
        tun=tun,
    )
    start_cost = search_stats.pop("start_cost", state.objective())
    set_plan(state, start_on)
    search_cost = state.objective()
    report(0.8, "searching", cost=search_cost)
    lns = _lns(state, fixed_one, fixed_zero, lns_budget, seed, time_limit, clk, report, small, tun)
    costs = {"start_cost": start_cost, "search_cost": search_cost, "lns_cost": state.objective()}
    mip: dict[str, float] = {}
    mip_timed_out = False
    if small:
        first_chunk = int(search_stats.get("search_iterations", 0)) // tun.search_chunk
        mip, mip_timed_out = _whole_week_mip(
            state, fixed_one, fixed_zero, search_chunk, first_chunk, seed, time_limit, clk,
            report, tun,
        )  # fmt: skip
    timed_out = lns.timed_out or mip_timed_out
    stopped_by = "time" if timed_out else search_stats.get("search_stopped_by", "budget")
    stats = {
        "pairs": prob.n_pairs,
        "mode": "search+lns+mip" if small else "search+lns",
        **{name: round(cost, 3) for name, cost in costs.items()},
        **search_stats,
        **lns.stats(mip),
        "budget": lns_budget,
        "stopped_by": stopped_by,
        "deterministic": stopped_by != "time" and lns.capped == 0,
    }
    return _finish(instance, prob, state, lower_bound, clk, report, stats)


def _place_pins(
    instance: Instance,
    prob: Problem,
    pins: Iterable[tuple[str, str]],
    forbids: Iterable[tuple[str, str]],
) -> tuple[State, np.ndarray, np.ndarray]:
    """Step 2: a plan holding just the pins, and the pinned and forbidden pairs as masks
    over pairs (``fixed_one``, ``fixed_zero``). Raises :class:`PinError` naming the rule a
    pin breaks, alone or with the other pins."""
    pins = list(dict.fromkeys(pins))
    forbids = list(dict.fromkeys(forbids))
    pin_k, pin_bad = resolve_pairs(prob, pins, "pin")
    if pin_bad:
        pid, sid = pin_bad[0]
        rule, why = explain_not_candidate(instance, pid, sid)
        raise PinError(f"pin ({pid}, {sid}) is impossible: {why}", rule, pid, sid)
    forbid_k, _ = resolve_pairs(prob, forbids, "forbid")
    fixed_one = np.zeros(prob.n_pairs, dtype=bool)
    fixed_one[pin_k] = True
    fixed_zero = np.zeros(prob.n_pairs, dtype=bool)
    fixed_zero[forbid_k] = True
    if (fixed_one & fixed_zero).any():
        k = int(np.flatnonzero(fixed_one & fixed_zero)[0])
        raise PinError(
            f"pair {prob.pair_key(k)} is both pinned and forbidden", None, *prob.pair_key(k)
        )
    state = State(prob)
    for k in sorted(pin_k):
        if not state.can_add(k):
            pid, sid = prob.pair_key(k)
            rule, why = pin_conflict(state, k)
            raise PinError(
                f"pin ({pid}, {sid}) is impossible together with the other pins: " + why,
                rule,
                pid,
                sid,
            )
        state.add(k)
    return state, fixed_one, fixed_zero


@dataclass(slots=True)
class _LnsRun:
    """What the large-neighbourhood search did."""

    done: int = 0
    improved: int = 0
    capped: int = 0  # sub-MIPs stopped by their time cap
    nodes: float = 0.0
    lp_iters: float = 0.0
    timed_out: bool = False

    def stats(self, mip: dict[str, float]) -> dict[str, int]:
        """The statistics of the LNS and of the whole-week MIP's last round (``mip``)."""
        return {
            "subproblems": self.done,
            "improving_subproblems": self.improved,
            "capped_subproblems": self.capped,
            "mip_nodes": int(self.nodes + mip.get("nodes", 0)),
            "mip_free_pairs": int(mip.get("mip_free_pairs", 0)),
            "rins_rounds": int(mip.get("rins_rounds", 0)),
            "lp_iterations": int(self.lp_iters),
        }


def _lns(
    state: State,
    fixed_one: np.ndarray,
    fixed_zero: np.ndarray,
    budget: int,
    seed: int,
    time_limit: float,
    clk: Clock,
    report: _Reporter,
    small: bool,
    tun: Tuning,
) -> _LnsRun:
    """Step 6, the large-neighbourhood search: ``budget`` groups re-planned exactly with
    HiGHS MIP (within the sub-MIP limits), each kept only if cheaper."""
    prob = state.prob
    run = _LnsRun()
    rng = np.random.default_rng(seed)
    hoods = Neighbourhoods(prob, rng)
    n_part = len(prob.part_ids)
    options: dict[str, object] = {
        "mip_max_nodes": tun.sub_mip_nodes,
        "mip_rel_gap": tun.sub_mip_rel_gap,
        "mip_heuristic_effort": tun.sub_mip_heuristics,
    }
    # anchors cycle through a seeded permutation of participants, short ones favoured
    perm = rng.permutation(n_part)
    pos = 0
    for it in range(budget):
        elapsed = clk.elapsed()
        if elapsed > time_limit:
            run.timed_out = True
            break
        if n_part == 0:
            break
        short = np.flatnonzero(state.week < prob.contract - 1e-9)
        if len(short) and it % 2 == 0:
            anchor = int(short[rng.integers(len(short))])
        else:
            anchor = int(perm[pos % n_part])
            pos += 1
        group = hoods.around(state, anchor, tun.group_size)
        ok, _gain, st = solve_group(
            state,
            group,
            fixed_one,
            fixed_zero,
            seed=seed + it,
            time_cap=min(
                tun.sub_mip_time * clk.slowdown(), (time_limit - elapsed) * clk.slowdown()
            ),
            keep=tun.keep_per_interval,
            options=options,
        )
        run.done += 1
        run.improved += ok
        run.nodes += st["nodes"]
        run.lp_iters += st["lp_iters"]
        run.capped += int(st["capped"])
        if report.active and (it % 5 == 0 or it == budget - 1):
            frac = (0.1 if small else 0.15) * (it + 1) / max(1, budget)
            report(0.8 + frac, "improving groups", cost=state.objective())
    return run


def _whole_week_mip(
    state: State,
    fixed_one: np.ndarray,
    fixed_zero: np.ndarray,
    search_chunk: Callable[[np.ndarray, int], int] | None,
    chunk: int,
    seed: int,
    time_limit: float,
    clk: Clock,
    report: _Reporter,
    tun: Tuning,
) -> tuple[dict[str, float], bool]:
    """Step 6 for small instances: the whole week as one MIP, warm-started from the plan,
    with every pair fixed on which the plan and the LP relaxation agree (RINS); rounds of
    it alternate with more search (chunks from number ``chunk`` on).

    Returns the last round's statistics and whether the clock ended it."""
    prob = state.prob
    full_stats: dict[str, float] = {}
    left = clk.left(time_limit) * clk.slowdown()
    if left <= tun.full_mip_min_seconds:
        return full_stats, False
    report(0.85, "solving the LP relaxation")
    x_lp = lp_relaxation(prob, fixed_one, fixed_zero, left)
    for rins_round in range(tun.rins_rounds):
        if rins_round > 0:
            # more search from the MIP's plan (new agreements with the LP), then again
            if search_chunk is None or x_lp is None:
                break
            if clk.left(time_limit) * clk.slowdown() < tun.rins_min_seconds:
                return full_stats, True
            on = state.on.copy()
            for _ in range(tun.rins_search_chunks):
                search_chunk(on, chunk)
                chunk += 1
            if plan_cost(prob, on) < state.objective() - 1e-6:
                set_plan(state, on)
        one, zero = fixed_one, fixed_zero
        if x_lp is not None:
            tol = tun.rins_tolerances[rins_round % len(tun.rins_tolerances)]
            one = fixed_one | (state.on & (x_lp > 1 - tol))
            zero = fixed_zero | (~state.on & (x_lp < tol))
        report(0.9, "solving the whole week as one MIP")
        _ok, _gain, full_stats = solve_group(
            state,
            np.arange(len(prob.part_ids)),
            one,
            zero,
            seed=seed + rins_round,
            time_cap=max(0.05, clk.left(time_limit) * clk.slowdown()),
            keep=tun.full_mip_keep,
            options={"mip_rel_gap": tun.full_mip_rel_gap, "mip_max_nodes": tun.full_mip_nodes},
        )
        full_stats["mip_free_pairs"] = float(prob.n_pairs - (one | zero).sum())
        full_stats["rins_rounds"] = float(rins_round + 1)
        if full_stats.get("capped"):
            return full_stats, True
    return full_stats, False


def _finish(
    instance: Instance,
    prob: Problem,
    state: State,
    lower_bound: bool,
    clk: Clock,
    report: _Reporter,
    stats: dict[str, Any],
) -> SolveResult:
    """The plan, scored by the scorer (which checks every hard rule once more), and the LP
    floor if asked for."""
    plan = Plan.of(instance.name, state.pairs())
    sc = score(instance, plan.sorted_assignments())
    lb = None
    if lower_bound:
        report(0.96, "computing the LP floor")
        lb = lp_bound(instance, prob=prob).value
    report(1.0, "done", cost=sc.total)
    status = "optimal" if lb is not None and sc.total - lb < 1e-6 else "feasible"
    return SolveResult(
        plan=plan,
        score=sc,
        lower_bound=lb,
        status=status,
        stats={
            "seconds": round(clk.wall_seconds(), 3),
            "cpu_seconds": round(clk.cpu_seconds(), 3),
            **stats,
        },
    )
