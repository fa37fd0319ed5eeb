"""Sick reports (ziekmelding) and recovery reports (betermelding).

A report holds the first sick day, whether the person is fully or partly sick and
the expected duration if known. No diagnosis is asked or stored. The report creates
the poortwachter steps with their due dates and notifies the programme staff (the
employer), the staff of the participant's guidance organisation and the coach at once.
Participants report themselves through the same functions ("Mijn basisbaan",
``guidance.selfservice``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.guidance import poortwachter
from basisbaan.guidance.models import Notification, PoortwachterStep, SicknessCase
from basisbaan.guidance.notifications import guidance_staff, notify, programme_staff

# How far back a first sick day may lie (a late report is still accepted, but not years).
MAX_DAYS_BACK = 60


def _notify_case(case: SicknessCase, kind: str, by=None) -> None:
    """The programme staff, the guidance organisation's staff and the coach hear of it at
    once (whoever made the report is not told of it again)."""
    participant = case.participant
    recipients = [
        *programme_staff(participant.municipality),
        *guidance_staff(participant.guidance_organisation_id),
        participant.coach,
    ]
    notify(
        [user for user in recipients if user is not None and user != by],
        participant.municipality,
        kind,
        participant=participant,
        url=reverse("guidance:sickness_detail", args=[case.pk]),
    )


def report_sick(
    participant,
    reported_by,
    first_sick_day: datetime.date,
    extent: str,
    partial_percentage: int | None = None,
    expected_days: int | None = None,
    today: datetime.date | None = None,
) -> SicknessCase:
    today = today or calendar.today()
    errors = {}
    if first_sick_day > today:
        errors["first_sick_day"] = _("The first sick day cannot lie in the future.")
    elif (today - first_sick_day).days > MAX_DAYS_BACK:
        errors["first_sick_day"] = _(
            "The first sick day lies more than %(days)d days back. Ask the programme staff."
        ) % {"days": MAX_DAYS_BACK}
    if extent not in SicknessCase.Extent.values:
        errors["extent"] = _("Choose fully or partly sick.")
    elif extent == SicknessCase.Extent.PARTIAL and not partial_percentage:
        errors["partial_percentage"] = _("Give the percentage the person cannot work.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        open_case = (
            SicknessCase.objects.select_for_update()
            .filter(participant=participant, recovered_on__isnull=True)
            .first()
        )
        if open_case is not None:
            raise ValidationError(
                _("This participant is already reported sick since %(date)s.")
                % {"date": open_case.first_sick_day.strftime("%d-%m-%Y")}
            )
        case = SicknessCase.objects.create(
            participant=participant,
            first_sick_day=first_sick_day,
            extent=extent,
            partial_percentage=partial_percentage
            if extent == SicknessCase.Extent.PARTIAL
            else None,
            expected_days=expected_days,
            reported_by=reported_by,
        )
        PoortwachterStep.objects.bulk_create(
            PoortwachterStep(case=case, code=step.code, due_date=due)
            for step, due in poortwachter.timeline(first_sick_day)
        )
        audit.created(reported_by, case, fields=["first_sick_day", "extent", "expected_days"])
        _notify_case(case, Notification.Kind.SICK_REPORT, by=reported_by)
    from basisbaan.guidance.signals import evaluate_participant

    evaluate_participant(participant, today=today)
    return case


def report_recovered(
    case: SicknessCase, reported_by, recovered_on: datetime.date, today: datetime.date | None = None
) -> SicknessCase:
    today = today or calendar.today()
    if not case.is_open:
        raise ValidationError(_("This sickness case is already closed."))
    if recovered_on <= case.first_sick_day:
        raise ValidationError(
            {"recovered_on": _("The day back at work must lie after the first sick day.")}
        )
    if recovered_on > today + datetime.timedelta(days=14):
        raise ValidationError({"recovered_on": _("Report recovery at most two weeks ahead.")})
    with transaction.atomic():
        case = SicknessCase.objects.select_for_update().get(pk=case.pk)
        if not case.is_open:
            raise ValidationError(_("This sickness case is already closed."))
        case.recovered_on = recovered_on
        case.recovery_reported_at = timezone.now()
        case.recovery_reported_by = reported_by
        case.save(update_fields=["recovered_on", "recovery_reported_at", "recovery_reported_by"])
        audit.changed(reported_by, case, fields=["recovered_on"])
        _notify_case(case, Notification.Kind.RECOVERY, by=reported_by)
    return case


def mark_step_done(step: PoortwachterStep, user, done_on: datetime.date) -> PoortwachterStep:
    if done_on > calendar.today():
        raise ValidationError(_("The date cannot lie in the future."))
    if done_on < step.case.first_sick_day:
        raise ValidationError(_("The date lies before the first sick day."))
    with transaction.atomic():
        step.done_on = done_on
        step.done_by = user
        step.save(update_fields=["done_on", "done_by"])
        audit.changed(user, step.case, fields=[f"step:{step.code}"])
    return step


def open_steps(queryset, today: datetime.date):
    """Steps of open cases that are overdue or due within the reminder horizon."""
    horizon = today + datetime.timedelta(days=poortwachter.REMIND_DAYS_AHEAD)
    return (
        queryset.filter(
            done_on__isnull=True, case__recovered_on__isnull=True, due_date__lte=horizon
        )
        .select_related("case__participant")
        .order_by("due_date")
    )


def send_reminders(municipality, today: datetime.date | None = None) -> int:
    """Remind the programme staff of due and overdue poortwachter steps (once a week per step)."""
    today = today or calendar.today()
    steps = open_steps(
        PoortwachterStep.objects.filter(case__participant__municipality=municipality), today
    ).exclude(reminded_on__gt=today - datetime.timedelta(days=7))
    count = 0
    staff = list(programme_staff(municipality))
    for step in steps:
        with transaction.atomic():
            notify(
                staff,
                municipality,
                Notification.Kind.POORTWACHTER,
                participant=step.case.participant,
                url=reverse("guidance:sickness_detail", args=[step.case_id]),
            )
            PoortwachterStep.objects.filter(pk=step.pk).update(reminded_on=today)
        count += 1
    return count


def sick_leave_by_month(lines, months: int, today: datetime.date) -> list[dict]:
    """Sick leave per month over the last ``months`` months: sick hours as a share of all
    recorded hours (worked plus every absence) on approved timesheets.

    ``lines`` is a TimesheetLine queryset already narrowed to what the user may see.
    """
    from django.db.models import Sum
    from django.db.models.functions import TruncMonth

    first = calendar.add_months(today, 1 - months)
    rows = (
        lines.filter(timesheet__status="approved", date__gte=first, date__lte=today)
        .annotate(month=TruncMonth("date"))
        .values("month", "kind")
        .annotate(total=Sum("hours"))
    )
    per_month: dict = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        entry = per_month.setdefault(month, {"sick": 0, "all": 0})
        entry["all"] += row["total"]
        if row["kind"] == "sick":
            entry["sick"] += row["total"]
    return [
        {
            "month": month,
            "sick_hours": values["sick"],
            "hours": values["all"],
            "rate": (values["sick"] / values["all"] * 100) if values["all"] else None,
        }
        for month, values in sorted(per_month.items())
    ]


def uncovered_sick_days(timesheet) -> list[datetime.date]:
    """Days with sick hours on the timesheet that no sick report covers."""
    sick_dates = sorted(set(timesheet.lines.filter(kind="sick").values_list("date", flat=True)))
    if not sick_dates:
        return []
    cases = list(
        SicknessCase.objects.filter(
            participant_id=timesheet.participant_id, first_sick_day__lte=sick_dates[-1]
        ).values_list("first_sick_day", "recovered_on")
    )
    return [
        day
        for day in sick_dates
        if not any(first <= day and (end is None or day < end) for first, end in cases)
    ]
