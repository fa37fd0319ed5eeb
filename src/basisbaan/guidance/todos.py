"""Guidance's to-dos on the start page (``core.todos``): timesheets, poortwachter steps,
check-ins, signals and measurement rounds, each counted within the user's scope."""

import datetime

from django.db.models import Count, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import access
from basisbaan.core import calendar, todos
from basisbaan.core.todos import todo
from basisbaan.guidance import rounds, sickness
from basisbaan.guidance.models import (
    CheckIn,
    CoachingPlan,
    LeaveRequest,
    PoortwachterStep,
    Signal,
    Timesheet,
)
from basisbaan.participants.models import Participant, Status


def _may(request, permission: str) -> bool:
    return access.has_perm(request.user, permission, request.municipality)


def _scope(request, permission: str, queryset):
    return access.scope(request.user, permission, queryset, request.municipality)


def timesheet_todos(request) -> list:
    found = []
    if _may(request, "guidance.approve_timesheets"):
        submitted = Timesheet.objects.filter(status=Timesheet.Status.SUBMITTED)
        count = _scope(request, "guidance.approve_timesheets", submitted).count()
        found.append(todo(_("Timesheets to approve"), count, "guidance:timesheets", order=40))
    if _may(request, "guidance.edit_timesheets"):
        returned = Timesheet.objects.filter(status=Timesheet.Status.RETURNED)
        count = _scope(request, "guidance.edit_timesheets", returned).count()
        found.append(
            todo(
                _("Timesheets returned for correction"),
                count,
                "guidance:timesheets",
                suffix=f"?status={Timesheet.Status.RETURNED}",
                urgent=True,
                order=41,
            )
        )
    return found


def poortwachter_todos(request) -> list:
    """Open steps due within the reminder horizon (as the poortwachter page lists them);
    urgent when one is overdue. One query."""
    if not _may(request, "guidance.manage_poortwachter"):
        return []
    today = calendar.today()
    steps = sickness.open_steps(
        _scope(request, "guidance.manage_poortwachter", PoortwachterStep.objects.all()), today
    )
    figures = steps.order_by().aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    return [
        todo(
            _("Poortwachter steps due"),
            figures["total"],
            "guidance:poortwachter",
            urgent=bool(figures["overdue"]),
            order=42,
        )
    ]


def leave_todos(request) -> list:
    """Leave requests no one has answered yet; urgent when one starts within a week. One
    query."""
    if not _may(request, "guidance.answer_leave"):
        return []
    soon = calendar.today() + datetime.timedelta(days=7)
    requests = _scope(
        request,
        "guidance.answer_leave",
        LeaveRequest.objects.filter(status=LeaveRequest.Status.REQUESTED),
    )
    figures = requests.order_by().aggregate(
        total=Count("pk"), soon=Count("pk", filter=Q(first_day__lte=soon))
    )
    return [
        todo(
            _("Leave requests to answer"),
            figures["total"],
            "guidance:leave_requests",
            urgent=bool(figures["soon"]),
            order=35,
        )
    ]


def _overdue_checkins(request, today) -> int:
    """The caseload's people whose next contact (last held check-in + their rhythm, as
    ``checkins.contact_overview`` has it) lies before today. One query."""
    last_held = (
        CheckIn.objects.filter(participant=OuterRef("pk"), held=True)
        .order_by()
        .values("participant")
        .annotate(last=Max("date"))
        .values("last")
    )
    rows = (
        _scope(request, "guidance.caseload", Participant.objects.exclude(status=Status.EXITED))
        .annotate(
            last=Subquery(last_held),
            cadence=Coalesce(
                "coaching_plan__cadence_weeks", Value(CoachingPlan.DEFAULT_CADENCE_WEEKS)
            ),
        )
        .values_list("last", "cadence")
    )
    return sum(
        1
        for last, weeks in rows
        if last is not None and last + datetime.timedelta(weeks=weeks) < today
    )


def coaching_todos(request) -> list:
    """A coach's caseload, as the caseload pages count it: overdue check-ins and open
    signals (one query each) and measurement rounds due (``rounds.worklist``: a fixed
    handful of queries for the whole caseload, none per person)."""
    found = []
    if _may(request, "guidance.caseload"):
        today = calendar.today()
        found.append(
            todo(
                _("Check-ins overdue"),
                _overdue_checkins(request, today),
                "guidance:overdue",
                order=20,
            )
        )
        recent_exit = today - datetime.timedelta(days=rounds.EXIT_WINDOW_DAYS + 1)
        round_people = _scope(
            request,
            "guidance.caseload",
            Participant.objects.exclude(
                status=Status.EXITED, status_changed_at__date__lt=recent_exit
            ).select_related("programme"),
        )
        due = rounds.worklist(round_people, today)
        found.append(
            todo(
                _("Measurement rounds due"),
                len(due),
                "guidance:caseload",
                suffix="#rounds",
                urgent=any(d.overdue for _p, d in due),
                order=22,
            )
        )
    if _may(request, "guidance.signals"):
        open_signals = Signal.objects.filter(status=Signal.Status.OPEN)
        count = _scope(request, "guidance.signals", open_signals).count()
        found.append(todo(_("Open signals"), count, "guidance:signals", order=21))
    return found


def register() -> None:
    """Called from the app's ``AppConfig.ready``."""
    todos.register(coaching_todos)
    todos.register(timesheet_todos)
    todos.register(poortwachter_todos)
    todos.register(leave_todos)
