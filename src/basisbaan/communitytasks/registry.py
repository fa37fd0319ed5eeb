"""What higher layers tell communitytasks, through functions they register in ``ready()``.

Community tasks sit below planning (docs/developing.md, "Layers"), so they never import
it: planning registers who fills which places, and the provider portal asks this
registry.
"""

import datetime
from collections.abc import Callable

# ``fill(task_ids, week_start) -> {task_id: [{"slot_id", "day", "start", "end",
# "first_names"}]}``
FilledPlaces = Callable[[list[int], datetime.date], dict]
_filled_places: list[FilledPlaces] = []


def register_filled_places(source: FilledPlaces) -> None:
    if source not in _filled_places:
        _filled_places.append(source)


def filled_places(task_ids: list[int], week_start: datetime.date) -> dict[int, list[str]] | None:
    """``{slot_id: [first name, ...]}`` from the registered source, or None without one."""
    if not _filled_places:
        return None
    by_slot: dict[int, list[str]] = {}
    for source in _filled_places:
        for places in (source(list(task_ids), week_start) or {}).values():
            for place in places:
                by_slot.setdefault(place["slot_id"], []).extend(place["first_names"])
    return by_slot
