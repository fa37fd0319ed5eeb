"""Guidance and coaching: sickness cases with their poortwachter steps, weekly timesheets,
work-floor notes, the coach's check-ins, early-warning rules and signals, in-app
notifications and the locked monthly payroll exports.

No diagnosis is ever asked or stored: a sickness case holds dates and extent only.
Domain logic lives in the named modules (``sickness``, ``timesheets``, ``checkins``,
``signals``, ``payroll``, ``notifications``); views call those.
"""

from basisbaan.guidance.models.base import ParticipantScoped
from basisbaan.guidance.models.coaching import (
    CheckIn,
    CoachingPlan,
    EarlyWarningRule,
    Signal,
    WorkNote,
)
from basisbaan.guidance.models.leave import LeaveRequest
from basisbaan.guidance.models.notifications import Notification
from basisbaan.guidance.models.payroll import PayrollExport, PayrollLine
from basisbaan.guidance.models.rounds import MeasurementRound, RoundSchedule
from basisbaan.guidance.models.sickness import PoortwachterStep, SicknessCase
from basisbaan.guidance.models.timesheets import ABSENCE_KINDS, HourKind, Timesheet, TimesheetLine

__all__ = [
    "ABSENCE_KINDS",
    "CheckIn",
    "CoachingPlan",
    "EarlyWarningRule",
    "HourKind",
    "LeaveRequest",
    "MeasurementRound",
    "Notification",
    "ParticipantScoped",
    "PayrollExport",
    "PayrollLine",
    "PoortwachterStep",
    "RoundSchedule",
    "Signal",
    "SicknessCase",
    "Timesheet",
    "TimesheetLine",
    "WorkNote",
]
