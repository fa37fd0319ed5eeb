"""Early warning on the database: build each participant's history, run the
municipality's rules (``earlywarning``) and raise signals on the coach's caseload.

A rule raises at most one open signal per participant; the coach closes it after
acting (changing wishes, limitations or hours, asking the planner for a re-plan).
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.guidance import earlywarning
from basisbaan.guidance.models import (
    CheckIn,
    EarlyWarningRule,
    Notification,
    SicknessCase,
    Signal,
    Timesheet,
    TimesheetLine,
)
from basisbaan.guidance.notifications import notify
from basisbaan.planning import services as planning_services

HISTORY_WEEKS = 52


def ensure_rules(municipality) -> list[EarlyWarningRule]:
    """The municipality's rules, created with the default parameters where missing."""
    for kind, (_label, defaults) in earlywarning.KINDS.items():
        EarlyWarningRule.objects.get_or_create(
            municipality=municipality, kind=kind, defaults={"parameters": dict(defaults)}
        )
    return list(EarlyWarningRule.objects.filter(municipality=municipality))


def histories(participant_ids, today: datetime.date) -> dict[int, earlywarning.History]:
    ids = list(participant_ids)
    since = today - datetime.timedelta(weeks=HISTORY_WEEKS)
    result = defaultdict(earlywarning.History)
    for pid, first in SicknessCase.objects.filter(
        participant_id__in=ids, first_sick_day__gt=since
    ).values_list("participant_id", "first_sick_day"):
        result[pid].sick_report_dates.append(first)
    for pid, date, held, raw in CheckIn.objects.filter(
        participant_id__in=ids, date__gt=since
    ).values_list("participant_id", "date", "held", "who5_raw"):
        result[pid].contacts.append(earlywarning.Contact(date, held, raw))
    contract = {}
    for sheet_id, pid, week_start, hours in Timesheet.objects.filter(
        participant_id__in=ids,
        status__in=[Timesheet.Status.SUBMITTED, Timesheet.Status.APPROVED],
        week_start__gt=since,
    ).values_list("pk", "participant_id", "week_start", "contract_hours"):
        contract[sheet_id] = (pid, week_start, float(hours))
    accounted = defaultdict(float)
    for sheet_id, hours in TimesheetLine.objects.filter(
        timesheet_id__in=list(contract)
    ).values_list("timesheet_id", "hours"):
        accounted[sheet_id] += float(hours)
    for sheet_id, (pid, week_start, hours) in contract.items():
        result[pid].weeks.append(earlywarning.Week(week_start, hours, accounted[sheet_id]))
    return result


def evaluate(participants, today: datetime.date | None = None, notify_coach: bool = True) -> int:
    """Run the active rules for ``participants``; returns the number of new signals."""
    today = today or calendar.today()
    participants = list(participants)
    if not participants:
        return 0
    by_municipality = defaultdict(list)
    for p in participants:
        by_municipality[p.municipality_id].append(p)
    new_signals = []
    for municipality_id, group in by_municipality.items():
        rules = [
            r for r in EarlyWarningRule.objects.filter(municipality_id=municipality_id, active=True)
        ]
        if not rules:
            continue
        history = histories([p.pk for p in group], today)
        open_pairs = set(
            Signal.objects.filter(participant__in=group, status=Signal.Status.OPEN).values_list(
                "participant_id", "rule_id"
            )
        )
        for participant in group:
            for rule in rules:
                if (participant.pk, rule.pk) in open_pairs:
                    continue
                try:
                    reason = earlywarning.evaluate(
                        rule.kind, rule.parameters, history[participant.pk], today
                    )
                except earlywarning.RuleParameterError:
                    continue
                if reason:
                    new_signals.append(
                        Signal(participant=participant, rule=rule, reason=reason, raised_on=today)
                    )
    with transaction.atomic():
        Signal.objects.bulk_create(new_signals, ignore_conflicts=True)
        if notify_coach:
            for participant in {s.participant for s in new_signals}:
                if participant.coach_id:
                    notify(
                        [participant.coach],
                        participant.municipality,
                        Notification.Kind.SIGNAL,
                        participant=participant,
                        url=reverse("guidance:coach_participant", args=[participant.pk]),
                    )
    return len(new_signals)


def evaluate_participant(participant, today: datetime.date | None = None) -> int:
    return evaluate([participant], today=today)


def close(signal: Signal, user, note: str) -> Signal:
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say briefly what you did."))
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        if signal.status != Signal.Status.OPEN:
            raise ValidationError(_("This signal is already handled."))
        signal.status = Signal.Status.HANDLED
        signal.handled_at = timezone.now()
        signal.handled_by = user
        signal.handling_note = note[:500]
        signal.save()
        audit.changed(user, signal, fields=["status", "handling_note"])
    return signal


def request_replan(participant, user, reason: str, purpose: str = "early warning"):
    """Ask the planners for a new plan (the coach, from a signal or the participant's page).

    ``reason`` is the coach's own text for the planner; one that names a health score is
    refused here too, whatever form sent it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why a new plan is needed."))
    if earlywarning.carries_health_detail(reason):  # the planner reads it: no health detail
        raise ValidationError(
            _(
                "The planner sees this text: leave out health details and scores and "
                "say only what should change in the week."
            )
        )
    try:
        result = planning_services.request_replan(participant, user, reason)
    except planning_services.PlanningError as exc:
        raise ValidationError(str(exc)) from exc
    audit.changed(user, participant, fields=["replan_request"], purpose=purpose)
    return result


@transaction.atomic
def adjust_participant(participant, user, wishes, limitations, contract_hours, reason: str):
    """The coach changes wishes, limitations or hours from a signal (audited)."""
    from basisbaan.participants.models import Participant

    reason = (reason or "").strip()
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = []
    if sorted(wishes) != sorted(participant.wishes or []):
        participant.wishes = sorted(wishes)
        changed.append("wishes")
    if sorted(limitations) != sorted(participant.limitations or []):
        participant.limitations = sorted(limitations)
        changed.append("limitations")
    if contract_hours is not None and contract_hours != participant.contract_hours:
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the change in hours.")})
        parameters = (
            participant.programme.parameters_on(calendar.today())
            if participant.programme_id
            else None
        )
        if parameters and contract_hours < parameters.min_hours:
            participant.hours_agreement = reason[:200]
            changed.append("hours_agreement")
        participant.contract_hours = contract_hours
        changed.append("contract_hours")
    if changed:
        participant.save(update_fields=[*changed, "updated_at"])
        # The purpose names the occasion, never the coach's free text (it may be personal).
        audit.changed(user, participant, fields=changed, purpose="early warning")
    return changed
