"""Measurement rounds: which are due, and recording one.

The schedule of one participant:

- the **baseline** (T0) is due at intake, before the contract starts: the day the
  participant reached intake or the waiting list, or the day before their employment
  start when that is not known. A baseline only makes sense before the work has had
  its effect: it lapses once the first scheduled round falls due;
- a **scheduled** round every ``interval_months`` after the employment start (the
  programme's ``RoundSchedule``, 6 months by default); an earlier scheduled round that
  was not held lapses once the next one falls due;
- an **exit** round on the day of the exit; after the exit only that one is due, for
  ``EXIT_WINDOW_DAYS``.

A round shows on the coach's worklist from ``LEAD_DAYS`` before its due date and is
*overdue* ``GRACE_DAYS`` after it. ``due_rounds`` is a pure function of a participant's
dates (``RoundDates``), the interval and today; ``dates_for`` collects those dates.

Every read and every new round is audited by the caller (``record`` audits creation).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.guidance import wellbeing
from basisbaan.guidance.models import MeasurementRound, RoundSchedule
from basisbaan.participants.models import EmploymentContract, Status, StatusChange

LEAD_DAYS = 14
GRACE_DAYS = 14
EXIT_WINDOW_DAYS = 90
Kind = MeasurementRound.Kind

MEASURE_FIELDS = [
    "net_income_eur",
    "income_source",
    "who5_items",
    "self_rated_health",
    "self_confidence",
    "social_contacts",
    "ladder_rung",
    "zrm_scores",
    "notes",
]
INTAKE_STATUSES = (Status.INTAKE, Status.WAITING_LIST)


@dataclass(frozen=True)
class RoundDates:
    """What the schedule of one participant depends on."""

    participant_id: int
    intake_on: datetime.date | None = None
    employment_start: datetime.date | None = None
    exit_on: datetime.date | None = None
    # (kind, number) of the rounds already held.
    held: frozenset = field(default_factory=frozenset)


@dataclass(frozen=True)
class DueRound:
    participant_id: int
    kind: str
    number: int
    due_date: datetime.date
    overdue: bool

    @property
    def key(self) -> str:
        """The round's name in a form or a URL: ``baseline-0``, ``scheduled-2``, ``exit-0``."""
        return f"{self.kind}-{self.number}"

    @property
    def label(self) -> str:
        if self.kind == Kind.SCHEDULED:
            return _("Round %(n)d") % {"n": self.number}
        return str(Kind(self.kind).label)

    def days_overdue(self, today: datetime.date) -> int:
        return max(0, (today - self.due_date).days)


def baseline_due(dates: RoundDates) -> datetime.date | None:
    if dates.intake_on is not None:
        return dates.intake_on
    if dates.employment_start is not None:
        return dates.employment_start - datetime.timedelta(days=1)
    return None


def due_rounds(dates: RoundDates, interval_months: int, today: datetime.date) -> list[DueRound]:
    """The rounds of one participant that are due or overdue on ``today`` and not held,
    in order of due date (see the module's docstring for the rules)."""
    if interval_months < 1:
        raise ValueError("the interval is at least one month")
    horizon = today + datetime.timedelta(days=LEAD_DAYS)

    def make(kind, number, due):
        overdue = today > due + datetime.timedelta(days=GRACE_DAYS)
        return DueRound(dates.participant_id, kind, number, due, overdue)

    if dates.exit_on is not None:
        if (Kind.EXIT, 0) in dates.held or dates.exit_on > horizon:
            return []
        if (today - dates.exit_on).days > EXIT_WINDOW_DAYS:
            return []
        return [make(Kind.EXIT, 0, dates.exit_on)]

    result = []
    start = dates.employment_start
    first_scheduled = calendar.months_after(start, interval_months) if start else None
    baseline = baseline_due(dates)
    if (
        baseline is not None
        and (Kind.BASELINE, 0) not in dates.held
        and baseline <= horizon
        and (first_scheduled is None or first_scheduled > horizon)
    ):
        result.append(make(Kind.BASELINE, 0, baseline))
    if start is not None:
        # The latest scheduled round whose window has opened.
        number, latest = 0, None
        while True:
            due = calendar.months_after(start, interval_months * (number + 1))
            if due > horizon:
                break
            number, latest = number + 1, due
        if latest is not None and (Kind.SCHEDULED, number) not in dates.held:
            result.append(make(Kind.SCHEDULED, number, latest))
    return result


# --- collecting the dates ----------------------------------------------------------------


def schedule_for(programme, on: datetime.date) -> RoundSchedule:
    """The programme's schedule on ``on``; the default (unsaved) when none is set."""
    found = None
    if programme is not None:
        found = (
            RoundSchedule.objects.filter(programme=programme, valid_from__lte=on)
            .order_by("-valid_from")
            .first()
        )
    return found or RoundSchedule(programme=programme, valid_from=on)


def dates_for(participants) -> dict[int, RoundDates]:
    """The ``RoundDates`` of each participant (a few queries for the whole list)."""
    participants = list(participants)
    ids = [p.pk for p in participants]
    intake = dict(
        StatusChange.objects.filter(participant_id__in=ids, to_status__in=INTAKE_STATUSES)
        .values_list("participant_id")
        .annotate(first=Min("at"))
        .order_by()
    )
    starts = dict(
        EmploymentContract.objects.filter(participant_id__in=ids)
        .values_list("participant_id")
        .annotate(first=Min("start_date"))
        .order_by()
    )
    exits = dict(
        StatusChange.objects.filter(participant_id__in=ids, to_status=Status.EXITED)
        .values_list("participant_id")
        .annotate(first=Min("at"))
        .order_by()
    )
    held = defaultdict(set)
    for pid, kind, number in MeasurementRound.objects.filter(
        participant_id__in=ids, held_on__isnull=False
    ).values_list("participant_id", "kind", "number"):
        held[pid].add((kind, number))
    result = {}
    for p in participants:
        intake_on = intake.get(p.pk)
        intake_on = timezone.localdate(intake_on) if intake_on else None
        if intake_on is None and p.status in INTAKE_STATUSES and p.status_changed_at:
            intake_on = timezone.localdate(p.status_changed_at)
        exit_on = exits.get(p.pk)
        if exit_on is None and p.status == Status.EXITED and p.status_changed_at:
            exit_on = p.status_changed_at
        result[p.pk] = RoundDates(
            participant_id=p.pk,
            intake_on=intake_on,
            employment_start=starts.get(p.pk),
            exit_on=timezone.localdate(exit_on) if exit_on else None,
            held=frozenset(held[p.pk]),
        )
    return result


def worklist(participants, today: datetime.date) -> list[tuple[object, DueRound]]:
    """(participant, round) for every due or overdue round of ``participants``, the most
    overdue first."""
    participants = list(participants)
    dates = dates_for(participants)
    schedules: dict = {}
    rows = []
    for p in participants:
        if p.programme_id not in schedules:
            schedules[p.programme_id] = schedule_for(p.programme, today).interval_months
        for due in due_rounds(dates[p.pk], schedules[p.programme_id], today):
            rows.append((p, due))
    rows.sort(key=lambda row: (row[1].due_date, row[0].pk))
    return rows


def open_rounds(participant, today: datetime.date) -> list[DueRound]:
    dates = dates_for([participant])[participant.pk]
    interval = schedule_for(participant.programme, today).interval_months
    return due_rounds(dates, interval, today)


# --- recording -----------------------------------------------------------------------------


def record(
    participant, user, due: DueRound, held_on: datetime.date, data: dict, today=None
) -> MeasurementRound:
    """Save a held round; ``data`` is the cleaned form data (five WHO-5 items)."""
    today = today or calendar.today()
    if held_on > today:
        raise ValidationError({"held_on": _("A round cannot lie in the future.")})
    items = [int(v) for v in data.get("who5_items") or []]
    try:
        raw = wellbeing.who5_raw(items)
    except ValueError as exc:
        raise ValidationError(_("Answer all five well-being questions (0-5).")) from exc
    with transaction.atomic():
        found = (
            MeasurementRound.objects.select_for_update()
            .filter(participant=participant, kind=due.kind, number=due.number)
            .first()
        )
        if found is not None and found.held_on is not None:
            raise ValidationError(_("This round has already been recorded."))
        round_ = found or MeasurementRound(
            participant=participant, kind=due.kind, number=due.number
        )
        round_.due_date = due.due_date
        round_.held_on = held_on
        round_.recorded_by = user
        for name in MEASURE_FIELDS:
            if name != "who5_items":
                setattr(round_, name, data.get(name))
        round_.who5_items = items
        round_.who5_raw = raw
        round_.who5_score = wellbeing.who5_percentage(raw)
        round_.income_source = round_.income_source or ""
        round_.notes = round_.notes or ""
        round_.zrm_scores = round_.zrm_scores or {}
        round_.full_clean(exclude=["participant", "recorded_by"])
        round_.save()
        if found is None:
            audit.created(user, round_, fields=MEASURE_FIELDS)
        else:
            audit.changed(user, round_, fields=MEASURE_FIELDS)
    return round_


def read_held(user, participant) -> list[MeasurementRound]:
    """The participant's held rounds, oldest first; each read is audited."""
    rounds = list(
        MeasurementRound.objects.filter(participant=participant, held_on__isnull=False).order_by(
            "held_on", "pk"
        )
    )
    for round_ in rounds:
        audit.read(user, round_, fields=["who5_score", "ladder_rung", "self_rated_health"])
    return rounds
