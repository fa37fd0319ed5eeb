"""Export one ISO week of a municipality as a planning problem (``basisbaan-planning/1``).

The exchange format is described in docs/planning.md (shared with the engine). The ids
(``planning.ids``) are stable across weeks so last week's plan can be handed to the
engine as ``previous``.

What goes in:
- participants in service with a home neighbourhood, their profile and availability,
  minus Dutch public holidays and known absences (``planning.registry.absences``, filled in by guidance);
- the slots of approved tasks running that week: recurring weekday slots on the days
  the task runs, and one-off events dated in the week; no slots on public holidays;
- the neighbourhoods, last week's published plan as ``previous`` and the weights.
"""

import datetime
from dataclasses import dataclass, field

from basisbaan.core import calendar
from basisbaan.core.vocabulary import WEEKDAYS
from basisbaan.planning import registry
from basisbaan.planning.ids import participant_key, slot_key
from basisbaan.planning.models import PlanningWeek, PlanningWeights

FORMAT = "basisbaan-planning/1"


# --------------------------------------------------------------------------- times


def hhmm(value: datetime.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _on_half_hour(value: datetime.time) -> bool:
    return value.minute in (0, 30) and value.second == 0


def minutes(text: str) -> int | None:
    """Minutes after midnight of an "HH:MM" time of the exchange format (None if not one)."""
    try:
        hours, mins = text.split(":")
        return int(hours) * 60 + int(mins)
    except (ValueError, AttributeError):
        return None


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# --------------------------------------------------------------------------- closed days


# --------------------------------------------------------------------------- the export


@dataclass
class Export:
    """The exported problem and what was left out (with a reason code each)."""

    data: dict
    week_start: datetime.date
    holidays: dict = field(default_factory=dict)
    absent: dict = field(default_factory=dict)  # participant pk -> set of dates
    skipped: list = field(default_factory=list)  # (kind, pk, reason)


def _availability(raw, closed_days: set[str]) -> dict[str, list[list[str]]]:
    """The participant's windows, cut to half hours, without closed days."""
    result: dict[str, list[list[str]]] = {}
    if not isinstance(raw, dict):
        return result
    for day in WEEKDAYS:
        if day in closed_days:
            continue
        windows = []
        for window in raw.get(day) or []:
            if not isinstance(window, list | tuple) or len(window) != 2:
                continue
            start, end = minutes(window[0]), minutes(window[1])
            if start is None or end is None:
                continue
            start = -(-start // 30) * 30  # a window starting 09:15 is usable from 09:30
            end = min(end - end % 30, 24 * 60)
            if end > start >= 0:
                windows.append([_clock(start), _clock(end)])
        if windows:
            result[day] = sorted(windows)
    return result


def previous_assignments(municipality, week_start: datetime.date) -> dict[int, list[str]]:
    """Participant pk -> slot ids they held in last week's published plan."""
    last = (
        PlanningWeek.objects.filter(
            municipality=municipality, week_start=week_start - datetime.timedelta(days=7)
        )
        .select_related("published")
        .first()
    )
    if last is None or last.published is None:
        return {}
    result: dict[int, list[str]] = {}
    for participant_id, key in last.published.assignments.order_by("slot_key").values_list(
        "participant_id", "slot_key"
    ):
        result.setdefault(participant_id, []).append(key)
    return result


def export_week(municipality, week_start: datetime.date) -> Export:
    """The planning problem of ``municipality`` for the ISO week starting ``week_start``."""
    from basisbaan.communitytasks.models import Task
    from basisbaan.communitytasks.schedule import slots_in_week
    from basisbaan.participants.models import Participant

    if week_start.weekday() != 0:
        raise ValueError("a planning week starts on a Monday")
    week_end = week_start + datetime.timedelta(days=6)
    closed = calendar.public_holidays(week_start)
    closed_days = {WEEKDAYS[d.weekday()] for d in closed}
    absent = registry.absences(municipality, week_start, week_end)
    previous = previous_assignments(municipality, week_start)
    result = Export(data={}, week_start=week_start, holidays=closed, absent=absent)

    neighbourhoods = {}
    for area in municipality.neighbourhoods.order_by("cbs_code", "-cbs_year"):
        neighbourhoods.setdefault(area.pk, area)
    codes: dict[int, str] = {}
    seen_codes: set[str] = set()
    for area in neighbourhoods.values():
        code = (
            area.cbs_code if area.cbs_code not in seen_codes else f"{area.cbs_code}.{area.cbs_year}"
        )
        seen_codes.add(code)
        codes[area.pk] = code

    participants = []
    for person in Participant.objects.in_service().filter(municipality=municipality).order_by("pk"):
        if person.home_neighbourhood_id not in codes:
            result.skipped.append(("participant", person.pk, "no_home"))
            continue
        days_off = closed_days | {
            WEEKDAYS[d.weekday()] for d in absent.get(person.pk, ()) if week_start <= d <= week_end
        }
        participants.append(
            {
                "id": participant_key(person.pk),
                "contract_hours": person.contract_hours,
                "home": codes[person.home_neighbourhood_id],
                "max_travel_km": float(person.max_travel_km),
                "max_hours_per_day": person.max_hours_per_day,
                "skills": sorted(set(person.skills or [])),
                "limitations": sorted(set(person.limitations or [])),
                "wishes": sorted(set(person.wishes or [])),
                "availability": _availability(person.availability, days_off),
                "previous": previous.get(person.pk, []),
            }
        )

    tasks = (
        Task.objects.approved()
        .filter(municipality=municipality, start_date__lte=week_end)
        .exclude(end_date__lt=week_start)
        .select_related("category")
        .order_by("pk")
    )
    slots_by_task: dict[int, list] = {}
    for slot, date in slots_in_week(tasks, week_start):
        slots_by_task.setdefault(slot.task_id, []).append((slot, date))
    exported_tasks = []
    for task in tasks:
        slots = []
        for slot, date in slots_by_task.get(task.pk, []):
            day = WEEKDAYS[date.weekday()]
            if (
                not (_on_half_hour(slot.start) and _on_half_hour(slot.end))
                or slot.end <= slot.start
            ):
                result.skipped.append(("slot", slot.pk, "not_half_hour"))
                continue
            slots.append(
                {
                    "id": slot_key(task.pk, day, slot.pk),
                    "day": day,
                    "start": hhmm(slot.start),
                    "end": hhmm(slot.end),
                    "people": slot.people,
                }
            )
        if not slots or task.neighbourhood_id not in codes:
            continue
        exported_tasks.append(
            {
                "id": f"T{task.pk}",
                "organisation": f"O{task.organisation_id}" if task.organisation_id else "",
                "neighbourhood": codes[task.neighbourhood_id],
                "category": task.category.code,
                "priority": task.priority,
                "requires": sorted(set(task.requires or [])),
                "demands": sorted(set(task.demands or [])),
                "slots": slots,
            }
        )

    result.data = {
        "format": FORMAT,
        "name": f"{municipality.slug}-{calendar.week_label(week_start)}",
        "week": calendar.week_label(week_start),
        "weights": PlanningWeights.for_municipality(municipality).as_dict(),
        "neighbourhoods": [
            {"id": codes[area.pk], "name": area.name, "x_km": area.x_km, "y_km": area.y_km}
            for area in neighbourhoods.values()
        ],
        "participants": participants,
        "tasks": exported_tasks,
    }
    return result
