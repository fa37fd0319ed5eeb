"""Who is absent on which day: the contract other apps (planning) use.

A participant counts as absent on a day when a full sickness case covers that day,
or when the timesheet of that day records absence and no worked hours.
"""

import datetime
from collections import defaultdict

from django.db.models import Q

from basisbaan.guidance.models import ABSENCE_KINDS, HourKind, SicknessCase, TimesheetLine


def absent_days(municipality, start: datetime.date, end: datetime.date) -> dict[int, set]:
    """participant id -> the dates in [start, end] on which they are absent."""
    result: dict[int, set] = defaultdict(set)
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
            result[participant_id].add(day)
            day += datetime.timedelta(days=1)

    worked: set[tuple[int, datetime.date]] = set()
    away: set[tuple[int, datetime.date]] = set()
    lines = TimesheetLine.objects.filter(
        timesheet__participant__municipality=municipality, date__range=(start, end)
    ).values_list("timesheet__participant_id", "date", "kind")
    for participant_id, date, kind in lines:
        if kind == HourKind.WORKED:
            worked.add((participant_id, date))
        elif kind in ABSENCE_KINDS:
            away.add((participant_id, date))
    for participant_id, date in away - worked:
        result[participant_id].add(date)
    return dict(result)
