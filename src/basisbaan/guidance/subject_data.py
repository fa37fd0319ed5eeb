"""What guidance holds about one person, for a data-subject request (registered with
:mod:`basisbaan.privacy.registry` in ``GuidanceConfig.ready()``).

Kept by law (``keep``): a running sickness case (the employer's duties under the Wet
verbetering poortwachter) and the timesheets and payroll lines of the last seven years
(fiscal retention of wage records, art. 52 AWR). Check-ins, measurement rounds, notes and
signals may be erased on request.
"""

from django.utils.translation import gettext as _

from basisbaan.core import calendar
from basisbaan.guidance.models import (
    CheckIn,
    CoachingPlan,
    MeasurementRound,
    Notification,
    PayrollLine,
    PoortwachterStep,
    SicknessCase,
    Signal,
    Timesheet,
    TimesheetLine,
    WorkNote,
)
from basisbaan.privacy.subject import section

FISCAL_YEARS = 7


def _fiscal_keep(dates) -> str:
    horizon = calendar.add_years(calendar.today(), -FISCAL_YEARS)
    if any(d >= horizon for d in dates):
        return _(
            "Fiscal retention: hours and wage records are kept for seven years "
            "(art. 52 Algemene wet inzake rijksbelastingen)."
        )
    return ""


def export(participant) -> list[dict]:
    cases = list(
        SicknessCase.objects.filter(participant=participant)
        .select_related("reported_by", "recovery_reported_by")
        .order_by("first_sick_day", "pk")
    )
    sickness_keep = (
        _(
            "A sickness case is running: the employer keeps it for the duties of the Wet "
            "verbetering poortwachter until it is closed."
        )
        if any(case.is_open for case in cases)
        else ""
    )
    sheets = list(
        Timesheet.objects.filter(participant=participant)
        .select_related("submitted_by", "approved_by")
        .order_by("week_start")
    )
    lines = list(
        TimesheetLine.objects.filter(timesheet__participant=participant)
        .select_related("timesheet")
        .order_by("date", "pk")
    )
    payroll = list(
        PayrollLine.objects.filter(participant=participant)
        .select_related("export")
        .order_by("period", "pk")
    )
    timesheet_keep = _fiscal_keep([s.week_start for s in sheets])
    payroll_keep = _fiscal_keep([p.period for p in payroll])
    return [
        section(_("Coaching plan"), CoachingPlan.objects.filter(participant=participant)),
        section(
            _("Check-ins with your coach"),
            CheckIn.objects.filter(participant=participant)
            .select_related("coach")
            .order_by("date", "pk"),
            exclude=("created_at",),
        ),
        section(
            _("Measurement rounds (income, well-being, health)"),
            MeasurementRound.objects.filter(participant=participant)
            .select_related("recorded_by")
            .order_by("due_date", "pk"),
            exclude=("created_at",),
        ),
        section(_("Sick reports"), cases, keep=sickness_keep),
        section(
            _("Poortwachter steps"),
            PoortwachterStep.objects.filter(case__participant=participant)
            .select_related("case", "done_by")
            .order_by("due_date", "pk"),
            keep=sickness_keep,
        ),
        section(_("Timesheets"), sheets, keep=timesheet_keep),
        section(_("Hours per day"), lines, exclude=("task",), keep=timesheet_keep),
        section(_("Payroll lines"), payroll, keep=payroll_keep),
        section(
            _("Work-floor notes"),
            WorkNote.objects.filter(participant=participant)
            .select_related("author")
            .order_by("date", "pk"),
            exclude=("created_at",),
        ),
        section(
            _("Early-warning signals"),
            Signal.objects.filter(participant=participant)
            .select_related("rule", "handled_by")
            .order_by("raised_on", "pk"),
        ),
        section(
            _("Notifications to staff about you"),
            Notification.objects.filter(participant=participant)
            .select_related("recipient")
            .order_by("created_at", "pk"),
            fields=["created_at", "kind", "recipient", "read_at"],
        ),
    ]
