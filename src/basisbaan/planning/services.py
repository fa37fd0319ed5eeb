"""Planning services: runs, pins and forbids, publishing, and the cross-app contracts.

Every change to a week needs the week's ``revision`` as the planner saw it; a stale
revision raises :class:`StaleWeek` and changes nothing (optimistic locking), so two
planners cannot overwrite each other silently.

Cross-app contracts (other apps call these; keep the names):
``published_hours``, ``filled_places``, ``request_replan``.
"""

import datetime
import math
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.audit import api as audit
from basisbaan.core import calendar, concurrency
from basisbaan.core.logging import get_logger
from basisbaan.core.vocabulary import WEEKDAY_CHOICES
from basisbaan.planning import export as planning_export
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


class PlanningError(Exception):
    """A planning action that cannot be done; the message is for the user."""


class StaleWeek(PlanningError):
    """Someone else changed the week since the planner loaded it."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed the planning of this week since you opened the page. "
                "Nothing was saved. Look at the current state and try again."
            )
        )


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


def new_version(week: PlanningWeek, user, time_limit: float, seed: int = 0) -> PlanVersion:
    """Export the week and store it as a new version to be planned (call in a transaction)."""
    exported = planning_export.export_week(week.municipality, week.week_start)
    data = exported.data
    participants = {p["id"] for p in data["participants"]}
    slots = {s["id"] for t in data["tasks"] for s in t["slots"]}
    pins, forbids, dropped = [], [], 0
    for rule in week.rules.order_by("pk"):
        pair = [planning_export.participant_key(rule.participant_id), rule.slot_key]
        if pair[0] not in participants or pair[1] not in slots:
            dropped += 1
            continue
        (pins if rule.kind == PlanRule.Kind.PIN else forbids).append(pair)
    number = (week.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    notes = []
    if dropped:
        notes.append(
            _("%(n)d pin(s) or forbid(s) no longer fit this week and were left out.")
            % {"n": dropped}
        )
    if exported.holidays:
        notes.append(
            _("Public holiday(s) taken out: %(days)s.")
            % {"days": ", ".join(f"{d:%d-%m} {name}" for d, name in exported.holidays.items())}
        )
    absent = sum(
        1
        for pk, dates in exported.absent.items()
        if dates and planning_export.participant_key(pk) in participants
    )
    if absent:
        notes.append(_("%(n)d participant(s) absent on some days.") % {"n": absent})
    version = PlanVersion.objects.create(
        week=week,
        number=number,
        based_on=week.versions.filter(status=PlanVersion.Status.READY).first(),
        instance=data,
        pins=pins,
        forbids=forbids,
        time_limit=float(time_limit),
        seed=seed,
        created_by=user,
        note=" ".join(notes)[:500],
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
    return run_version(version, lower_bound=lower_bound)


def run_version(version: PlanVersion, report=None, lower_bound: bool = True) -> PlanVersion:
    """Run the engine on a version's problem and store the plan (the job handler's work)."""
    from basisbaan_planner.model import parse_instance
    from basisbaan_planner.solve import PinError, solve

    instance = parse_instance(version.instance)
    try:
        result = solve(
            instance,
            time_limit=version.time_limit,
            seed=version.seed,
            pins=[tuple(p) for p in version.pins],
            forbids=[tuple(p) for p in version.forbids],
            progress=report,
            lower_bound=lower_bound,
        )
    except PinError as exc:
        message = explain_pin_error(str(exc))
        PlanVersion.objects.filter(pk=version.pk).update(
            status=PlanVersion.Status.FAILED, error=message
        )
        raise PlanningError(message) from exc
    store_plan(version, instance, result.plan.sorted_assignments(), result)
    return version


PIN_RULES = {
    "1": gettext_lazy("the slot is already full"),
    "2": gettext_lazy("the participant lacks a skill the task needs"),
    "3": gettext_lazy("a limitation of the participant rules the task out"),
    "4": gettext_lazy("the participant is not available at that time"),
    "5": gettext_lazy("it overlaps another pinned assignment"),
    "6": gettext_lazy("it gives more hours than the contract"),
    "7": gettext_lazy("it gives more hours on one day than allowed"),
    "8": gettext_lazy("the task is too far from home"),
}


def explain_pin_error(detail: str) -> str:
    """The engine's pin refusal in plain language, naming the person and the task."""
    from basisbaan.communitytasks.models import Task
    from basisbaan.participants.models import Participant

    rule = re.search(r"rule (\d)", detail)
    pair = re.search(r"\((P\d+), (T\d+)\.(\w+)\.\d+\)", detail)
    reason = PIN_RULES.get(rule.group(1)) if rule else None
    if not pair or reason is None:
        return _("The pinned assignments cannot all be kept: %(detail)s") % {"detail": detail}
    person = Participant.objects.filter(pk=planning_export.participant_pk(pair.group(1))).first()
    task = Task.objects.filter(pk=int(pair.group(2)[1:])).first()
    return _(
        "The pin of %(person)s on %(task)s (%(day)s) cannot be kept: %(reason)s. "
        "Release it and plan again."
    ) % {
        "person": person.display_name if person else pair.group(1),
        "task": task.title if task else pair.group(2),
        "day": dict(WEEKDAY_CHOICES).get(pair.group(3), pair.group(3)),
        "reason": reason,
    }


def clock_time(minutes: int) -> datetime.time:
    """Minutes after midnight as a time (24:00, the end of the day, as 23:59)."""
    if minutes >= 24 * 60:
        return datetime.time(23, 59)
    return datetime.time(minutes // 60, minutes % 60)


def store_plan(version: PlanVersion, instance, pairs, result=None) -> None:
    """Save the engine's (participant id, slot id) pairs as assignments with reasons."""
    from basisbaan.communitytasks.models import TaskSlot
    from basisbaan.planning.reasons import reason_for
    from basisbaan_planner.score import score

    pinned = {tuple(p) for p in version.pins}
    week_start = version.week.week_start
    slot_pks = [planning_export.parse_slot_key(sid)[2] for _pid, sid in pairs]
    slots = TaskSlot.objects.in_bulk(slot_pks)
    rows = []
    for pid, sid in pairs:
        task_pk, day, slot_pk = planning_export.parse_slot_key(sid)
        engine_slot = instance.slots[sid]
        rows.append(
            Assignment(
                version=version,
                participant_id=planning_export.participant_pk(pid),
                task_id=task_pk,
                slot=slots.get(slot_pk),
                slot_key=sid,
                date=planning_export.day_date(week_start, day),
                start=clock_time(engine_slot.start),
                end=clock_time(engine_slot.end),
                reason=reason_for(instance, pid, sid, pinned=(pid, sid) in pinned),
            )
        )
    sc = result.score if result is not None else score(instance, pairs)
    with transaction.atomic():
        version.assignments.all().delete()
        Assignment.objects.bulk_create(rows, batch_size=500)
        version.status = PlanVersion.Status.READY
        version.cost = sc.as_dict()
        bound = result.lower_bound if result is not None else None
        # An infinite or missing bound says nothing: store none.
        version.lower_bound = bound if bound is not None and math.isfinite(bound) else None
        version.stats = dict(result.stats) if result is not None else {}
        version.error = ""
        version.save(update_fields=["status", "cost", "lower_bound", "stats", "error"])


# --------------------------------------------------------------------------- pins and forbids


def set_rule(
    version: PlanVersion, user, participant_id: int, slot_id: str, kind: str, expected_revision
):
    """Pin, forbid or release (``kind`` "pin", "forbid" or "clear") a pair for the next run."""
    week = version.week
    try:
        planning_export.parse_slot_key(slot_id)
    except ValueError:
        raise PlanningError(_("This is not a slot of this week.")) from None
    if kind not in {PlanRule.Kind.PIN, PlanRule.Kind.FORBID, "clear"}:
        raise PlanningError(_("Choose pin, forbid or release."))
    slots = {s["id"] for t in version.instance.get("tasks", []) for s in t["slots"]}
    people = {p["id"] for p in version.instance.get("participants", [])}
    if kind != "clear" and (
        slot_id not in slots or planning_export.participant_key(participant_id) not in people
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


# --------------------------------------------------------------------------- publishing


def publish(version: PlanVersion, user, expected_revision) -> PlanVersion:
    if version.status != PlanVersion.Status.READY:
        raise PlanningError(_("Only a finished plan can be published."))
    week = version.week
    with transaction.atomic():
        _claim(week, expected_revision)
        now = timezone.now()
        PlanVersion.objects.filter(pk=version.pk).update(published_at=now, published_by=user)
        PlanningWeek.objects.filter(pk=week.pk).update(published=version)
        week.published = version
        version.published_at, version.published_by = now, user
        audit.changed(user, version, fields=["published_at"], purpose="publish the week plan")
    log.info("planning.published", version=version.pk, week=week.label)
    return version


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
                "day": planning_export.WEEKDAYS[row.date.weekday()],
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
        key = planning_export.participant_key(row.participant_id)
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
                    planning_export._minutes(slot["end"]) - planning_export._minutes(slot["start"])
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
