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
   :data:`FULL_MIP_PAIRS` candidate pairs) end with the whole week as one MIP in which
   every pair is fixed on which the plan and the LP relaxation agree (RINS); they give
   the search a smaller share of the time for it.

Determinism: everything is seeded (the two search threads change disjoint parts of the
plan, each with its own seed), and every phase is bounded by a
*work budget* (subgradient iterations, search iterations, sub-MIPs with node limits),
derived from ``time_limit`` by calibrated rates, not by the clock. The clock is only a
safety net: the search stops at :data:`SEARCH_SHARE` of ``time_limit``, each sub-MIP has a
short time cap, and the run stops at ``time_limit``. The whole-week MIP of small instances
usually runs until ``time_limit``, so their plans are marked as timing-dependent. When none fires, the same instance,
seed and time limit give the same plan on any machine; when one does,
``stats["deterministic"]`` is false (and ``stats["stopped_by"] == "time"``), and only then
may the plan depend on timing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import lagrange, milp
from .model import Instance, Plan
from .problem import Problem, compile_problem
from .score import Score, score

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

#: Subgradient iterations for the slot prices at most (they stop earlier when the step size
#: has shrunk away, or when their share of the time limit is used), the iterations without a
#: better bound before the step size halves, and the pricing's speed on the reference
#: machine: an iteration costs ``PRICE_PARTICIPANT_SCANS`` per participant plus one per
#: candidate pair, at ``PRICE_SCANS_PER_SECOND``.
PRICE_ITERATIONS = 2000
PRICE_PATIENCE = 40
PRICE_SHARE = 0.35
PRICE_PARTICIPANT_SCANS = 1070
PRICE_SCANS_PER_SECOND = 2.4e8
#: Price multipliers and participant orders tried when building the start plan.
PRICE_SCALES = (1.0, 0.95)
START_ORDERS = 16
#: The ruin-and-recreate search: iterations per chunk, group size (smaller from
#: ``SEARCH_SMALL_GROUP_FROM`` participants on, where iterations are dear and scarce), the
#: share of the time limit it gets (the rest goes to the sub-MIPs), and its speed on the
#: reference machine (turns the time limit into a deterministic budget): an iteration takes
#: ``(SEARCH_ITERATION_US + SEARCH_PAIR_US * p ** 0.6) * group size / 5`` microseconds,
#: with ``p`` the candidate pairs per participant (fitted at 60, 250 and 1,200 people with
#: both cores free, plus 5 %; the clock stops a search that a busy machine makes slower).
SEARCH_CHUNK = 1000
SEARCH_GROUP = 5
SEARCH_SMALL_GROUP = 4
SEARCH_SMALL_GROUP_FROM = 600
SEARCH_SHARE = 0.95
SEARCH_ITERATION_US = 37.0
SEARCH_PAIR_US = 2.1
#: Share of the search's groups built around one task (its workers), so one person can
#: take over more of it (fewer distinct tasks each).
SEARCH_TASK_SHARE = 0.85
#: Share of the search's rebuilds that ignore the slot prices (the others use them, scaled
#: by a random factor between 0.5 and 1).
SEARCH_UNPRICED = 0.5
#: The search runs on this many sides of the map at once (one thread each, see
#: :func:`lagrange.search`); a fixed number, so the plan does not depend on the machine.
SEARCH_SIDES = 2
#: LNS sub-problems per second of ``time_limit`` when turning a time limit into the
#: deterministic work budget (calibrated on the 2-core reference machine, see
#: docs/planning.md; a faster machine finishes early, a slower one hits the clock).
SUBPROBLEMS_PER_SECOND = 40.0
#: Participants in one LNS sub-problem.
GROUP_SIZE = 5
#: Per participant and (day, start, end), the cheapest pairs with room kept in a sub-problem.
KEEP_PER_INTERVAL = 1
#: Node limit of one sub-MIP (a deterministic work limit).
SUB_MIP_NODES = 50
#: Safety time cap of one sub-MIP in seconds (its best plan so far is still used, and the
#: result is flagged as not deterministic).
SUB_MIP_TIME = 0.3
#: Relative gap at which a sub-MIP stops (its objective is the group's cost, ~1e4).
SUB_MIP_REL_GAP = 1e-4
#: HiGHS heuristic effort inside a sub-MIP.
SUB_MIP_HEURISTICS = 0.05
#: Instances with at most this many candidate pairs are solved as one MIP.
FULL_MIP_PAIRS = 15_000
#: Small instances: the share of the time limit the search gets (the whole-week MIP gets
#: most of the rest), and the share of the remaining work budget spent on LNS first.
SMALL_SEARCH_SHARE = 0.35
SMALL_LNS_SHARE = 0.1
#: The whole-week MIP fixes the pairs on which the plan and the LP relaxation agree: in the
#: plan with an LP value above 1 - t, or out of it with an LP value below t; its rounds
#: take t from this tuple in turn (a small, fast neighbourhood, then a larger one).
RINS_TOLERANCES = (0.2, 1e-6)
#: Rounds of that MIP while at least ``RINS_MIN_SECONDS`` are left, each after
#: ``RINS_SEARCH_CHUNKS`` more search chunks from the MIP's plan.
RINS_ROUNDS = 6
RINS_SEARCH_CHUNKS = 5
RINS_MIN_SECONDS = 1.0
#: Per participant and interval, the cheapest pairs with room kept in the whole-week MIP.
FULL_MIP_KEEP = 10**9
#: Node limit of the whole-week MIP (a deterministic work limit; the clock caps it too).
FULL_MIP_NODES = 2000
#: Relative gap at which the whole-instance MIP stops.
FULL_MIP_REL_GAP = 1e-4
#: The whole-week MIP only runs with at least this much time left (building and presolving
#: it alone takes about a second at 60 people, whatever its time limit).
FULL_MIP_MIN_SECONDS = 2.0


class PinError(ValueError):
    """The pins cannot all be honoured (a pin breaks a hard rule, alone or with others).

    ``rule`` is the number of the hard rule the pin breaks (docs/planning.md; ``None`` for an
    unknown id or a pair both pinned and forbidden), ``participant`` and ``slot`` the
    pair's ids."""

    def __init__(
        self,
        message: str,
        rule: int | None = None,
        participant: str | None = None,
        slot: str | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.participant = participant
        self.slot = slot


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


class _State:
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
        return _plan_cost(self.prob, self.on)

    def participant_cost(self, i: int) -> float:
        p = self.prob
        lo, hi = int(p.part_ptr[i]), int(p.part_ptr[i + 1])
        c = float(p.pair_cost[lo:hi][self.on[lo:hi]].sum())
        if self.tasks[i]:
            c += p.extra_task * (len(self.tasks[i]) - 1)
        return c

    def pairs(self) -> list[tuple[str, str]]:
        return [self.prob.pair_key(int(k)) for k in np.flatnonzero(self.on)]


def _resolve_pairs(
    prob: Problem, pairs: Iterable[tuple[str, str]], what: str
) -> tuple[list[int], list[tuple[str, str]]]:
    """Pair indices for (participant, slot) ids; also the ones that are not candidates."""
    found, missing = [], []
    for pid, sid in pairs:
        if pid not in prob.part_index:
            raise PinError(f"{what}: unknown participant {pid}", None, pid, sid)
        if sid not in prob.slot_index:
            raise PinError(f"{what}: unknown slot {sid}", None, pid, sid)
        i, j = prob.part_index[pid], prob.slot_index[sid]
        lo, hi = int(prob.part_ptr[i]), int(prob.part_ptr[i + 1])
        hit = np.flatnonzero(prob.pair_s[lo:hi] == j)
        if len(hit):
            found.append(lo + int(hit[0]))
        else:
            missing.append((pid, sid))
    return found, missing


def _explain_not_candidate(inst: Instance, pid: str, sid: str) -> tuple[int, str]:
    """The hard rule that keeps ``pid`` out of ``sid``: (rule number, text)."""
    p = inst.participant_by_id[pid]
    s = inst.slots[sid]
    t = inst.task_by_id[s.task]
    if not t.requires <= p.skills:
        return 2, f"rule 2: {pid} lacks {sorted(t.requires - p.skills)}"
    if t.demands & p.limited:
        return 3, f"rule 3: {pid} has a limitation for {sorted(t.demands & p.limited)}"
    if not any(a <= s.start and s.end <= b for a, b in p.availability.get(s.day, ())):
        return 4, f"rule 4: {sid} lies outside {pid}'s availability"
    return 8, f"rule 8: {sid} is too far from {pid}'s home"


def _greedy(state: _State, allowed: np.ndarray, order_keys: np.ndarray) -> None:
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


class _Neighbourhoods:
    """Chooses the participant groups of the large-neighbourhood search (seeded)."""

    def __init__(self, prob: Problem, rng: np.random.Generator) -> None:
        inst = prob.instance
        nb = inst.neighbourhood_by_id
        self.prob = prob
        self.rng = rng
        self.xy = np.array([(nb[p.home].x_km, nb[p.home].y_km) for p in inst.participants])
        self.xy = self.xy.reshape(-1, 2)

    def around(self, state: _State, anchor: int, size: int) -> np.ndarray:
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


def _sub_pairs(
    state: _State, group: np.ndarray, cap: np.ndarray, allowed: np.ndarray, keep: int
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


def _solve_group(
    state: _State,
    group: np.ndarray,
    fixed_one: np.ndarray,
    fixed_zero: np.ndarray,
    seed: int,
    time_left: float,
    keep: int,
    options: dict[str, object] | None = None,
    sub_cap: float = SUB_MIP_TIME,
) -> tuple[bool, float, dict[str, float]]:
    """Re-plan ``group`` exactly (within the sub-MIP limits). Returns (improved, gain, info).

    ``options`` replaces the sub-MIP's HiGHS options (the whole-instance MIP uses this);
    ``time_left`` then is the time cap.
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
    lists = _sub_pairs(state, group, cap, ~fixed_zero, keep)
    model = milp.build(prob, group, lists, cap, fixed_one, fixed_zero)
    x0 = np.zeros(model.n_cols)
    x0[: model.n_x] = state.on[model.pairs]
    milp.complete_start(prob, model, x0)
    cur = float(model.col_cost @ x0)
    x, stats = _run_mip(
        model,
        x0,
        seed=seed,
        keep_capped=True,
        time_cap=max(0.05, time_left if options is not None else min(sub_cap, time_left)),
        options=options
        if options is not None
        else {
            "mip_max_nodes": SUB_MIP_NODES,
            "mip_rel_gap": SUB_MIP_REL_GAP,
            "mip_heuristic_effort": SUB_MIP_HEURISTICS,
        },
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


def _lp_relaxation(
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


def _run_mip(
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
    the same report as a :class:`Progress` value. ``work_limit`` overrides the number of LNS sub-problems (the
    deterministic budget; by default ``SUBPROBLEMS_PER_SECOND * time_limit``). With
    ``lower_bound=True`` the LP floor is computed too (see :mod:`basisbaan_planner.bound`;
    not counted in the time limit). ``clock="cpu"`` measures ``time_limit`` in this
    process's CPU seconds instead of wall-clock seconds (for benchmarks on a shared
    machine); HiGHS's own caps are then stretched by the observed wall/CPU ratio.
    """
    if clock not in ("wall", "cpu"):
        raise ValueError("clock must be 'wall' or 'cpu'")
    now = time.monotonic if clock == "wall" else time.process_time
    t0 = now()
    w0 = time.monotonic()

    def slowdown() -> float:
        """Wall seconds per clock second so far (1 for the wall clock)."""
        if clock == "wall":
            return 1.0
        used = now() - t0
        return min(20.0, max(1.0, (time.monotonic() - w0) / used)) if used > 0.5 else 1.0

    def report(
        frac: float, stage: str, cost: float | None = None, bound: float | None = None
    ) -> None:
        if progress is None and on_progress is None:
            return
        value = Progress(min(1.0, max(0.0, frac)), stage, cost, bound)
        if progress is not None:
            progress(value.fraction, value.message)
        if on_progress is not None:
            on_progress(value)

    report(0.0, "compiling the instance")
    prob = compile_problem(instance)
    pins = list(dict.fromkeys(pins))
    forbids = list(dict.fromkeys(forbids))
    pin_k, pin_bad = _resolve_pairs(prob, pins, "pin")
    if pin_bad:
        pid, sid = pin_bad[0]
        rule, why = _explain_not_candidate(instance, pid, sid)
        raise PinError(f"pin ({pid}, {sid}) is impossible: {why}", rule, pid, sid)
    forbid_k, _ = _resolve_pairs(prob, forbids, "forbid")
    fixed_one = np.zeros(prob.n_pairs, dtype=bool)
    fixed_one[pin_k] = True
    fixed_zero = np.zeros(prob.n_pairs, dtype=bool)
    fixed_zero[forbid_k] = True
    if (fixed_one & fixed_zero).any():
        k = int(np.flatnonzero(fixed_one & fixed_zero)[0])
        raise PinError(
            f"pair {prob.pair_key(k)} is both pinned and forbidden", None, *prob.pair_key(k)
        )

    state = _State(prob)
    for k in sorted(pin_k):
        if not state.can_add(k):
            pid, sid = prob.pair_key(k)
            rule, why = _pin_conflict(state, k)
            raise PinError(
                f"pin ({pid}, {sid}) is impossible together with the other pins: " + why,
                rule,
                pid,
                sid,
            )
        state.add(k)
    # last week's assignments that are still possible (replanning): one of the starts
    _greedy(state, ~fixed_zero & prob.pair_prev, prob.pair_cost)
    price_its, search_its, lns_budget = _budgets(prob, time_limit, work_limit)
    small = 0 < prob.n_pairs <= FULL_MIP_PAIRS
    mode = "search+lns+mip" if small else "search+lns"
    start_on, search_chunk, lag_stats = _priced_search(
        prob,
        state.on.copy(),
        fixed_one,
        fixed_zero,
        seed=seed,
        price_iterations=price_its,
        search_iterations=search_its,
        now=now,
        deadline=t0 + time_limit * _search_share(prob),
        report=report,
    )
    start_cost = lag_stats.pop("start_cost", state.objective())
    _set_plan(state, start_on)
    search_cost = state.objective()
    report(0.8, "searching", cost=search_cost)
    budget = lns_budget
    rng = np.random.default_rng(seed)
    hoods = _Neighbourhoods(prob, rng)
    n_part = len(prob.part_ids)
    stopped_by = lag_stats.get("search_stopped_by", "budget")
    capped = 0
    improved = 0
    nodes = 0.0
    lp_iters = 0.0
    done = 0
    # anchors cycle through a seeded permutation of participants, short ones favoured
    perm = rng.permutation(n_part)
    pos = 0
    for it in range(budget):
        elapsed = now() - t0
        if elapsed > time_limit:
            stopped_by = "time"
            break
        if n_part == 0:
            break
        short = np.flatnonzero(state.week < prob.contract - 1e-9)
        if len(short) and it % 2 == 0:
            anchor = int(short[rng.integers(len(short))])
        else:
            anchor = int(perm[pos % n_part])
            pos += 1
        group = hoods.around(state, anchor, GROUP_SIZE)
        ok, _gain, st = _solve_group(
            state,
            group,
            fixed_one,
            fixed_zero,
            seed + it,
            (time_limit - elapsed) * slowdown(),
            KEEP_PER_INTERVAL,
            sub_cap=SUB_MIP_TIME * slowdown(),
        )
        done += 1
        improved += ok
        nodes += st["nodes"]
        lp_iters += st["lp_iters"]
        capped += int(st["capped"])
        if (progress is not None or on_progress is not None) and (it % 5 == 0 or it == budget - 1):
            frac = (0.1 if small else 0.15) * (it + 1) / max(1, budget)
            report(0.8 + frac, "improving groups", cost=state.objective())

    lns_cost = state.objective()
    full_stats: dict[str, float] = {}
    left = (time_limit - (now() - t0)) * slowdown()
    if small and left > FULL_MIP_MIN_SECONDS:
        # small enough for the whole week as one MIP, warm-started from the search, with
        # every pair fixed on which the plan and the LP relaxation agree (RINS)
        report(0.85, "solving the LP relaxation")
        x_lp = _lp_relaxation(prob, fixed_one, fixed_zero, left)
        chunk = int(lag_stats.get("search_iterations", 0)) // SEARCH_CHUNK
        for rins_round in range(RINS_ROUNDS):
            if rins_round > 0:
                # more search from the MIP's plan (new agreements with the LP), then again
                if search_chunk is None or x_lp is None:
                    break
                if (time_limit - (now() - t0)) * slowdown() < RINS_MIN_SECONDS:
                    stopped_by = "time"
                    break
                on = state.on.copy()
                for _ in range(RINS_SEARCH_CHUNKS):
                    search_chunk(on, chunk)
                    chunk += 1
                if _plan_cost(prob, on) < state.objective() - 1e-6:
                    _set_plan(state, on)
            one, zero = fixed_one, fixed_zero
            if x_lp is not None:
                tol = RINS_TOLERANCES[rins_round % len(RINS_TOLERANCES)]
                one = fixed_one | (state.on & (x_lp > 1 - tol))
                zero = fixed_zero | (~state.on & (x_lp < tol))
            report(0.9, "solving the whole week as one MIP")
            _ok, _gain, full_stats = _solve_group(
                state,
                np.arange(len(prob.part_ids)),
                one,
                zero,
                seed + rins_round,
                max(0.05, (time_limit - (now() - t0)) * slowdown()),
                keep=FULL_MIP_KEEP,
                options={"mip_rel_gap": FULL_MIP_REL_GAP, "mip_max_nodes": FULL_MIP_NODES},
            )
            full_stats["mip_free_pairs"] = float(prob.n_pairs - (one | zero).sum())
            full_stats["rins_rounds"] = float(rins_round + 1)
            if full_stats.get("capped"):
                stopped_by = "time"
                break

    pairs = state.pairs()
    plan = Plan.of(instance.name, pairs)
    sc = score(instance, plan.sorted_assignments())
    lb = None
    if lower_bound:
        from .bound import lp_bound

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
            "seconds": round(time.monotonic() - w0, 3),
            "cpu_seconds": round(time.process_time(), 3),
            "pairs": prob.n_pairs,
            "mode": mode,
            "start_cost": round(start_cost, 3),
            "search_cost": round(search_cost, 3),
            "lns_cost": round(lns_cost, 3),
            **lag_stats,
            "subproblems": done,
            "improving_subproblems": improved,
            "capped_subproblems": capped,
            "mip_nodes": int(nodes + full_stats.get("nodes", 0)),
            "mip_free_pairs": int(full_stats.get("mip_free_pairs", 0)),
            "rins_rounds": int(full_stats.get("rins_rounds", 0)),
            "lp_iterations": int(lp_iters),
            "budget": budget,
            "stopped_by": stopped_by,
            "deterministic": stopped_by != "time" and capped == 0,
        },
    )


def _set_plan(state: _State, on: np.ndarray) -> None:
    """Make ``state`` hold exactly the pairs of ``on`` (a mask over pairs)."""
    for i in range(len(state.prob.part_ids)):
        state.set_participant(i, ())
    for k in np.flatnonzero(on).tolist():
        state.add(k)


def _plan_cost(prob: Problem, on: np.ndarray) -> float:
    """Cost of the plan ``on`` (a mask over pairs), as the scorer prices it."""
    ks = np.flatnonzero(on)
    pt = np.unique(
        prob.pair_p[ks].astype(np.int64) * len(prob.task_ids) + prob.slot_task[prob.pair_s[ks]]
    )
    with_work = len(np.unique(prob.pair_p[ks]))
    return prob.constant + float(prob.pair_cost[ks].sum()) + prob.extra_task * (len(pt) - with_work)


def _search_share(prob: Problem) -> float:
    return SMALL_SEARCH_SHARE if 0 < prob.n_pairs <= FULL_MIP_PAIRS else SEARCH_SHARE


def _search_group(prob: Problem) -> int:
    return SEARCH_SMALL_GROUP if len(prob.part_ids) >= SEARCH_SMALL_GROUP_FROM else SEARCH_GROUP


def _search_iterations_in(prob: Problem, seconds: float) -> int:
    """Search iterations that fit in ``seconds`` on the reference machine (see
    ``SEARCH_ITERATION_US``)."""
    per_participant = prob.n_pairs / max(1, len(prob.part_ids))
    us = (SEARCH_ITERATION_US + SEARCH_PAIR_US * per_participant**0.6) * _search_group(prob) / 5
    return int(seconds * 1e6 / us)


def _price_seconds(prob: Problem, iterations: float) -> float:
    """Seconds that ``iterations`` of pricing take on the reference machine."""
    scans = PRICE_PARTICIPANT_SCANS * len(prob.part_ids) + prob.n_pairs
    return iterations * scans / PRICE_SCANS_PER_SECOND


def _budgets(prob: Problem, time_limit: float, work_limit: int | None) -> tuple[int, int, int]:
    """The deterministic work budget: (price iterations, search iterations, LNS sub-problems).

    Speeds are calibrated on the reference machine: see :func:`_price_seconds` and
    :func:`_search_iterations_in`.
    """
    if work_limit is not None:
        return PRICE_ITERATIONS, work_limit * SEARCH_CHUNK, work_limit
    price_its = int(
        min(PRICE_ITERATIONS, PRICE_SHARE * time_limit / max(1e-9, _price_seconds(prob, 1)))
    )
    share = _search_share(prob)
    search_its = _search_iterations_in(prob, time_limit * share)
    lns = SUBPROBLEMS_PER_SECOND * time_limit * (1.0 - share)
    if 0 < prob.n_pairs <= FULL_MIP_PAIRS:
        lns *= SMALL_LNS_SHARE  # the rest of the time goes to the whole-week MIP
    return max(1, price_its), max(SEARCH_CHUNK, search_its), int(lns)


def _priced_search(
    prob: Problem,
    kept: np.ndarray,
    fixed_one: np.ndarray,
    fixed_zero: np.ndarray,
    *,
    seed: int,
    price_iterations: int,
    search_iterations: int,
    now: Callable[[], float],
    deadline: float,
    report: Callable[..., None],
) -> tuple[np.ndarray, Callable[[np.ndarray, int], int] | None, dict[str, Any]]:
    """The slot prices, the start plan and the search (steps 3-5 of the module docstring).

    ``kept`` holds the pins and last week's assignments that are still possible. Returns
    the best plan found (a mask over pairs), a function that runs search chunk number
    ``k`` on a plan with the same prices (``None`` if there is nothing to plan), and
    statistics.
    """
    n = len(prob.part_ids)
    if n == 0 or prob.n_pairs == 0:
        return kept, None, {}
    t_first = now()
    ivs = lagrange.intervals_of(prob)
    cost = prob.pair_cost.copy()
    cost[fixed_zero] = np.inf
    cost[fixed_one] = -lagrange.PIN
    rng = np.random.default_rng(seed)
    # start 1: keep last week's assignments, everyone else takes their cheapest week
    cost_kept = cost.copy()
    cost_kept[kept] = -lagrange.PIN
    zero = np.zeros(len(prob.slot_ids))
    best_on = lagrange.construct(prob, ivs, cost_kept, fixed_one | kept, zero, np.arange(n))
    best = _plan_cost(prob, best_on)
    report(0.03, "first plan", cost=best)
    prices = lagrange.subgradient(
        prob,
        ivs,
        cost,
        fixed_one,
        upper=best,
        iterations=price_iterations,
        deadline=deadline,
        now=now,
        patience=PRICE_PATIENCE,
    )
    # the time the prices took (by the calibrated rate) comes off the search's budget
    search_iterations -= _search_iterations_in(prob, _price_seconds(prob, prices.iterations))
    chunks = max(1, search_iterations // SEARCH_CHUNK)
    report(0.08, "slot prices", bound=prices.bound)
    t_prices = now()
    # more starts: cheapest weeks under the slot prices, in a few orders
    orders = [np.arange(n)] + [rng.permutation(n) for _ in range(START_ORDERS - 1)]
    for scale in PRICE_SCALES:
        for order in orders:
            on = lagrange.construct(prob, ivs, cost, fixed_one, prices.price * scale, order)
            c = _plan_cost(prob, on)
            if c < best - 1e-6:
                best_on, best = on, c
    start = best
    report(0.1, "start plan", cost=best)
    accepted = 0
    stopped_by = "budget"
    done = 0
    t_search = now()
    part_xy, slot_xy = _coordinates(prob)

    def search_chunk(on: np.ndarray, chunk: int) -> int:
        """Search chunk number ``chunk`` on plan ``on`` (in place); returns the changes kept."""
        part_side, slot_side = _sides(part_xy, slot_xy, chunk, SEARCH_SIDES)
        return lagrange.search(
            prob,
            ivs,
            cost,
            fixed_one,
            prices.price,
            on,
            iterations=SEARCH_CHUNK,
            seed=seed * 1_000_003 + chunk,
            group_size=_search_group(prob),
            task_share=SEARCH_TASK_SHARE,
            zero_share=SEARCH_UNPRICED,
            part_side=part_side,
            slot_side=slot_side,
        )

    for chunk in range(chunks):
        if now() > deadline:
            stopped_by = "time"
            break
        accepted += search_chunk(best_on, chunk)
        done += 1
        if chunk % 5 == 0:
            report(
                0.1 + 0.7 * (chunk + 1) / chunks,
                "searching",
                cost=_plan_cost(prob, best_on),
            )
    return (
        best_on,
        search_chunk,
        {
            "start_cost": round(start, 3),
            "price_iterations": prices.iterations,
            "lagrangian_bound": round(prices.bound, 3),
            "search_iterations": done * SEARCH_CHUNK,
            "search_budget": chunks * SEARCH_CHUNK,
            "search_accepted": accepted,
            "search_stopped_by": stopped_by,
            "prices_done_at": round(t_prices - t_first, 3),
            "search_seconds": round(now() - t_search, 3),
        },
    )


def _coordinates(prob: Problem) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) in km of each participant's home and of each slot's task."""
    inst = prob.instance
    nb = inst.neighbourhood_by_id
    by_part = {p.id: p for p in inst.participants}
    by_task = {t.id: t for t in inst.tasks}
    part_xy = np.array(
        [(nb[by_part[pid].home].x_km, nb[by_part[pid].home].y_km) for pid in prob.part_ids],
        dtype=np.float64,
    ).reshape(-1, 2)
    task_xy = np.array(
        [
            (nb[by_task[tid].neighbourhood].x_km, nb[by_task[tid].neighbourhood].y_km)
            for tid in prob.task_ids
        ],
        dtype=np.float64,
    ).reshape(-1, 2)
    return part_xy, task_xy[prob.slot_task] if len(task_xy) else np.zeros((0, 2))


def _sides(
    part_xy: np.ndarray, slot_xy: np.ndarray, turn: int, n_sides: int
) -> tuple[np.ndarray, np.ndarray]:
    """Cut the map into ``n_sides`` strips with equally many participants, across a
    direction that turns by the golden angle each ``turn`` (so every border moves); returns
    the side of each participant and of each slot."""
    angle = turn * 2.399963229728653
    d = np.array([np.cos(angle), np.sin(angle)])
    pp, sp = part_xy @ d, slot_xy @ d
    if n_sides <= 1 or len(pp) == 0:
        return np.zeros(len(pp), dtype=np.int64), np.zeros(len(sp), dtype=np.int64)
    cuts = np.quantile(pp, np.arange(1, n_sides) / n_sides)
    return np.searchsorted(cuts, pp).astype(np.int64), np.searchsorted(cuts, sp).astype(np.int64)


def _pin_conflict(state: _State, k: int) -> tuple[int, str]:
    """The hard rule pinning pair ``k`` on top of ``state`` breaks: (rule number, text)."""
    p = state.prob
    i, s = int(p.pair_p[k]), int(p.pair_s[k])
    h = p.slot_hours[s]
    if state.used[s] >= p.slot_cap[s]:
        return 1, f"rule 1: slot {p.slot_ids[s]} is full"
    if state.week[i] + h > p.contract[i] + 1e-9:
        return 6, f"rule 6: more than {p.contract[i]:g} h in the week"
    d = int(p.slot_day[s])
    if state.day[i, d] + h > p.max_day[i] + 1e-9:
        return 7, f"rule 7: more than {p.max_day[i]:g} h on one day"
    return 5, "rule 5: overlaps another pinned slot"
