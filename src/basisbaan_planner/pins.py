"""Pins and forbids: (participant, slot) ids resolved to candidate pairs, and the hard rule
a pin that cannot be kept breaks (:class:`PinError`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .model import Instance
from .problem import Problem
from .state import State


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


def resolve_pairs(
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


def explain_not_candidate(inst: Instance, pid: str, sid: str) -> tuple[int, str]:
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


def pin_conflict(state: State, k: int) -> tuple[int, str]:
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
