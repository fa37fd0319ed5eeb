"""Planning services: runs, pins and forbids, publishing, and the cross-app contracts.

Every change to a week needs the week's ``revision`` as the planner saw it; a stale
revision raises :class:`StaleWeek` and changes nothing (optimistic locking), so two
planners cannot overwrite each other silently.

Cross-app contracts (other apps call these; keep the names):
``published_hours``, ``filled_places``, ``request_replan``.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency
from basisbaan.core.logging import get_logger
from basisbaan.core.vocabulary import WEEKDAYS
from basisbaan.messaging import services as messaging
from basisbaan.planning import engine, ids, registry
from basisbaan.planning import export as planning_export
from basisbaan.planning import notes as plan_notes
from basisbaan.planning.errors import PlanningError, StaleWeek
from basisbaan.planning.models import (
    Assignment,
    PlanningWeek,
    PlanRule,
    PlanVersion,
    ReplanRequest,
)

log = get_logger(__name__)

MIN_TIME_LIMIT = 2
MAX_TIME_LIMIT = 300
DEFAULT_TIME_LIMIT = 20


def week_for(municipality, week_start: datetime.date) -> PlanningWeek:
    week, _created = PlanningWeek.objects.get_or_create(
        municipality=municipality, week_start=week_start
    )
    return week


def _claim(week: PlanningWeek, expected_revision) -> None:
    """Bump the week's revision if it is still ``expected_revision``; else StaleWeek.

    The foundation's optimistic lock (``core.concurrency``) on the ``revision`` field."""
    try:
        concurrency.claim(week, expected_revision, field="revision")
    except concurrency.StaleEdit:
        raise StaleWeek from None


# --------------------------------------------------------------------------- runs


def _check_time_limit(time_limit) -> float:
    try:
        value = float(time_limit)
    except (TypeError, ValueError):
        value = -1.0
    if not MIN_TIME_LIMIT <= value <= MAX_TIME_LIMIT:
        raise PlanningError(
            _("The time budget must be between %(low)d and %(high)d seconds.")
            % {"low": MIN_TIME_LIMIT, "high": MAX_TIME_LIMIT}
        )
    return value


def create_version(week: PlanningWeek, **fields) -> PlanVersion:
    """A new version of the week with the next number (call in a transaction, after
    ``_claim``: the claimed revision keeps two numberings apart)."""
    number = (week.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(week=week, number=number, **fields)


def new_version(week: PlanningWeek, user, time_limit: float, seed: int = 0) -> PlanVersion:
    """Export the week and store it as a new version to be planned (call in a transaction)."""
    problem = engine.export(week)
    exported, data = problem.exported, problem.data
    participants = {p["id"] for p in data["participants"]}
    notes = []  # (msgid, values): translated when shown (planning.notes)
    if problem.dropped:
        notes.append(
            (
                gettext_noop(
                    "%(n)d pin(s) or forbid(s) no longer fit this week and were left out."
                ),
                {"n": problem.dropped},
            )
        )
    if exported.holidays:
        notes.append(
            (
                gettext_noop("Public holiday(s) taken out: %(days)s."),
                {"days": ", ".join(f"{d:%d-%m} {name}" for d, name in exported.holidays.items())},
            )
        )
    absent = sum(
        1
        for pk, dates in exported.absent.items()
        if dates and ids.participant_key(pk) in participants
    )
    if absent:
        notes.append((gettext_noop("%(n)d participant(s) absent on some days."), {"n": absent}))
    version = create_version(
        week,
        based_on=week.versions.filter(status=PlanVersion.Status.READY).first(),
        instance=data,
        pins=problem.pins,
        forbids=problem.forbids,
        time_limit=float(time_limit),
        seed=seed,
        created_by=user,
        note=plan_notes.encode(notes)[:500],
    )
    audit.exported(user, version, fields=["participants", "availability", "absences"])
    return version


def start_run(
    week: PlanningWeek,
    user,
    expected_revision,
    time_limit: float = DEFAULT_TIME_LIMIT,
    seed: int = 0,
) -> PlanVersion:
    """Export the week, make a new version and start the engine on it as a background job."""
    from basisbaan.jobs.runner import enqueue

    time_limit = _check_time_limit(time_limit)
    with transaction.atomic():
        _claim(week, expected_revision)
        version = new_version(week, user, time_limit, seed)
        job = enqueue("planning.run", week.municipality, user, version=version.pk)
        PlanVersion.objects.filter(pk=version.pk).update(job=job)
        version.job = job
    log.info("planning.run.started", version=version.pk, week=week.label)
    version.refresh_from_db()
    return version


def plan_now(week: PlanningWeek, user, time_limit: float, lower_bound: bool = True) -> PlanVersion:
    """Export and plan the week in this process (demo seeding, scripts): no job."""
    with transaction.atomic():
        _claim(week, week.revision)
        version = new_version(week, user, _check_time_limit(time_limit))
    return engine.run(version, lower_bound=lower_bound)


# --------------------------------------------------------------------------- pins and forbids


def set_rule(
    version: PlanVersion, user, participant_id: int, slot_id: str, kind: str, expected_revision
):
    """Pin, forbid or release (``kind`` "pin", "forbid" or "clear") a pair for the next run."""
    week = version.week
    try:
        ids.parse_slot_key(slot_id)
    except ValueError:
        raise PlanningError(_("This is not a slot of this week.")) from None
    if kind not in {PlanRule.Kind.PIN, PlanRule.Kind.FORBID, "clear"}:
        raise PlanningError(_("Choose pin, forbid or release."))
    slots = {s["id"] for t in version.instance.get("tasks", []) for s in t["slots"]}
    people = {p["id"] for p in version.instance.get("participants", [])}
    if kind != "clear" and (
        slot_id not in slots or ids.participant_key(participant_id) not in people
    ):
        raise PlanningError(_("This participant or slot is not part of this week's planning."))
    with transaction.atomic():
        _claim(week, expected_revision)
        for existing in PlanRule.objects.filter(
            week=week, participant_id=participant_id, slot_key=slot_id
        ):
            audit.deleted(user, existing, fields=["kind", "participant", "slot_key"])
            existing.delete()
        if kind != "clear":
            rule = PlanRule.objects.create(
                week=week,
                participant_id=participant_id,
                slot_key=slot_id,
                kind=kind,
                created_by=user,
            )
            audit.created(user, rule, fields=["kind", "participant", "slot_key"])
    return week


def readable_rules(week: PlanningWeek, rules) -> list[PlanRule]:
    """The week's pins and forbids, each with its ``task``, ``date``, ``start`` and ``end``
    (None when the task or slot is gone) so pages show them without the slot id."""
    from basisbaan.communitytasks.models import Task, TaskSlot

    rules = list(rules)
    parsed = {}
    for rule in rules:
        try:
            parsed[rule.pk] = ids.parse_slot_key(rule.slot_key)
        except ValueError:
            parsed[rule.pk] = None
    known = [p for p in parsed.values() if p]
    tasks = Task.objects.in_bulk({task for task, _day, _slot in known})
    slots = TaskSlot.objects.in_bulk({slot for _task, _day, slot in known})
    for rule in rules:
        task_pk, day, slot_pk = parsed[rule.pk] or (None, None, None)
        slot = slots.get(slot_pk)
        rule.task = tasks.get(task_pk)
        rule.date = ids.day_date(week.week_start, day) if day else None
        rule.start = slot.start if slot else None
        rule.end = slot.end if slot else None
    return rules


# --------------------------------------------------------------------------- publishing


def publish(version: PlanVersion, user, expected_revision) -> PlanVersion:
    """Publish a finished version of the week (the planner's button)."""
    if version.status != PlanVersion.Status.READY:
        raise PlanningError(_("Only a finished plan can be published."))
    with transaction.atomic():
        _claim(version.week, expected_revision)
        make_published(version, user, fields=["published_at"], purpose="publish the week plan")
    return version


def make_published(version: PlanVersion, user, *, fields: list[str], purpose: str) -> None:
    """Make ``version`` the week's published plan: the one place that publishes (the
    planner's ``publish`` and an accepted replacement, ``unexpected.accept``). Call it in
    a transaction after ``_claim``; the audit entry names ``fields`` and ``purpose``."""
    week = version.week
    now = timezone.now()
    before = PlanningWeek.objects.filter(pk=week.pk).values_list("published_id", flat=True).first()
    PlanVersion.objects.filter(pk=version.pk).update(published_at=now, published_by=user)
    PlanningWeek.objects.filter(pk=week.pk).update(published=version)
    week.published = version
    version.published_at, version.published_by = now, user
    audit.changed(user, version, fields=fields, purpose=purpose)
    log.info("planning.published", version=version.pk, week=week.label)
    if before is not None and before != version.pk:
        _tell_participants(week, before, version, user)


def _published_work(version_id: int) -> list:
    """(participant id, messaging.Work) of every assignment of a plan version."""
    rows = Assignment.objects.filter(version_id=version_id).select_related(
        "task__organisation", "task__neighbourhood"
    )
    work = []
    for row in rows:
        task = row.task
        if task is not None and task.organisation_id:
            place, kind = task.organisation.name, messaging.AT
        elif task is not None:
            place, kind = task.neighbourhood.name, messaging.IN
        else:
            place, kind = "", messaging.AT
        work.append(
            (
                row.participant_id,
                messaging.Work(row.date, row.start, row.end, row.slot_key, place, kind),
            )
        )
    return work


def _tell_participants(week: PlanningWeek, before: int, version: PlanVersion, user) -> None:
    """A published week changed: the participants whose own work changed get a message
    (messaging; sent after the commit, never undoing the publication)."""
    from django.urls import reverse

    end = week.week_start + datetime.timedelta(days=6)
    absent = registry.absences(week.municipality, week.week_start, end)
    messaging.week_changed(
        week_start=week.week_start,
        publication=version.pk,
        old=_published_work(before),
        new=_published_work(version.pk),
        link_path=f"{reverse('planning:my_week')}?week={calendar.week_label(week.week_start)}",
        actor=user,
        absent=absent,
    )


# --------------------------------------------------------------------------- contracts


def published_assignments(week_start: datetime.date):
    """Assignments of the published plans of the week starting ``week_start`` (all towns)."""
    return Assignment.objects.filter(
        version__week__week_start=week_start,
        version__week__published=F("version"),
    )


def published_hours(participant_ids, week_start: datetime.date) -> dict[int, float]:
    """Planned hours per participant in the published plan of that week (0.0 if none)."""
    week_start = calendar.monday(week_start)
    ids = list(participant_ids)
    hours: dict[int, float] = dict.fromkeys(ids, 0.0)
    for row in (
        published_assignments(week_start)
        .filter(participant_id__in=ids)
        .only("participant_id", "start", "end")
    ):
        hours[row.participant_id] += row.hours
    return hours


def filled_places(task_ids, week_start: datetime.date) -> dict[int, list[dict]]:
    """Who comes to each task in the published week: first names only, per slot and date.

    ``{task_id: [{"slot_id", "day", "date", "start", "end", "first_names"}]}`` sorted by
    date and time; tasks without anybody planned map to an empty list.
    """
    week_start = calendar.monday(week_start)
    ids = list(task_ids)
    grouped: dict[int, dict[tuple, dict]] = {pk: {} for pk in ids}
    rows = (
        published_assignments(week_start)
        .filter(task_id__in=ids)
        .select_related("participant")
        .order_by("date", "start", "slot_key", "participant__first_name")
    )
    for row in rows:
        key = (row.date, row.start, row.slot_key)
        entry = grouped[row.task_id].setdefault(
            key,
            {
                "slot_id": row.slot_id,
                "day": WEEKDAYS[row.date.weekday()],
                "date": row.date,
                "start": row.start,
                "end": row.end,
                "first_names": [],
            },
        )
        entry["first_names"].append(row.participant.first_name or row.participant.initials)
    return {pk: list(places.values()) for pk, places in grouped.items()}


def request_replan(participant, requested_by, reason: str) -> ReplanRequest:
    """Ask the planners to change ``participant``'s week (shown on the planning page)."""
    reason = (reason or "").strip()
    if not reason:
        raise PlanningError(_("Say why the week should change."))
    request = ReplanRequest.objects.create(
        municipality=participant.municipality,
        participant=participant,
        requested_by=requested_by,
        reason=reason[:2000],
    )
    audit.created(requested_by, request, fields=["participant", "reason"])
    return request


def mark_handled(request: ReplanRequest, user) -> ReplanRequest:
    if request.handled_at is None:
        request.handled_at = timezone.now()
        request.handled_by = user
        request.save(update_fields=["handled_at", "handled_by"])
        audit.changed(user, request, fields=["handled_at"])
    return request


# --------------------------------------------------------------------------- summaries


def week_summary(version: PlanVersion) -> dict:
    """Hours per participant against contract, open places and the change from last week."""
    data = version.instance
    planned: dict[str, float] = defaultdict(float)
    held: dict[str, set] = defaultdict(set)
    filled: dict[str, int] = defaultdict(int)
    for row in version.assignments.all().only("participant_id", "slot_key", "start", "end"):
        key = ids.participant_key(row.participant_id)
        planned[key] += row.hours
        held[key].add(row.slot_key)
        filled[row.slot_key] += 1
    short, kept, added, dropped = [], 0, 0, 0
    for person in data.get("participants", []):
        pid = person["id"]
        gap = person["contract_hours"] - planned[pid]
        if gap > 1e-9:
            short.append((pid, gap))
        before = set(person.get("previous", []))
        if before:
            kept += len(before & held[pid])
            added += len(held[pid] - before)
            dropped += len(before - held[pid])
    open_places, open_hours = 0, 0.0
    for task in data.get("tasks", []):
        for slot in task["slots"]:
            empty = slot["people"] - filled[slot["id"]]
            if empty > 0:
                open_places += empty
                hours = (
                    planning_export.minutes(slot["end"]) - planning_export.minutes(slot["start"])
                ) / 60
                open_hours += empty * hours
    return {
        "participants": len(data.get("participants", [])),
        "slots": sum(len(t["slots"]) for t in data.get("tasks", [])),
        "planned_hours": sum(planned.values()),
        "contract_hours": sum(p["contract_hours"] for p in data.get("participants", [])),
        "short": short,
        "short_hours": sum(g for _p, g in short),
        "open_places": open_places,
        "open_hours": open_hours,
        "kept": kept,
        "added": added,
        "dropped": dropped,
        "planned_by_participant": dict(planned),
        "filled": dict(filled),
    }
