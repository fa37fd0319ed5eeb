"""What higher layers tell planning, through functions they register in ``ready()``.

Planning sits below guidance (docs/developing.md, "Layers"), so it never imports it:
guidance registers where absences come from, and planning asks this registry.
"""

import datetime
from collections.abc import Callable

AbsenceSource = Callable[[object, datetime.date, datetime.date], dict]
_absence_sources: list[AbsenceSource] = []


def register_absence_source(source: AbsenceSource) -> None:
    """``source(municipality, start, end) -> {participant pk: dates}``: known absences."""
    if source not in _absence_sources:
        _absence_sources.append(source)


def absences(municipality, start: datetime.date, end: datetime.date) -> dict[int, set]:
    """Known absences (participant pk -> dates in [start, end]) from every source."""
    found: dict[int, set] = {}
    for source in _absence_sources:
        for pk, dates in source(municipality, start, end).items():
            found.setdefault(int(pk), set()).update(dates)
    return found
