"""The participant lifecycle: one explicit transition table and the one function that
moves a participant along it.

    referred → screening → intake → waiting list → matching → employed → permanent
    any active state → exited (coded reason, follow-up date)
    employed / permanent ⇄ long-term sick (a pause)

``transition`` locks the participant's row (``select_for_update``) and checks the
status the caller saw, so two concurrent transitions of one participant cannot both
win: the second sees the changed status and is refused.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.participants import followups
from basisbaan.participants.models import ExitReason, Participant, StatusChange
from basisbaan.participants.models import Status as S

# Source status -> the statuses it may move to. Nothing else is allowed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.REFERRED: (S.SCREENING, S.EXITED),
    S.SCREENING: (S.INTAKE, S.REFERRED, S.EXITED),
    S.INTAKE: (S.WAITING_LIST, S.MATCHING, S.EXITED),
    S.WAITING_LIST: (S.MATCHING, S.EXITED),
    S.MATCHING: (S.EMPLOYED, S.WAITING_LIST, S.EXITED),
    S.EMPLOYED: (S.PERMANENT, S.LONG_TERM_SICK, S.EXITED),
    S.PERMANENT: (S.LONG_TERM_SICK, S.EXITED),
    S.LONG_TERM_SICK: (S.EMPLOYED, S.PERMANENT, S.EXITED),
    S.EXITED: (S.REFERRED,),
}


class TransitionError(Exception):
    """A transition that is not allowed; ``message`` is for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Move:
    participant: Participant
    change: StatusChange


def allowed_targets(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(source: str, target: str) -> bool:
    return target in allowed_targets(source)


def _check_requirements(
    participant: Participant,
    target: str,
    exit_reason: str,
    follow_up_date: datetime.date | None,
    today: datetime.date,
) -> None:
    """Conditions beyond the table: what must be true before entering ``target``."""
    if target == S.EXITED:
        if exit_reason not in ExitReason.values:
            raise TransitionError(_("Choose the reason for the exit."))
        if exit_reason != ExitReason.DECEASED and follow_up_date is None:
            raise TransitionError(_("Give a follow-up date for the exit."))
        if follow_up_date is not None and follow_up_date < today:
            raise TransitionError(_("The follow-up date lies in the past."))
    if target == S.INTAKE:
        screening = participant.screenings.order_by("-at", "-pk").first()
        if screening is None or not screening.outcome:
            raise TransitionError(
                _("Intake needs a screening with the outcome 'eligible' (or an override).")
            )
    if target in (S.EMPLOYED, S.PERMANENT):
        contract = participant.current_contract(today)
        if contract is None:
            raise TransitionError(_("Add the employment contract first."))
        if target == S.PERMANENT and contract.kind != contract.Kind.PERMANENT:
            raise TransitionError(_("The current contract is temporary: add the permanent one."))
        if target == S.EMPLOYED and contract.kind != contract.Kind.TEMPORARY:
            raise TransitionError(_("The current contract is permanent."))


def transition(
    participant_id: int,
    target: str,
    user,
    *,
    expected: str | None = None,
    exit_reason: str = "",
    follow_up_date: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> Move:
    """Move a participant to ``target``; raises ``TransitionError`` when not allowed.

    ``expected`` is the status the user saw: when someone else moved the participant
    meanwhile, the transition is refused instead of silently applied on top.
    """
    today = today or calendar.today()
    if target not in S.values:
        raise TransitionError(_("Unknown status."))
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant_id)
        source = participant.status
        if expected is not None and source != expected:
            raise TransitionError(
                _("Someone else changed this person's status meanwhile. Look again and retry.")
            )
        if not is_allowed(source, target):
            raise TransitionError(
                _("A move from '%(source)s' to '%(target)s' is not allowed.")
                % {"source": S(source).label, "target": S(target).label}
            )
        _check_requirements(participant, target, exit_reason, follow_up_date, today)
        now = timezone.now()
        participant.status = target
        participant.status_changed_at = now
        if target == S.EXITED:
            participant.exit_reason = exit_reason
            participant.follow_up_date = follow_up_date
        elif source == S.EXITED:
            participant.exit_reason = ""
            participant.follow_up_date = None
        if target == S.WAITING_LIST and source != S.WAITING_LIST:
            participant.registered_at = now
        participant.save(
            update_fields=[
                "status",
                "status_changed_at",
                "exit_reason",
                "follow_up_date",
                "registered_at",
                "updated_at",
            ]
        )
        change = StatusChange.objects.create(
            participant=participant,
            from_status=source,
            to_status=target,
            at=now,
            by=user if getattr(user, "is_authenticated", False) else None,
            exit_reason=exit_reason if target == S.EXITED else "",
            follow_up_date=follow_up_date if target == S.EXITED else None,
            note=note[:500],
        )
        if target == S.EXITED:
            followups.schedule(participant, today)
        elif source == S.EXITED:
            followups.cancel_open(participant)
        audit.changed(user, participant, fields=["status"])
    return Move(participant, change)
