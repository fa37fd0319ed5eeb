"""Aggregates that point at no one: every figure over people carries the number of
people behind it and is hidden (suppressed) when that group is smaller than
``MIN_GROUP``. Shared by the monitor, the before-and-after figures and the
neighbourhood pages."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_GROUP = 5
ONE_DECIMAL = Decimal("0.1")
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """One aggregate: its value, the number of people behind it, and whether it is hidden.

    ``value`` is None with ``suppressed`` False when there is no data at all.
    """

    value: Decimal | int | None
    n: int
    suppressed: bool = False

    @property
    def shown(self) -> bool:
        return not self.suppressed and self.value is not None

    @property
    def people(self) -> "Figure":
        """The number of people behind this figure, itself suppressed when small."""
        return count(self.n)

    @property
    def bar(self) -> str:
        """The value as an SVG width on a 0-100 scale ('' when not shown)."""
        if not self.shown:
            return ""
        return f"{max(0.0, min(100.0, float(self.value))):.1f}"


def count(n: int) -> Figure:
    """A number of people: 1-4 is suppressed (0 is shown: it points at nobody)."""
    return Figure(n, n, suppressed=0 < n < MIN_GROUP)


def mean(values: Iterable, places: Decimal = ONE_DECIMAL) -> Figure:
    """The average over people, suppressed under ``MIN_GROUP`` people."""
    values = [Decimal(v) for v in values if v is not None]
    n = len(values)
    if n == 0:
        return Figure(None, 0)
    if n < MIN_GROUP:
        return Figure(None, n, suppressed=True)
    return Figure((sum(values) / n).quantize(places, rounding=ROUND_HALF_UP), n)


def pct(part, whole) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def share(part: int, whole: int) -> Figure:
    """``part`` of ``whole`` people as a percentage; suppressed when either group is small."""
    if whole == 0:
        return Figure(None, 0)
    if whole < MIN_GROUP or 0 < part < MIN_GROUP:
        return Figure(None, whole, suppressed=True)
    return Figure(pct(part, whole), whole)


def quarter_of(date: datetime.date) -> tuple[int, int]:
    return date.year, (date.month - 1) // 3 + 1
