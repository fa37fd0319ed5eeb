"""The participant's published week: the week card and the iCal feed."""

import datetime

from django.db.models import F
from django.utils import timezone
from icalendar import Calendar, Event

from basisbaan.core import calendar
from basisbaan.planning import registry
from basisbaan.planning.models import Assignment, PlanningWeek

# Weeks in the calendar feed: some back for reference, the published ones ahead.
FEED_WEEKS_BACK = 4
FEED_WEEKS_AHEAD = 8


def _published(person, start: datetime.date, end: datetime.date):
    return (
        Assignment.objects.filter(
            participant=person,
            version__week__municipality=person.municipality,
            version__week__week_start__gte=start,
            version__week__week_start__lte=end,
            version__week__published__isnull=False,
        )
        .filter(version__week__published=F("version"))
        .select_related("task__category", "task__organisation", "task__neighbourhood")
        .order_by("date", "start")
    )


def may_see_card(user, person) -> bool:
    """Staff who may open ``person``'s week card (to print it or hand over the calendar
    link): the planners of the person's municipality and the person's own coach."""
    from basisbaan.accounts import access
    from basisbaan.accounts.roles import Role

    if not access.can(user, "participants.view", person):
        return False
    return access.has_perm(user, "planning.view", person.municipality_id) or (
        Role.COACH in access.role_names(user, person.municipality_id) and person.coach_id == user.pk
    )


def file_link(user, person):
    """The week card's link on the participant file (``participants.registry``), for
    staff who may open it."""
    from django.urls import reverse
    from django.utils.translation import gettext

    if not may_see_card(user, person):
        return None
    return gettext("Week card (print)"), reverse("planning:participant_week", args=[person.pk])


def absence_days(person, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """The participant's known absences in [start, end]: {date: kind} ("sick", "leave",
    "absent"), from the sources registered in ``planning.registry`` (guidance)."""
    return registry.absence_kinds(person.municipality, start, end).get(person.pk, {})


def build(person, week_start: datetime.date, today: datetime.date) -> dict:
    """The week card of ``person`` for the week starting ``week_start``.

    Work on a day the participant is reported sick or on leave is left out; the day
    says so instead (``day["absence"]``: "sick", "leave" or "absent")."""
    week = PlanningWeek.objects.filter(
        municipality=person.municipality, week_start=week_start
    ).first()
    published = week is not None and week.published_id is not None
    absent = absence_days(person, week_start, week_start + datetime.timedelta(days=6))
    rows = (
        [r for r in _published(person, week_start, week_start) if r.date not in absent]
        if published
        else []
    )
    days = []
    for offset in range(7):
        date = week_start + datetime.timedelta(days=offset)
        items = [
            {
                "assignment": row,
                "task": row.task,
                "category": row.task.category if row.task else None,
                "pictogram": row.task.category.pictogram if row.task else "",
            }
            for row in rows
            if row.date == date
        ]
        days.append(
            {
                "date": date,
                "items": items,
                "is_today": date == today,
                "absence": absent.get(date, ""),
            }
        )
    holidays = calendar.public_holidays(week_start)
    for day in days:
        day["holiday"] = holidays.get(day["date"], "")
    return {
        "week_start": week_start,
        "week_end": week_start + datetime.timedelta(days=6),
        "label": calendar.week_label(week_start),
        "published": published,
        "days": [d for d in days if d["items"] or d["holiday"] or d["absence"]],
        "hours": sum(r.hours for r in rows),
        "contract_hours": person.contract_hours,
        "is_this_week": week_start == calendar.monday(today),
    }


def ical(person, today: datetime.date) -> bytes:
    """An iCal calendar with the participant's published work (no other personal data)."""
    tz = calendar.TIME_ZONE
    this_monday = calendar.monday(today)
    first = this_monday - datetime.timedelta(days=7 * FEED_WEEKS_BACK)
    last = this_monday + datetime.timedelta(days=7 * FEED_WEEKS_AHEAD)
    absent = absence_days(person, first, last + datetime.timedelta(days=6))
    rows = [r for r in _published(person, first, last) if r.date not in absent]
    feed = Calendar()
    feed.add("prodid", "-//Basisbaan//Werkweek//NL")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", f"Basisbaan {person.municipality.name}")
    stamp = timezone.now()
    for row in rows:
        event = Event()
        event.add("uid", f"{row.date:%Y%m%d}-{row.slot_key}-{person.pk}@basisbaan")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.datetime.combine(row.date, row.start, tzinfo=tz))
        event.add("dtend", datetime.datetime.combine(row.date, row.end, tzinfo=tz))
        title = row.task.title if row.task else "Basisbaan"
        event.add("summary", title)
        if row.task:
            place = [row.task.address or row.task.neighbourhood.name]
            if row.task.organisation:
                place.insert(0, row.task.organisation.name)
            event.add("location", ", ".join(place))
            event.add("categories", [row.task.category.name])
        feed.add_component(event)
    return feed.to_ical()
