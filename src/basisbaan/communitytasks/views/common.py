"""Shared pieces of the community-task views: links, slot order, task rows."""

import datetime

from basisbaan.communitytasks import registry
from basisbaan.communitytasks.models import TaskSlot
from basisbaan.core.vocabulary import DEMANDS, SKILLS, WEEKDAYS


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _slot_sort_key(slot: TaskSlot):
    return (
        slot.date or datetime.date.min,
        WEEKDAYS.index(slot.weekday) if slot.weekday else 0,
        slot.start,
    )


def _labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary.get(code, code)) for code in codes]


# --- staff: catalogue ----------------------------------------------------------------


def _task_rows(tasks, week_start):
    """Tasks with their sorted slots, weekly place-hours and (if planning says) filled places."""
    tasks = list(tasks.prefetch_related("slots"))
    filled = registry.filled_places([t.pk for t in tasks], week_start)
    rows = []
    for task in tasks:
        slots = sorted(task.slots.all(), key=_slot_sort_key)
        rows.append(
            {
                "task": task,
                "slots": [
                    {"slot": s, "filled": (filled or {}).get(s.pk) if filled is not None else None}
                    for s in slots
                ],
                "hours": sum(s.place_hours for s in slots),
                "requires": _labels(task.requires, SKILLS),
                "demands": _labels(task.demands, DEMANDS),
            }
        )
    return rows, filled is not None
