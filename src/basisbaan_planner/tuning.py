"""The engine's tuning: work budgets, calibrated speeds, limits and shares.

All of them live in one frozen :class:`Tuning`; the engine reads the module-level default
:data:`TUNING` (:func:`~basisbaan_planner.solve.solve` looks it up when it starts and passes
it on, so a test or an experiment can run with ``dataclasses.replace(TUNING, ...)`` set on
:mod:`basisbaan_planner.solve`). The numba kernels' own constants (``PIN``,
``WEEK_ROUNDS`` in :mod:`~basisbaan_planner.lagrange`) stay where the kernels are: numba
reads module globals as compile-time constants.

See ``docs/planning.md`` for the reasoning and the measured figures behind the values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tuning:
    """The engine's tuning constants (one field each, with what it means)."""

    #: Subgradient iterations for the slot prices at most (they stop earlier when the step
    #: size has shrunk away, or when their share of the time limit is used), the iterations
    #: without a better bound before the step size halves, and the pricing's speed on the
    #: reference machine: an iteration costs ``price_participant_scans`` per participant
    #: plus one per candidate pair, at ``price_scans_per_second``.
    price_iterations: int = 2000
    price_patience: int = 40
    price_share: float = 0.35
    price_participant_scans: int = 1070
    price_scans_per_second: float = 2.4e8
    #: Price multipliers and participant orders tried when building the start plan.
    price_scales: tuple[float, ...] = (1.0, 0.95)
    start_orders: int = 16
    #: The ruin-and-recreate search: iterations per chunk, group size (smaller from
    #: ``search_small_group_from`` participants on, where iterations are dear and scarce),
    #: the share of the time limit it gets (the rest goes to the sub-MIPs), and its speed on
    #: the reference machine (turns the time limit into a deterministic budget): an
    #: iteration takes ``(search_iteration_us + search_pair_us * p ** 0.6) * group size / 5``
    #: microseconds, with ``p`` the candidate pairs per participant (fitted at 60, 250 and
    #: 1,200 people with both cores free, plus 5 %; the clock stops a search that a busy
    #: machine makes slower).
    search_chunk: int = 1000
    search_group: int = 5
    search_small_group: int = 4
    search_small_group_from: int = 600
    search_share: float = 0.95
    search_iteration_us: float = 37.0
    search_pair_us: float = 2.1
    #: Share of the search's groups built around one task (its workers), so one person can
    #: take over more of it (fewer distinct tasks each).
    search_task_share: float = 0.85
    #: Share of the search's rebuilds that ignore the slot prices (the others use them,
    #: scaled by a random factor between 0.5 and 1).
    search_unpriced: float = 0.5
    #: The search runs on this many sides of the map at once (one thread each, see
    #: :func:`~basisbaan_planner.search.search`); a fixed number, so the plan does not
    #: depend on the machine.
    search_sides: int = 2
    #: LNS sub-problems per second of ``time_limit`` when turning a time limit into the
    #: deterministic work budget (calibrated on the 2-core reference machine, see
    #: docs/planning.md; a faster machine finishes early, a slower one hits the clock).
    subproblems_per_second: float = 40.0
    #: Participants in one LNS sub-problem.
    group_size: int = 5
    #: Per participant and (day, start, end), the cheapest pairs with room kept in a
    #: sub-problem.
    keep_per_interval: int = 1
    #: Node limit of one sub-MIP (a deterministic work limit).
    sub_mip_nodes: int = 50
    #: Safety time cap of one sub-MIP in seconds (its best plan so far is still used, and
    #: the result is flagged as not deterministic).
    sub_mip_time: float = 0.3
    #: Relative gap at which a sub-MIP stops (its objective is the group's cost, ~1e4).
    sub_mip_rel_gap: float = 1e-4
    #: HiGHS heuristic effort inside a sub-MIP.
    sub_mip_heuristics: float = 0.05
    #: Instances with at most this many candidate pairs are solved as one MIP.
    full_mip_pairs: int = 15_000
    #: Small instances: the share of the time limit the search gets (the whole-week MIP
    #: gets most of the rest), and the share of the remaining work budget spent on LNS
    #: first.
    small_search_share: float = 0.35
    small_lns_share: float = 0.1
    #: The whole-week MIP fixes the pairs on which the plan and the LP relaxation agree: in
    #: the plan with an LP value above 1 - t, or out of it with an LP value below t; its
    #: rounds take t from this tuple in turn (a small, fast neighbourhood, then a larger
    #: one).
    rins_tolerances: tuple[float, ...] = (0.2, 1e-6)
    #: Rounds of that MIP while at least ``rins_min_seconds`` are left, each after
    #: ``rins_search_chunks`` more search chunks from the MIP's plan.
    rins_rounds: int = 6
    rins_search_chunks: int = 5
    rins_min_seconds: float = 1.0
    #: Per participant and interval, the cheapest pairs with room kept in the whole-week
    #: MIP.
    full_mip_keep: int = 10**9
    #: Node limit of the whole-week MIP (a deterministic work limit; the clock caps it too).
    full_mip_nodes: int = 2000
    #: Relative gap at which the whole-instance MIP stops.
    full_mip_rel_gap: float = 1e-4
    #: The whole-week MIP only runs with at least this much time left (building and
    #: presolving it alone takes about a second at 60 people, whatever its time limit).
    full_mip_min_seconds: float = 2.0

    def is_small(self, n_pairs: int) -> bool:
        """Whether an instance with ``n_pairs`` candidate pairs ends with the whole-week MIP
        (at most :attr:`full_mip_pairs`)."""
        return 0 < n_pairs <= self.full_mip_pairs


#: The tuning the engine uses.
TUNING = Tuning()
