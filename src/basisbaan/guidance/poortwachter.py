"""The Wet verbetering poortwachter timeline of a sickness case.

Week 1 of a sickness case starts on the first sick day; "by week N" means no later than
the last day of week N. The steps are national law, the same for every municipality:

- report to the company doctor within a week (by the end of week 1);
- problem analysis by the company doctor by week 6;
- plan of action agreed with the employee by week 8;
- report to UWV (the "42nd-week report") in week 42.

The employer (programme staff) gets reminders for steps that fall due within
``REMIND_DAYS_AHEAD`` days and for overdue steps.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REMIND_DAYS_AHEAD = 7


@dataclass(frozen=True)
class Step:
    code: str
    label: object
    by_week: int
    window_start_week: int | None = None  # "in week 42": not before this week either


STEPS: tuple[Step, ...] = (
    Step("company_doctor", _("Report to the company doctor"), 1),
    Step("problem_analysis", _("Problem analysis by the company doctor"), 6),
    Step("plan_of_action", _("Plan of action agreed"), 8),
    Step("uwv_report", _("Report to UWV (42nd-week report)"), 42, window_start_week=42),
)
STEP_CHOICES = [(step.code, step.label) for step in STEPS]
STEP_BY_CODE = {step.code: step for step in STEPS}


def week_start(first_sick_day: datetime.date, week: int) -> datetime.date:
    """First day of sickness week ``week`` (week 1 starts on the first sick day)."""
    return first_sick_day + datetime.timedelta(days=7 * (week - 1))


def due_date(first_sick_day: datetime.date, step: Step) -> datetime.date:
    """The last day on which ``step`` is on time: the last day of its week."""
    return first_sick_day + datetime.timedelta(days=7 * step.by_week - 1)


def earliest_date(first_sick_day: datetime.date, step: Step) -> datetime.date | None:
    if step.window_start_week is None:
        return None
    return week_start(first_sick_day, step.window_start_week)


def timeline(first_sick_day: datetime.date) -> list[tuple[Step, datetime.date]]:
    """Every step with its due date, in order."""
    return [(step, due_date(first_sick_day, step)) for step in STEPS]


def urgency(due: datetime.date, today: datetime.date, done: bool) -> str:
    """``done``, ``overdue``, ``due_soon`` (within the reminder horizon) or ``later``."""
    if done:
        return "done"
    if due < today:
        return "overdue"
    if (due - today).days <= REMIND_DAYS_AHEAD:
        return "due_soon"
    return "later"


def sickness_week(first_sick_day: datetime.date, today: datetime.date) -> int:
    """The current sickness week number (1 on the first sick day)."""
    return max(1, (today - first_sick_day).days // 7 + 1)
