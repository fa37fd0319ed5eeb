"""The demo's programme history: who started, became permanent, fell ill or left, and when.

Groningen's published headcounts (``../shared/domain.md``) are the anchors: 9 people in
service at the end of June 2020, 25 in January 2021, 56 in March 2023, 132 of whom 20
permanent in April 2024 and 160 in April 2025; after that the programme grows by 50 a
year up to 250. Between two anchors the headcount grows evenly, month by month. Nobody
leaves in the first three years (the evaluation: "niemand is uitgevallen"); those who
started three years earlier get a permanent contract, so the permanent figure of an
anchor fixes how many of the early starters left (for a regular job or education)
before their third year was full. Early 2021 is a plateau (the second lockdown): the 25
of January 2021 are the cohort that is permanent by April 2024.

Pure Python and deterministic: the plan depends only on the anchors, the counts, the
day and the ``random.Random`` handed in. ``headcount_on`` reads a plan the way the
monitor reads the status history, so a test can check the plan against the anchors.
"""

import datetime
import random
from dataclasses import dataclass, field

from basisbaan.core import calendar

PERMANENT_AFTER_MONTHS = 36


@dataclass(frozen=True)
class Anchor:
    day: datetime.date
    in_service: int
    permanent: int | None = None


@dataclass(frozen=True)
class Trajectory:
    """A programme's headcount over time: ``anchors`` (month ends), then
    ``growth_per_year`` more people a year up to ``cap``."""

    start: datetime.date
    anchors: tuple[Anchor, ...]
    growth_per_year: int
    cap: int
    exits: int  # people who have left by today, the early leavers included
    long_term_sick: int  # people long-term sick today
    no_exit_months: int = 36

    def target(self, day: datetime.date) -> float:
        """The headcount on ``day``, evenly between anchors."""
        previous = Anchor(self.start, 0)
        for anchor in self.anchors:
            if day <= anchor.day:
                span = (anchor.day - previous.day).days
                done = (day - previous.day).days
                return previous.in_service + (anchor.in_service - previous.in_service) * max(
                    done, 0
                ) / (span or 1)
            previous = anchor
        years = (day - previous.day).days / 365
        return min(self.cap, previous.in_service + self.growth_per_year * years)


def _published(day: datetime.date, n: int) -> Anchor:
    return Anchor(day, n)


GRONINGEN = Trajectory(
    start=datetime.date(2020, 3, 1),
    anchors=(
        _published(datetime.date(2020, 6, 30), 9),
        _published(datetime.date(2021, 1, 31), 25),
        _published(datetime.date(2021, 4, 30), 25),  # the plateau of the second lockdown
        _published(datetime.date(2023, 3, 31), 56),
        Anchor(datetime.date(2024, 4, 30), 132, permanent=20),
        _published(datetime.date(2025, 4, 30), 160),
    ),
    growth_per_year=50,
    cap=250,
    exits=30,
    long_term_sick=6,
)

# The test world: the same shape at about a twelfth of the size.
GRONINGEN_SMALL = Trajectory(
    start=datetime.date(2020, 3, 1),
    anchors=(
        Anchor(datetime.date(2020, 6, 30), 1),
        Anchor(datetime.date(2021, 1, 31), 2),
        Anchor(datetime.date(2021, 4, 30), 2),
        Anchor(datetime.date(2023, 3, 31), 4),
        Anchor(datetime.date(2024, 4, 30), 8, permanent=1),
        Anchor(datetime.date(2025, 4, 30), 10),
    ),
    growth_per_year=2,
    cap=14,
    exits=2,
    long_term_sick=1,
)


@dataclass
class Career:
    """One person's way through the programme."""

    start: datetime.date
    leave: datetime.date | None = None
    leave_kind: str = ""  # "exit" or "long_term_sick"
    early: bool = False  # left before the permanent contract, in the anchor's cohort

    @property
    def anniversary(self) -> datetime.date:
        return calendar.months_after(self.start, PERMANENT_AFTER_MONTHS)

    def permanent_on(self, day: datetime.date) -> datetime.date | None:
        """The day the contract became permanent, if by ``day`` and before leaving."""
        anniversary = self.anniversary
        if anniversary > day or (self.leave is not None and self.leave <= anniversary):
            return None
        return anniversary

    def in_service_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.leave is None or self.leave > day)


@dataclass
class History:
    careers: list[Career] = field(default_factory=list)

    def headcount_on(self, day: datetime.date) -> tuple[int, int]:
        """(in service, permanent) at the end of ``day``."""
        serving = [c for c in self.careers if c.in_service_on(day)]
        return len(serving), sum(1 for c in serving if c.permanent_on(day) is not None)


def _spread(first: datetime.date, last: datetime.date, n: int) -> list[datetime.date]:
    """``n`` days evenly between ``first`` and ``last`` (both included)."""
    span = max((last - first).days, 0)
    if n == 1:
        return [first + datetime.timedelta(days=span // 2)]
    return [first + datetime.timedelta(days=round(span * i / (n - 1))) for i in range(n)]


def _working_day(day: datetime.date, first: datetime.date, last: datetime.date) -> datetime.date:
    """A start on a weekend moves to the Monday after, or else to the Friday before, as
    long as it stays between ``first`` and ``last``."""
    if day.weekday() < 5:
        return day
    monday = day + datetime.timedelta(days=7 - day.weekday())
    friday = day - datetime.timedelta(days=day.weekday() - 4)
    if monday <= last:
        return monday
    return friday if friday >= first else day


def plan(trajectory: Trajectory, today: datetime.date, rng: random.Random) -> History:
    """Starts, permanent contracts, long-term sickness and exits that follow
    ``trajectory`` up to ``today``: at every month end (and today) the headcount is the
    trajectory's, rounded; at an anchor with a permanent figure exactly that many are
    permanent."""
    history = History()
    no_exit_until = calendar.months_after(trajectory.start, trajectory.no_exit_months)
    last_leave = today - datetime.timedelta(days=7)
    anchor = next((a for a in trajectory.anchors if a.permanent is not None), None)
    cohort_end = early_left = None
    if anchor is not None and anchor.day <= today:
        # Everyone who started by ``cohort_end`` is permanent at the anchor unless they left.
        cohort_end = calendar.months_after(anchor.day, -PERMANENT_AFTER_MONTHS)
        early_left = round(trajectory.target(cohort_end)) - anchor.permanent
    later_exits = max(trajectory.exits - (early_left or 0), 0)
    leaves = [(day, "exit") for day in _spread(no_exit_until, last_leave, later_exits)]
    if last_leave >= no_exit_until:
        sick_from = max(no_exit_until, last_leave - datetime.timedelta(days=365))
        leaves += [
            (day, "long_term_sick")
            for day in _spread(sick_from, last_leave, trajectory.long_term_sick)
        ]
    else:
        leaves = []
    leave_days = sorted(day for day, _kind in leaves)

    previous = trajectory.start - datetime.timedelta(days=1)
    for end in calendar.month_ends(trajectory.start, today):
        # Started by the month's end = the headcount then + everyone who left by then.
        needed = (
            round(trajectory.target(end))
            + sum(1 for day in leave_days if day <= end)
            - len(history.careers)
        )
        first = previous + datetime.timedelta(days=1)
        for day in _spread(first, end, needed) if needed > 0 else []:
            history.careers.append(Career(start=_working_day(day, first, end)))
        if cohort_end is not None and previous < cohort_end <= end:
            # The cohort is complete: its early leavers go (for a job or education) between
            # the end of the first three years and the end of their own third year.
            cohort = [c for c in history.careers if c.start <= cohort_end]
            for career in rng.sample(cohort, early_left):
                last = career.anniversary - datetime.timedelta(days=14)
                career.leave = no_exit_until + datetime.timedelta(
                    days=rng.randint(0, max((last - no_exit_until).days, 0))
                )
                career.leave_kind, career.early = "exit", True
                leave_days = sorted([*leave_days, career.leave])
        previous = end

    # Who leaves: someone in service for two months or more, not from the cohort before
    # the anchor (that would change its permanent figure).
    for day, kind in sorted(leaves):
        candidates = [
            c
            for c in history.careers
            if c.leave is None
            and c.start <= day - datetime.timedelta(days=60)
            and not (cohort_end is not None and c.start <= cohort_end and day <= anchor.day)
        ]
        career = rng.choice(candidates)
        career.leave, career.leave_kind = day, kind
    return history
