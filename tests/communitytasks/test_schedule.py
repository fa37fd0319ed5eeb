"""The slot calendar: on which dates of a week a task's slots fall."""

import datetime

from basisbaan.communitytasks.models import Task, TaskSlot
from basisbaan.communitytasks.schedule import slots_in_week

D = datetime.date
T = datetime.time
WEEK = D(2027, 4, 26)  # Koningsdag is Tuesday 27 April 2027


def _task(groningen, **fields):
    return Task.objects.create(
        municipality=groningen,
        neighbourhood=groningen.neighbourhoods.first(),
        category=groningen.task_categories.first(),
        title="Proeftaak",
        description="Proef",
        **fields,
    )


def _slot(task, **when):
    return TaskSlot.objects.create(task=task, start=T(9), end=T(12), **when)


def test_recurring_slots_fall_on_the_days_the_task_runs_but_not_on_holidays(groningen):
    task = _task(groningen, start_date=D(2027, 4, 20), end_date=D(2027, 4, 29))
    monday, tuesday, friday = (_slot(task, weekday=day) for day in ("mon", "tue", "fri"))
    later = _task(groningen, start_date=D(2027, 4, 28))
    wednesday_before_start = _slot(later, weekday="tue")
    wednesday = _slot(later, weekday="wed")

    pairs = slots_in_week([task, later], WEEK)

    assert pairs == [(monday, D(2027, 4, 26)), (wednesday, D(2027, 4, 28))]
    assert {tuesday, friday, wednesday_before_start}.isdisjoint(s for s, _ in pairs)


def test_a_one_off_event_falls_on_its_date_in_its_week_only(groningen):
    event = _task(groningen, start_date=WEEK, is_one_off=True, event_date=D(2027, 4, 30))
    on_the_day = _slot(event, date=D(2027, 4, 30))
    _slot(event, weekday="mon")  # an event has no recurring slots
    next_week = _task(groningen, start_date=WEEK, is_one_off=True, event_date=D(2027, 5, 7))
    _slot(next_week, date=D(2027, 5, 7))

    assert slots_in_week(Task.objects.filter(pk__in=[event.pk, next_week.pk]), WEEK) == [
        (on_the_day, D(2027, 4, 30))
    ]
    assert slots_in_week([next_week], D(2027, 5, 3)) == [(next_week.slots.get(), D(2027, 5, 7))]
