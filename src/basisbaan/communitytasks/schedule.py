"""The slot calendar: on which dates of a week a task's slots fall.

A recurring slot (``weekday``) falls on that day of the week if the task runs then
(between its start and end date); a one-off event's slot (``date``) falls on its date if
the event is dated in the week. No slot falls on a Dutch public holiday
(``core.calendar.public_holidays``).
"""

import datetime
from collections.abc import Iterable

from basisbaan.core import calendar
from basisbaan.core.vocabulary import WEEKDAYS


def slots_in_week(tasks: Iterable, week_start: datetime.date) -> list[tuple]:
    """The (slot, date) pairs of ``tasks`` in the week starting ``week_start`` (a Monday),
    ordered by task and slot pk. ``tasks`` is a Task queryset or a list of tasks."""
    from basisbaan.communitytasks.models import TaskSlot

    week_end = week_start + datetime.timedelta(days=6)
    closed = calendar.public_holidays(week_start)
    tasks = {task.pk: task for task in tasks}
    pairs = []
    for slot in TaskSlot.objects.filter(task__in=list(tasks)).order_by("task_id", "pk"):
        task = tasks[slot.task_id]
        if task.is_one_off and not (task.event_date and week_start <= task.event_date <= week_end):
            continue
        if slot.date:
            if not week_start <= slot.date <= week_end:
                continue
            date = slot.date
        elif slot.weekday in WEEKDAYS and not task.is_one_off:
            date = week_start + datetime.timedelta(days=WEEKDAYS.index(slot.weekday))
            if date < task.start_date or (task.end_date and date > task.end_date):
                continue
        else:
            continue
        if date not in closed:
            pairs.append((slot, date))
    return pairs
