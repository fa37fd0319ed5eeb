"""The unexpected: absences in a published week, and replacements with minimal change.

When a participant is absent (a sick report or leave, from ``guidance.absence``) on a
day of a published week, their places that day become open. ``suggest`` re-plans each
affected day on its own: everybody else's assignments that day are pinned, everybody's
hours on the other days are kept (the day may only use what is left of a contract),
and the engine fills the open places with ``previous`` set to the published day, so
the plan changes as little as possible. ``accept`` turns one suggestion into a new
published version of the week.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from basisbaan.audit import api as audit
from basisbaan.core.vocabulary import WEEKDAYS
from basisbaan.planning import engine, ids, registry, services
from basisbaan.planning import notes as plan_notes
from basisbaan.planning.models import Assignment, PlanningWeek, PlanVersion, Replacement

SUGGEST_TIME_LIMIT = 3


def affected_assignments(week: PlanningWeek) -> list[Assignment]:
    """Published assignments on days their participant is absent."""
    if week.published_id is None:
        return []
    absent = registry.absences(week.municipality, week.week_start, week.week_end)
    if not absent:
        return []
    rows = week.published.assignments.filter(participant_id__in=list(absent)).select_related(
        "participant", "task"
    )
    return [row for row in rows if row.date in absent.get(row.participant_id, set())]


def _minutes(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


def day_instance(version: PlanVersion, day: str, absent_ids: set[int], open_keys: set[str]):
    """The one-day problem: pinned published work that day plus the open slots (the
    absentees' places; every other slot is limited to those who hold it).

    Returns ``(instance dict, pins)``.
    """
    data = version.instance
    rows = list(
        version.assignments.all().only("participant_id", "slot_key", "start", "end", "date")
    )
    other_days: dict[str, float] = defaultdict(float)
    today_keys: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        pid = ids.participant_key(row.participant_id)
        if WEEKDAYS[row.date.weekday()] == day:
            if row.participant_id not in absent_ids:
                today_keys[pid].append(row.slot_key)
        else:
            other_days[pid] += (_minutes(row.end) - _minutes(row.start)) / 60
    absent_keys = {ids.participant_key(pk) for pk in absent_ids}
    keep_slots = open_keys | {key for keys in today_keys.values() for key in keys}
    # Places held by those who work that day stay theirs; only the absentees' places are
    # open, so a replacement is never spent on a place that was open before.
    held: dict[str, int] = defaultdict(int)
    for keys in today_keys.values():
        for key in keys:
            held[key] += 1
    tasks = []
    for task in data.get("tasks", []):
        slots = [
            s if s["id"] in open_keys else {**s, "people": held[s["id"]]}
            for s in task["slots"]
            if s["day"] == day and s["id"] in keep_slots
        ]
        if slots:
            tasks.append({**task, "slots": slots})
    participants = []
    for person in data.get("participants", []):
        pid = person["id"]
        if pid in absent_keys:
            continue
        left = max(0.0, person["contract_hours"] - other_days[pid])
        windows = person.get("availability", {}).get(day, [])
        if not windows:
            continue
        participants.append(
            {
                **person,
                "contract_hours": left,
                "availability": {day: windows},
                "previous": sorted(today_keys.get(pid, [])),
            }
        )
    instance = {**data, "name": f"{data.get('name', 'week')}-{day}", "tasks": tasks}
    instance["participants"] = participants
    pins = [(pid, key) for pid, keys in today_keys.items() for key in keys]
    return instance, pins


def suggest(week: PlanningWeek, user, expected_revision) -> int:
    """Find replacements for every open place after an absence; returns the places looked at."""
    version = week.published
    if version is None:
        raise services.PlanningError(_("This week has no published plan."))
    affected = affected_assignments(week)
    if not affected:
        raise services.PlanningError(_("Nobody in this week's plan is reported absent."))
    by_day: dict[str, list[Assignment]] = defaultdict(list)
    for row in affected:
        by_day[WEEKDAYS[row.date.weekday()]].append(row)
    absent_ids = {row.participant_id for row in affected}
    found: list[Replacement] = []
    for day, rows in sorted(by_day.items(), key=lambda item: WEEKDAYS.index(item[0])):
        open_keys = {row.slot_key for row in rows}
        data, pins = day_instance(version, day, absent_ids, open_keys)
        new = engine.plan_day(data, pins, SUGGEST_TIME_LIMIT)
        takers: dict[str, list[int]] = defaultdict(list)
        for pid, key in new:
            takers[key].append(ids.participant_pk(pid))
        for row in rows:
            candidates = takers.get(row.slot_key, [])
            found.append(
                Replacement(
                    week=week,
                    absent=row.participant,
                    suggested_id=candidates.pop(0) if candidates else None,
                    task=row.task,
                    slot_key=row.slot_key,
                    date=row.date,
                    start=row.start,
                    end=row.end,
                )
            )
    with transaction.atomic():
        services._claim(week, expected_revision)
        week.replacements.filter(status=Replacement.Status.OPEN).update(
            status=Replacement.Status.SUPERSEDED
        )
        Replacement.objects.bulk_create(found)
        audit.created(user, week, fields=["replacements"], purpose="absence replacements")
    return len(found)


def accept(replacement: Replacement, user, expected_revision) -> PlanVersion:
    """Publish a new version: absent people out of their affected places, the stand-in in."""
    week = replacement.week
    if replacement.status != Replacement.Status.OPEN or replacement.suggested_id is None:
        raise services.PlanningError(_("This suggestion can no longer be accepted."))
    current = week.published
    if current is None:
        raise services.PlanningError(_("This week has no published plan."))
    affected = {(row.participant_id, row.slot_key) for row in affected_assignments(week)}
    with transaction.atomic():
        services._claim(week, expected_revision)
        version = services.create_version(
            week,
            status=PlanVersion.Status.READY,
            origin=PlanVersion.Origin.REPLACEMENT,
            based_on=current,
            instance=current.instance,
            cost={},
            created_by=user,
            note=plan_notes.encode(
                [
                    (
                        gettext_noop("Replacement on %(date)s accepted."),
                        {"date": f"{replacement.date:%d-%m-%Y}"},
                    )
                ]
            ),
        )
        copies = [
            Assignment(
                version=version,
                participant_id=row.participant_id,
                task_id=row.task_id,
                slot_id=row.slot_id,
                slot_key=row.slot_key,
                date=row.date,
                start=row.start,
                end=row.end,
                reason=row.reason,
            )
            for row in current.assignments.all()
            if (row.participant_id, row.slot_key) not in affected
        ]
        copies.append(
            Assignment(
                version=version,
                participant_id=replacement.suggested_id,
                task_id=replacement.task_id,
                slot_id=ids.parse_slot_key(replacement.slot_key)[2],
                slot_key=replacement.slot_key,
                date=replacement.date,
                start=replacement.start,
                end=replacement.end,
                reason={"replacement": True},
            )
        )
        Assignment.objects.bulk_create(copies, batch_size=500)
        _rescore(version)
        Replacement.objects.filter(pk=replacement.pk).update(status=Replacement.Status.ACCEPTED)
        services.make_published(
            version, user, fields=["assignments"], purpose="accept a replacement"
        )
    return version


def _rescore(version: PlanVersion) -> None:
    """Price the changed plan with the engine's scorer (for the result page)."""
    pairs = [
        (ids.participant_key(pid), key)
        for pid, key in version.assignments.values_list("participant_id", "slot_key")
    ]
    cost = engine.price(version.instance, pairs)
    if cost is None:
        # The absence itself made the published problem stale (availability changed);
        # the plan stays as accepted and the page shows no cost for this version.
        return
    PlanVersion.objects.filter(pk=version.pk).update(cost=cost)
    version.cost = cost
