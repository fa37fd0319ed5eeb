"""k-anonymity for the research dataset: generalisation along ladders, then suppression.

A row can be re-identified by whoever knows a few ordinary facts about a person (age,
neighbourhood, when they started, ...): the *quasi-identifiers*. A table is
k-anonymous when every combination of quasi-identifier values that occurs, occurs in
at least ``k`` rows (an *equivalence class*), so each row hides among at least k - 1
others.

Each quasi-identifier has a :class:`Ladder` of ever coarser versions of its value
(level 0 is the value itself, the last level is :data:`ALL`). :func:`anonymise`
searches the combinations of ladder levels, lowest total level first, for the least
generalisation after which the rows in classes smaller than ``k`` are no more than
the suppression budget; those rows are then dropped. The result names the k reached,
the levels chosen and the number of rows dropped.

Pure functions on lists of dicts: no database, no Django. The check (:func:`class_sizes`,
:func:`k_of`) is a plain count of equivalence classes; a library such as pycanon
would pull in pandas, numpy and scipy for the same count.
"""

import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

ALL = "all"  # the top of every ladder: the value is no longer given


@dataclass(frozen=True)
class Ladder:
    """The generalisation levels of one column.

    ``steps[i]`` turns an original value into its level-``i + 1`` version (level 0 is
    the value itself); ``labels`` names every level (``len(steps) + 1`` of them), for
    the dataset page.
    """

    column: str
    steps: tuple[Callable[[object], object], ...]
    labels: tuple[str, ...] = ()

    @property
    def top(self) -> int:
        return len(self.steps)

    def apply(self, value, level: int):
        return value if level == 0 else self.steps[level - 1](value)

    def label(self, level: int) -> str:
        return str(self.labels[level]) if level < len(self.labels) else str(level)


@dataclass(frozen=True)
class Result:
    """The anonymised rows, the smallest class among them (None without rows), the
    level chosen per column and how many rows were dropped."""

    rows: list[dict]
    k: int | None
    levels: dict[str, int]
    suppressed: int


# --- ladder steps: pure functions on one value ----------------------------------------------


def _blank(value) -> bool:
    return value is None or value == ""


def to_all(value):
    """The top of a ladder: nothing of the value is left."""
    return ALL


def band(width: int):
    """A step for "low-high" bands (e.g. age "45-49") and plain numbers: the band of
    ``width`` the value's lower bound falls in, e.g. width 10: "45-49" -> "40-49"."""

    def step(value):
        if _blank(value):
            return ""
        low = int(str(value).split("-")[0]) if isinstance(value, str) else int(value)
        start = (low // width) * width
        return f"{start}-{start + width - 1}"

    step.__name__ = f"band_{width}"
    return step


def quarter(value):
    """ "YYYY-MM" -> "YYYY-Qn"."""
    if _blank(value):
        return ""
    year, month = str(value).split("-")[:2]
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def year(value):
    """ "YYYY-MM" -> "YYYY"."""
    if _blank(value):
        return ""
    return str(value)[:4]


def constant(replacement: str, keep_blank: bool = True):
    """A step to one value for the whole table (e.g. the municipality's code)."""

    def step(value):
        return "" if keep_blank and _blank(value) else replacement

    step.__name__ = f"constant_{replacement}"
    return step


def grouped(groups: dict, default=None):
    """A step by lookup: ``groups[value]``, else ``default`` (else the value)."""

    def step(value):
        if value in groups:
            return groups[value]
        return value if default is None else default

    return step


# --- the check -------------------------------------------------------------------------------


def class_sizes(rows: Iterable[dict], columns: Sequence[str]) -> Counter:
    """The equivalence classes: how many rows share each combination of ``columns``."""
    return Counter(tuple(row[c] for c in columns) for row in rows)


def k_of(rows: Iterable[dict], columns: Sequence[str]) -> int | None:
    """The k the rows reach on ``columns``: their smallest class (None without rows)."""
    sizes = class_sizes(rows, columns)
    return min(sizes.values()) if sizes else None


# --- the search ------------------------------------------------------------------------------


def generalise(rows: Iterable[dict], ladders: Sequence[Ladder], levels: dict[str, int]):
    """The rows with every ladder's column at the given level (other columns as they are)."""
    result = []
    for row in rows:
        new = dict(row)
        for ladder in ladders:
            new[ladder.column] = ladder.apply(row[ladder.column], levels.get(ladder.column, 0))
        result.append(new)
    return result


def combinations(ladders: Sequence[Ladder]) -> list[tuple[int, ...]]:
    """Every combination of levels, lowest total level first (ties in a fixed order)."""
    every = itertools.product(*(range(ladder.top + 1) for ladder in ladders))
    return sorted(every, key=lambda levels: (sum(levels), levels))


def anonymise(
    rows: Sequence[dict],
    ladders: Sequence[Ladder],
    k: int = 5,
    max_suppressed_share: float = 0.05,
) -> Result:
    """The least generalisation that makes ``rows`` k-anonymous on the ladders' columns.

    Combinations of ladder levels are tried lowest total level first. A combination
    fits when the rows in classes smaller than ``k`` number at most
    ``floor(len(rows) * max_suppressed_share)``; among the fitting combinations of the
    lowest total level the one dropping the fewest rows wins (then the one with the
    most classes, then the first in order). Those rows are dropped; the rest keep
    their order. Generalising every column to :data:`ALL` always fits when there are
    at least ``k`` rows; with fewer, every row is dropped.
    """
    columns = [ladder.column for ladder in ladders]
    n = len(rows)
    top = {ladder.column: ladder.top for ladder in ladders}
    if n < k:
        return Result([], None, top, n)
    budget = math.floor(n * max_suppressed_share)
    # Every column's values at every level, computed once.
    values = [
        [
            [ladder.apply(row[ladder.column], level) for row in rows]
            for level in range(ladder.top + 1)
        ]
        for ladder in ladders
    ]
    best = None
    best_total = None
    for levels in combinations(ladders):
        total = sum(levels)
        if best is not None and total > best_total:
            break
        keys = list(zip(*(values[i][level] for i, level in enumerate(levels)), strict=True))
        sizes = Counter(keys)
        small = sum(size for size in sizes.values() if size < k)
        if small > budget:
            continue
        score = (small, -sum(1 for size in sizes.values() if size >= k))
        if best is None or score < best[0]:
            best, best_total = (score, levels, keys, sizes), total
    _score, levels, keys, sizes = best
    chosen = dict(zip(columns, levels, strict=True))
    kept = []
    for index, row in enumerate(rows):
        if sizes[keys[index]] < k:
            continue
        new = dict(row)
        for i, column in enumerate(columns):
            new[column] = values[i][levels[i]][index]
        kept.append(new)
    return Result(kept, k_of(kept, columns), chosen, n - len(kept))
