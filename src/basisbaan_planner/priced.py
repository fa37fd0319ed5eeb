"""Steps 3-5 of :mod:`~basisbaan_planner.solve`: the slot prices, the start plans and the
ruin-and-recreate search, with the work budgets that turn a time limit into iterations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import lagrange
from .problem import Problem
from .search import search
from .state import plan_cost
from .tuning import Tuning


def search_share(prob: Problem, tun: Tuning) -> float:
    """The share of the time limit the search may use (the clock's safety net)."""
    return tun.small_search_share if tun.is_small(prob.n_pairs) else tun.search_share


def search_group(prob: Problem, tun: Tuning) -> int:
    """Participants in one ruin-and-recreate group."""
    small = len(prob.part_ids) >= tun.search_small_group_from
    return tun.search_small_group if small else tun.search_group


def search_iterations_in(prob: Problem, seconds: float, tun: Tuning) -> int:
    """Search iterations that fit in ``seconds`` on the reference machine (see
    ``Tuning.search_iteration_us``)."""
    per_participant = prob.n_pairs / max(1, len(prob.part_ids))
    us = (
        (tun.search_iteration_us + tun.search_pair_us * per_participant**0.6)
        * search_group(prob, tun)
        / 5
    )
    return int(seconds * 1e6 / us)


def price_seconds(prob: Problem, iterations: float, tun: Tuning) -> float:
    """Seconds that ``iterations`` of pricing take on the reference machine."""
    scans = tun.price_participant_scans * len(prob.part_ids) + prob.n_pairs
    return iterations * scans / tun.price_scans_per_second


def budgets(
    prob: Problem, time_limit: float, work_limit: int | None, tun: Tuning
) -> tuple[int, int, int]:
    """The deterministic work budget: (price iterations, search iterations, LNS sub-problems).

    Speeds are calibrated on the reference machine: see :func:`price_seconds` and
    :func:`search_iterations_in`.
    """
    if work_limit is not None:
        return tun.price_iterations, work_limit * tun.search_chunk, work_limit
    price_its = int(
        min(
            tun.price_iterations,
            tun.price_share * time_limit / max(1e-9, price_seconds(prob, 1, tun)),
        )
    )
    share = search_share(prob, tun)
    search_its = search_iterations_in(prob, time_limit * share, tun)
    lns = tun.subproblems_per_second * time_limit * (1.0 - share)
    if tun.is_small(prob.n_pairs):
        lns *= tun.small_lns_share  # the rest of the time goes to the whole-week MIP
    return max(1, price_its), max(tun.search_chunk, search_its), int(lns)


def priced_search(
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
    tun: Tuning,
) -> tuple[np.ndarray, Callable[[np.ndarray, int], int] | None, dict[str, Any]]:
    """The slot prices, the start plan and the search (steps 3-5 of :mod:`.solve`).

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
    best = plan_cost(prob, best_on)
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
        patience=tun.price_patience,
    )
    # the time the prices took (by the calibrated rate) comes off the search's budget
    search_iterations -= search_iterations_in(
        prob, price_seconds(prob, prices.iterations, tun), tun
    )
    chunks = max(1, search_iterations // tun.search_chunk)
    report(0.08, "slot prices", bound=prices.bound)
    t_prices = now()
    # more starts: cheapest weeks under the slot prices, in a few orders
    orders = [np.arange(n)] + [rng.permutation(n) for _ in range(tun.start_orders - 1)]
    for scale in tun.price_scales:
        for order in orders:
            on = lagrange.construct(prob, ivs, cost, fixed_one, prices.price * scale, order)
            c = plan_cost(prob, on)
            if c < best - 1e-6:
                best_on, best = on, c
    start = best
    report(0.1, "start plan", cost=best)
    accepted = 0
    stopped_by = "budget"
    done = 0
    t_search = now()
    part_xy, slot_xy = coordinates(prob)

    def search_chunk(on: np.ndarray, chunk: int) -> int:
        """Search chunk number ``chunk`` on plan ``on`` (in place); returns the changes kept."""
        part_side, slot_side = sides(part_xy, slot_xy, chunk, tun.search_sides)
        return search(
            prob,
            ivs,
            cost,
            fixed_one,
            prices.price,
            on,
            iterations=tun.search_chunk,
            seed=seed * 1_000_003 + chunk,
            group_size=search_group(prob, tun),
            task_share=tun.search_task_share,
            zero_share=tun.search_unpriced,
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
                cost=plan_cost(prob, best_on),
            )
    return (
        best_on,
        search_chunk,
        {
            "start_cost": round(start, 3),
            "price_iterations": prices.iterations,
            "lagrangian_bound": round(prices.bound, 3),
            "search_iterations": done * tun.search_chunk,
            "search_budget": chunks * tun.search_chunk,
            "search_accepted": accepted,
            "search_stopped_by": stopped_by,
            "prices_done_at": round(t_prices - t_first, 3),
            "search_seconds": round(now() - t_search, 3),
        },
    )


def coordinates(prob: Problem) -> tuple[np.ndarray, np.ndarray]:
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


def sides(
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
