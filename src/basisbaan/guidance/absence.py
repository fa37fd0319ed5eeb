"""Who is absent on which day, and why: the contract other apps (planning) use.

A participant counts as absent on a day when a full sickness case covers that day,
when approved leave covers it, or when the timesheet of that day records absence and
no worked hours. :func:`absence_kinds` (the source registered with
``planning.registry``) names the kind of each day: ``"sick"`` (a sickness case or sick
hours), ``"leave"`` (approved leave or leave hours) or ``"absent"`` (any other absence,
e.g. a public holiday or special leave on the timesheet).
"""

import datetime
from collections import defaultdict

from django.db.models import Q

from basisbaan.guidance.models import ABSENCE_KINDS, HourKind, SicknessCase, TimesheetLine

SICK = "sick"
LEAVE = "leave"
ABSENT = "absent"
# When two reasons cover one day, the first of these names it.
PRECEDENCE = (SICK, LEAVE, ABSENT)
LINE_KINDS = {HourKind.SICK: SICK, HourKind.LEAVE: LEAVE}


def absence_kinds(municipality, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """participant id -> {date in [start, end]: "sick" | "leave" | "absent"}."""
    from basisbaan.guidance import leave

    found: dict[int, dict[datetime.date, set]] = defaultdict(lambda: defaultdict(set))
    cases = SicknessCase.objects.filter(
        participant__municipality=municipality,
        extent=SicknessCase.Extent.FULL,
        first_sick_day__lte=end,
    ).filter(Q(recovered_on__isnull=True) | Q(recovered_on__gt=start))
    for participant_id, first, recovered in cases.values_list(
        "participant_id", "first_sick_day", "recovered_on"
    ):
        day = max(first, start)
        last = min(end, recovered - datetime.timedelta(days=1)) if recovered else end
        while day <= last:
            found[participant_id][day].add(SICK)
            day += datetime.timedelta(days=1)

    for participant_id, days in leave.approved_days(municipality, start, end).items():
        for day in days:
            found[participant_id][day].add(LEAVE)

    worked: set[tuple[int, datetime.date]] = set()
    away: dict[tuple[int, datetime.date], set] = defaultdict(set)
    lines = TimesheetLine.objects.filter(
        timesheet__participant__municipality=municipality,
        date__range=(start, end),
    ).values_list("timesheet__participant_id", "date", "kind")
    for participant_id, date, kind in lines:
        if kind == HourKind.WORKED:
            worked.add((participant_id, date))
        elif kind in ABSENCE_KINDS:
            away[(participant_id, date)].add(LINE_KINDS.get(kind, ABSENT))
    for (participant_id, date), kinds in away.items():
        if (participant_id, date) not in worked:
            found[participant_id][date] |= kinds

    return {
        participant_id: {
            day: next(kind for kind in PRECEDENCE if kind in kinds) for day, kinds in days.items()
        }
        for participant_id, days in found.items()
    }


def absent_days(municipality, start: datetime.date, end: datetime.date) -> dict[int, set]:
    """participant id -> the dates in [start, end] on which they are absent."""
    return {pk: set(days) for pk, days in absence_kinds(municipality, start, end).items()}
