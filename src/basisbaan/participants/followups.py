"""Follow-up after the exit: due 6 and 12 months after someone leaves (not after death),
each with an outcome that staff record. The reminders are sent by the daily guidance run
(``guidance.followups``); the monitor counts the outcomes."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import FOLLOW_UP_MONTHS, ExitReason, FollowUp, Participant


def schedule(participant: Participant, exit_day: datetime.date) -> list[FollowUp]:
    """The follow-ups of an exit on ``exit_day`` (none after a death); idempotent."""
    if participant.exit_reason == ExitReason.DECEASED:
        return []
    made = []
    for months in FOLLOW_UP_MONTHS:
        follow_up, _created = FollowUp.objects.get_or_create(
            participant=participant,
            months=months,
            defaults={"due_date": calendar.months_after(exit_day, months)},
        )
        made.append(follow_up)
    return made


def cancel_open(participant: Participant) -> int:
    """Someone who comes back into the programme needs no follow-up of the old exit."""
    deleted, _rows = participant.follow_ups.filter(outcome="").delete()
    return deleted


def record(follow_up: FollowUp, user, *, outcome: str, note: str = "", today=None) -> FollowUp:
    """Record what became of the person; refused before the due date is near (a month)."""
    today = today or calendar.today()
    if outcome not in FollowUp.Outcome.values:
        raise ValidationError({"outcome": _("Choose what became of the person.")})
    if follow_up.due_date > calendar.months_after(today, 1):
        raise ValidationError(_("This follow-up is not due yet."))
    with transaction.atomic():
        locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        locked.outcome = outcome
        locked.note = note.strip()[:300]
        locked.recorded_on = today
        locked.recorded_by = user
        locked.save(update_fields=["outcome", "note", "recorded_on", "recorded_by"])
        audit.changed(user, locked.participant, fields=["follow_up"])
    return locked


def due(queryset, today: datetime.date):
    """Open follow-ups due within a month from ``today`` (or overdue)."""
    return queryset.filter(outcome="", due_date__lte=calendar.months_after(today, 1))


def outcome_counts(municipality, months: int) -> Counter:
    """How many people had each outcome at the follow-up ``months`` after their exit."""
    return Counter(
        FollowUp.objects.filter(participant__municipality=municipality, months=months)
        .exclude(outcome="")
        .values_list("outcome", flat=True)
    )
