"""The ids of the exchange format (``basisbaan-planning/1``), stable across weeks.

- participant ``P<participant pk>``, task ``T<task pk>``, organisation ``O<org pk>``;
- slot ``T<task pk>.<day>.<slot pk>`` (a recurring slot has the same id every week, so
  last week's plan can be handed to the engine as ``previous``).

``day_date`` turns a slot id's day into the date in a given week.
"""

import datetime

from basisbaan.core.vocabulary import WEEKDAYS


def participant_key(pk: int) -> str:
    return f"P{pk}"


def participant_pk(key: str) -> int:
    if not key.startswith("P") or not key[1:].isdigit():
        raise ValueError(f"not a participant id: {key!r}")
    return int(key[1:])


def task_key(pk: int) -> str:
    return f"T{pk}"


def organisation_key(pk: int) -> str:
    return f"O{pk}"


def slot_key(task_pk: int, day: str, slot_pk: int) -> str:
    return f"T{task_pk}.{day}.{slot_pk}"


def parse_slot_key(key: str) -> tuple[int, str, int]:
    """``"T12.mon.34"`` -> (12, "mon", 34); ValueError otherwise."""
    try:
        task, day, slot = key.split(".")
        if not task.startswith("T") or day not in WEEKDAYS:
            raise ValueError
        return int(task[1:]), day, int(slot)
    except ValueError as exc:
        raise ValueError(f"not a slot id: {key!r}") from exc


def day_date(week_start: datetime.date, day: str) -> datetime.date:
    """The date of ``day`` ("mon".."sun") in the week starting ``week_start``."""
    return week_start + datetime.timedelta(days=WEEKDAYS.index(day))
