"""What higher layers tell planning, through functions they register in ``ready()``.

Planning sits below guidance (docs/developing.md, "Layers"), so it never imports it:
guidance registers where absences come from, and planning asks this registry.
"""

import datetime
from collections.abc import Callable

AbsenceSource = Callable[[object, datetime.date, datetime.date], dict]
_absence_sources: list[AbsenceSource] = []


# The kind of an absence a source gives; a source giving plain dates gives ABSENT.
SICK, LEAVE, ABSENT = "sick", "leave", "absent"


def register_absence_source(source: AbsenceSource) -> None:
    """``source(municipality, start, end)``: known absences, either
    ``{participant pk: set of dates}`` or ``{participant pk: {date: kind}}`` with kind a
    short string (``"sick"``, ``"leave"``, ``"absent"``)."""
    if source not in _absence_sources:
        _absence_sources.append(source)


def absences(municipality, start: datetime.date, end: datetime.date) -> dict[int, set]:
    """Known absences (participant pk -> dates in [start, end]) from every source."""
    return {pk: set(days) for pk, days in absence_kinds(municipality, start, end).items() if days}


def absence_kinds(
    municipality, start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, str]]:
    """Known absences with their kind (participant pk -> {date: kind}) from every source.

    A date two sources name keeps the first specific kind (sick or leave over absent)."""
    found: dict[int, dict[datetime.date, str]] = {}
    for source in _absence_sources:
        for pk, days in source(municipality, start, end).items():
            kinds = days if isinstance(days, dict) else dict.fromkeys(days, ABSENT)
            mine = found.setdefault(int(pk), {})
            for day, kind in kinds.items():
                if not start <= day <= end:
                    continue
                if mine.get(day, ABSENT) == ABSENT:
                    mine[day] = str(kind or ABSENT)
    return found
