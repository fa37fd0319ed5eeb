"""Shared state handed to every app's demo seeder."""

import datetime
import random
from dataclasses import dataclass, field

from stdnum.nl import bsn as bsn_number

from basisbaan.core import calendar


@dataclass
class DemoContext:
    """What one app's demo seeder needs from the ones before it.

    ``scale`` is "full" for ``make demo`` and "small" for the test suite's world.
    Seeders must be deterministic: take randomness only from ``rng``.
    """

    scale: str = "full"
    seed: int = 20261123
    today: datetime.date = field(default_factory=calendar.today)
    rng: random.Random = field(init=False)
    municipalities: dict = field(default_factory=dict)  # cbs code -> Municipality
    programmes: dict = field(default_factory=dict)  # cbs code -> Programme
    users: dict = field(default_factory=dict)  # username -> User
    guidance: dict = field(default_factory=dict)  # cbs code -> [Organisation]
    providers: dict = field(default_factory=dict)  # cbs code -> [Organisation]
    extra: dict = field(default_factory=dict)  # free room for later seeders
    _bsn_counter: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    @property
    def small(self) -> bool:
        return self.scale == "small"

    def n(self, full: int, small: int) -> int:
        """A volume: ``full`` in the demo, ``small`` in the test world."""
        return small if self.small else full

    def next_bsn(self) -> str:
        """A fresh synthetic BSN that passes the elfproef (starts with 9 for visibility)."""
        while True:
            self._bsn_counter += 1
            stem = f"9{self._bsn_counter:07d}"
            for last in range(10):
                candidate = f"{stem}{last}"
                if bsn_number.is_valid(candidate):
                    return candidate


def in_the_past(moment: datetime.datetime, now: datetime.datetime | None = None):
    """``moment`` if it has passed; else a moment shortly before ``now`` (within the
    hour, later moments nearer to now, so the order of events is kept). Seeders date
    events at fixed hours of their day: on the day of seeding these may lie ahead."""
    now = now or calendar.now()
    if moment <= now:
        return moment
    ahead_hours = (moment - now).total_seconds() / 3600
    return now - datetime.timedelta(hours=1 / (1 + ahead_hours))
