"""Enrolment in a route and its progress: the services every view and the demo use.

Every write runs in a transaction and is audited (``basisbaan.audit.api``). A refusal
is a ``ValidationError`` with a message for the coach; nothing is saved then.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma import routes as route_rules
from basisbaan.werkprogramma.models import (
    Enrolment,
    Outcome,
    OutcomeFollowUp,
    Route,
    StepProgress,
)

FOLLOW_UP_MONTHS = (6, 12)


def active_count(route: Route) -> int:
    return route.enrolments.filter(status=Enrolment.Status.ACTIVE).count()


@transaction.atomic
def enrol(
    participant: Participant,
    route: Route,
    coach,
    by,
    today: datetime.date | None = None,
    advised_route: Route | None = None,
    choice_reason: str = "",
    confirmed: set[str] | frozenset[str] = frozenset(),
    enrolled_on: datetime.date | None = None,
) -> Enrolment:
    """Enrol ``participant`` in ``route`` with ``coach``; the steps fall due from the
    enrolment day. Refuses when an entry criterion fails, the route is full or inactive,
    the person is already active in it, or the coach chose another route than the
    advice without a reason."""
    today = today or calendar.today()
    enrolled_on = enrolled_on or today
    choice_reason = (choice_reason or "").strip()
    if route.programme.municipality_id != participant.municipality_id:
        raise ValidationError(_("This route belongs to another municipality."))
    if not route.active:
        raise ValidationError(_("This route takes no new people."))
    failed = [
        label
        for label, passed, _how in route_rules.check_entry(route, participant, confirmed, today)
        if not passed
    ]
    if failed:
        raise ValidationError(
            _("Does not meet the entry criteria of %(route)s: %(failed)s.")
            % {"route": route.name, "failed": "; ".join(failed)}
        )
    # Lock the route so two enrolments at once cannot overfill it.
    Route.objects.select_for_update().filter(pk=route.pk).first()
    if route.enrolments.filter(participant=participant, status=Enrolment.Status.ACTIVE).exists():
        raise ValidationError(_("This person is already enrolled in %(route)s.") % {"route": route})
    if route.capacity is not None and active_count(route) >= route.capacity:
        raise ValidationError(
            _("%(route)s is full: %(capacity)s people at once.")
            % {"route": route.name, "capacity": route.capacity}
        )
    if advised_route is not None and advised_route.pk != route.pk and not choice_reason:
        raise ValidationError(
            _("The advice is %(advised)s: give a reason for choosing another route.")
            % {"advised": advised_route.name}
        )
    enrolment = Enrolment.objects.create(
        participant=participant,
        route=route,
        coach=coach,
        enrolled_on=enrolled_on,
        advised_route=advised_route,
        choice_reason=choice_reason if advised_route is None or advised_route != route else "",
    )
    StepProgress.objects.bulk_create(
        StepProgress(
            enrolment=enrolment,
            step=step,
            due_on=enrolled_on + datetime.timedelta(days=step.due_days),
        )
        for step in route.steps.all()
    )
    audit.created(by, enrolment, fields=["route", "coach", "advised_route", "choice_reason"])
    return enrolment


def _check_active(enrolment: Enrolment) -> None:
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("This enrolment is closed."))


def _bump(enrolment: Enrolment) -> None:
    enrolment.version += 1


def _not_future(day: datetime.date, today: datetime.date, label: str) -> None:
    if day > today:
        raise ValidationError(_("%(what)s cannot lie in the future.") % {"what": label})


@transaction.atomic
def record_step(
    progress: StepProgress,
    by,
    done_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> StepProgress:
    today = today or calendar.today()
    _check_active(progress.enrolment)
    if progress.done_on is not None:
        raise ValidationError(_("This step is already done."))
    _not_future(done_on, today, _("The date the step was done"))
    if done_on < progress.enrolment.enrolled_on:
        raise ValidationError(_("A step cannot be done before the enrolment."))
    progress.done_on, progress.done_by, progress.note = done_on, by, (note or "").strip()
    progress.save(update_fields=["done_on", "done_by", "note"])
    audit.changed(by, progress.enrolment, fields=["steps"])
    return progress


@transaction.atomic
def save_notes(enrolment: Enrolment, by, notes: str) -> Enrolment:
    enrolment.notes = (notes or "").strip()
    _bump(enrolment)
    enrolment.save(update_fields=["notes", "version"])
    audit.changed(by, enrolment, fields=["notes"])
    return enrolment


@transaction.atomic
def record_outcome(
    enrolment: Enrolment,
    by,
    outcome: str,
    on: datetime.date,
    hours: Decimal | None = None,
    contract_kind: str = "",
    today: datetime.date | None = None,
) -> Enrolment:
    """Close the enrolment with its outcome; follow-ups fall due 6 and 12 months after.
    A basisbaan outcome moves the person's file on to the route's destination programme
    (the basisbaan's own lifecycle stays with the participants app)."""
    today = today or calendar.today()
    _check_active(enrolment)
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    _not_future(on, today, _("The outcome date"))
    if on < enrolment.enrolled_on:
        raise ValidationError(_("The outcome cannot lie before the enrolment."))
    if outcome == Outcome.WORK:
        if hours is None or hours <= 0 or hours > 60:
            raise ValidationError(_("Work needs the hours per week (more than 0, at most 60)."))
        if contract_kind not in Enrolment.ContractKind.values:
            raise ValidationError(_("Work needs the kind of contract."))
    else:
        hours, contract_kind = None, ""
    enrolment.outcome, enrolment.outcome_on = outcome, on
    enrolment.outcome_hours, enrolment.outcome_contract = hours, contract_kind
    enrolment.status = Enrolment.Status.DONE
    _bump(enrolment)
    enrolment.save(
        update_fields=[
            "outcome",
            "outcome_on",
            "outcome_hours",
            "outcome_contract",
            "status",
            "version",
        ]
    )
    if outcome != Outcome.NO_OUTCOME:
        OutcomeFollowUp.objects.bulk_create(
            OutcomeFollowUp(
                enrolment=enrolment, months=months, due_on=calendar.months_after(on, months)
            )
            for months in FOLLOW_UP_MONTHS
        )
    audit.changed(by, enrolment, fields=["outcome", "outcome_on", "status"])
    if outcome == Outcome.BASISBAAN:
        _move_to_destination(enrolment, by)
    return enrolment


def _move_to_destination(enrolment: Enrolment, by) -> None:
    participant = enrolment.participant
    destination = enrolment.route.destination
    if destination is None or participant.programme_id == destination.pk:
        return
    current = participant.programme
    if current is not None and current.kind != Programme.Kind.WERKPROGRAMMA:
        return
    participant.programme = destination
    participant.save(update_fields=["programme", "updated_at"])
    audit.changed(by, participant, fields=["programme"], purpose="werkprogramma basisbaan route")


@transaction.atomic
def record_follow_up(
    follow_up: OutcomeFollowUp,
    by,
    lasted: str,
    recorded_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> OutcomeFollowUp:
    today = today or calendar.today()
    recorded_on = recorded_on or today
    if lasted not in OutcomeFollowUp.Lasted.values:
        raise ValidationError(_("Choose whether the outcome lasted."))
    _not_future(recorded_on, today, _("The follow-up date"))
    if recorded_on < follow_up.enrolment.outcome_on:
        raise ValidationError(_("A follow-up cannot lie before the outcome."))
    follow_up.lasted, follow_up.recorded_on, follow_up.recorded_by = lasted, recorded_on, by
    follow_up.save(update_fields=["lasted", "recorded_on", "recorded_by"])
    audit.changed(by, follow_up.enrolment, fields=["follow_ups"])
    return follow_up


@transaction.atomic
def stop(enrolment: Enrolment, by, reason: str, on: datetime.date | None = None) -> Enrolment:
    """Stop an active enrolment without an outcome (the reason goes into the notes)."""
    _check_active(enrolment)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for stopping."))
    on = on or calendar.today()
    enrolment.status = Enrolment.Status.STOPPED
    enrolment.outcome, enrolment.outcome_on = Outcome.NO_OUTCOME, on
    line = _("Stopped on %(date)s: %(reason)s") % {"date": f"{on:%d-%m-%Y}", "reason": reason}
    enrolment.notes = f"{enrolment.notes}\n{line}".strip()
    _bump(enrolment)
    enrolment.save(update_fields=["status", "outcome", "outcome_on", "notes", "version"])
    audit.changed(by, enrolment, fields=["status", "notes"], purpose="stopped")
    return enrolment
