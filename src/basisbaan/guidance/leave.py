"""Leave requests (verlof): a participant asks for days off, the programme staff answer.

An approved request is an absence for planning (``guidance.absence``). The record type
``leave_requests`` is registered with the privacy registry (retention, and the
data-subject export) from ``GuidanceConfig.ready()``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import editing
from basisbaan.guidance.models import LeaveRequest
from basisbaan.privacy import registry, retention
from basisbaan.privacy.subject import section

# The longest stretch one request may cover, and how far ahead one may ask.
MAX_DAYS = 42
MAX_MONTHS_AHEAD = 12

LEAVE_REQUESTS = "leave_requests"
FIELDS = ["first_day", "last_day", "note", "status"]


def request_leave(
    participant,
    user,
    first_day: datetime.date,
    last_day: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> LeaveRequest:
    """Ask for leave from ``first_day`` to ``last_day`` (both included)."""
    today = today or calendar.today()
    errors = {}
    if first_day < today:
        errors["first_day"] = _("The first day cannot lie in the past.")
    elif first_day > calendar.add_months(today, MAX_MONTHS_AHEAD):
        errors["first_day"] = _("Ask for leave at most a year ahead.")
    if last_day < first_day:
        errors["last_day"] = _("The last day cannot lie before the first day.")
    elif (last_day - first_day).days + 1 > MAX_DAYS:
        errors["last_day"] = _("Ask for at most %(days)d days at a time.") % {"days": MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        overlapping = (
            LeaveRequest.objects.select_for_update()
            .filter(participant=participant, first_day__lte=last_day, last_day__gte=first_day)
            .exclude(status=LeaveRequest.Status.REFUSED)
        )
        if overlapping.exists():
            raise ValidationError(_("You already asked for leave on one of these days."))
        leave = LeaveRequest.objects.create(
            participant=participant, first_day=first_day, last_day=last_day, note=note.strip()
        )
        audit.created(user, leave, fields=["first_day", "last_day", "note"])
    return leave


def answer_leave(leave: LeaveRequest, user, approve: bool, answer: str, version) -> LeaveRequest:
    """Approve or refuse an open request (a refusal says why). Raises StaleEdit when
    someone answered in between."""
    answer = answer.strip()
    if not approve and not answer:
        raise ValidationError({"answer": _("Say why the leave is refused.")})
    with editing(leave, version):
        fresh = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
        if not fresh.is_open:
            raise ValidationError(_("This leave request has already been answered."))
        leave.status = LeaveRequest.Status.APPROVED if approve else LeaveRequest.Status.REFUSED
        leave.answer = answer
        leave.answered_by = user
        leave.answered_at = timezone.now()
        leave.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        audit.changed(user, leave, fields=["status", "answer"])
    return leave


def approved_days(municipality, start: datetime.date, end: datetime.date) -> dict[int, set]:
    """participant id -> the days in [start, end] of approved leave."""
    result: dict[int, set] = {}
    rows = LeaveRequest.objects.filter(
        participant__municipality=municipality,
        status=LeaveRequest.Status.APPROVED,
        first_day__lte=end,
        last_day__gte=start,
    ).values_list("participant_id", "first_day", "last_day")
    for participant_id, first, last in rows:
        day, until = max(first, start), min(last, end)
        while day <= until:
            result.setdefault(participant_id, set()).add(day)
            day += datetime.timedelta(days=1)
    return result


# --- privacy ---------------------------------------------------------------------------------


def export(participant) -> list[dict]:
    """The person's leave requests, for a data-subject request."""
    return [
        section(
            gettext_lazy("Leave requests"),
            LeaveRequest.objects.filter(participant=participant)
            .select_related("answered_by")
            .order_by("first_day", "pk"),
        )
    ]


def expire_leave(municipality, cutoff, *, dry_run: bool, batch_size: int):
    """Answered requests whose last day lies before ``cutoff`` are deleted."""
    expired = registry.Expired()
    queryset = LeaveRequest.objects.filter(
        participant__municipality=municipality, last_day__lt=cutoff
    ).exclude(status=LeaveRequest.Status.REQUESTED)
    if dry_run:
        expired.deleted = queryset.count()
        return expired
    for ids in retention.batches(queryset, batch_size):
        with transaction.atomic():
            for leave in LeaveRequest.objects.filter(pk__in=ids):
                retention.audit_expired(leave, LEAVE_REQUESTS, retention.DELETE, FIELDS)
                leave.delete()
                expired.deleted += 1
    return expired


def register() -> None:
    """The record type of leave requests (called from ``GuidanceConfig.ready()``)."""
    registry.register_record_type(
        registry.RecordType(
            code=LEAVE_REQUESTS,
            label=gettext_lazy("Leave requests"),
            holds=gettext_lazy(
                "A participant's requests for leave: the days, a short note and the answer."
            ),
            categories=(gettext_lazy("leave and absence"),),
            purpose=gettext_lazy("Planning the work and granting leave to employees."),
            legal_ground=gettext_lazy(
                "AVG art. 6(1)(b): the employment contract; the approved days also count "
                "in the timesheets and the payroll, which are kept on their own."
            ),
            default_days=2 * 365,
            moment=gettext_lazy("the last day of the leave"),
            action=retention.DELETE,
            expire=expire_leave,
            recipients=gettext_lazy("programme staff (planners), coach"),
        )
    )
