"""Authorization rules of the guidance app: the guidance portal, the coach's caseload and
check-ins, notifications and payroll. Objects are Groningen's, so Assen accounts get 404;
guidance staff never reach check-ins or signals."""

import datetime

from basisbaan.accounts.models import User
from basisbaan.guidance import signals
from basisbaan.guidance.models import (
    CheckIn,
    EarlyWarningRule,
    Notification,
    PayrollExport,
    SicknessCase,
    Signal,
    Timesheet,
)
from basisbaan.participants.models import Participant
from tests.access.rules import EVERYONE, PLANNERS, Rule

STAFF = EVERYONE - {"aanbieder-groningen", "deelnemer-groningen", "partner-assen"}
WORK = {"admin", "planner-groningen", "coach-groningen", "begeleider-groningen"}
WORK_VIEWERS = PLANNERS | {"coach-groningen", "coach-assen", "begeleider-groningen"}
REPORTERS = {"admin", "planner-groningen", "begeleider-groningen"}
EMPLOYER = {"admin", "planner-groningen"}
COACH = {"coach-groningen"}
COACHES = {"coach-groningen", "coach-assen"}
PAYROLL = {"admin", "planner-groningen", "financien-groningen"}


def person():
    """Groningen's demo participant: coach-groningen's caseload, begeleider-groningen's org."""
    return Participant.objects.get(user__username="deelnemer-groningen")


def participant():
    return {"pk": person().pk}


def week():
    monday = datetime.date(2026, 11, 16)
    return {"pk": person().pk, "week": monday.isoformat()}


def case():
    found, _ = SicknessCase.objects.get_or_create(
        participant=person(),
        first_sick_day=datetime.date(2026, 6, 1),
        defaults={"extent": "full", "recovered_on": datetime.date(2026, 6, 4)},
    )
    return found


def sickness_case():
    return {"pk": case().pk}


def step():
    from basisbaan.guidance.models import PoortwachterStep

    found, _ = PoortwachterStep.objects.get_or_create(
        case=case(), code="company_doctor", defaults={"due_date": datetime.date(2026, 6, 7)}
    )
    return {"pk": found.pk}


def timesheet():
    found, _ = Timesheet.objects.get_or_create(
        participant=person(),
        week_start=datetime.date(2026, 11, 9),
        defaults={"status": "submitted", "contract_hours": 32},
    )
    return {"pk": found.pk}


def checkin():
    found = CheckIn.objects.filter(participant=person()).first() or CheckIn.objects.create(
        participant=person(), date=datetime.date(2026, 10, 1), held=False
    )
    return {"pk": found.pk}


def signal():
    p = person()
    signals.ensure_rules(p.municipality)
    rule = EarlyWarningRule.objects.get(municipality=p.municipality, kind="missed_contacts")
    found = Signal.objects.filter(participant=p, rule=rule).first() or Signal.objects.create(
        participant=p, rule=rule, reason="test", raised_on=datetime.date(2026, 11, 1)
    )
    return {"pk": found.pk}


def notification():
    p = person()
    found = Notification.objects.create(
        recipient=User.objects.get(username="coach-groningen"),
        municipality=p.municipality,
        kind="sick_report",
        participant=p,
        url="/coach/caseload/",
    )
    return {"pk": found.pk}


def payroll_export():
    return {"pk": PayrollExport.objects.filter(municipality__cbs_code="GM0014").first().pk}


def payroll_download():
    return {**payroll_export(), "file_format": "csv"}


def today():
    return {"date": "2026-11-20", "recovered_on": "2026-06-04", "done_on": "2026-06-05"}


def leave_request():
    from basisbaan.guidance.models import LeaveRequest

    found, _ = LeaveRequest.objects.get_or_create(
        participant=person(),
        first_day=datetime.date(2026, 12, 21),
        defaults={"last_day": datetime.date(2026, 12, 22)},
    )
    return {"pk": found.pk}


def leave_answer():
    pk = leave_request()["pk"]
    return {f"leave{pk}-decision": "approve", f"leave{pk}-answer": "", f"leave{pk}-version": "0"}


def groningen_programme():
    from basisbaan.tenants.models import Programme

    return {"pk": Programme.objects.get(name="Basisbaan Groningen").pk}


RULES = [
    # Guidance portal
    Rule("guidance:work_list", WORK_VIEWERS),
    Rule("guidance:work_participant", WORK, kwargs=participant, denied=404),
    Rule(
        "guidance:work_note",
        WORK,
        kwargs=participant,
        method="post",
        data=lambda: {"kind": "note", "date": "2026-11-20", "text": "Op tijd begonnen."},
        ok=302,
        denied=404,
    ),
    Rule("guidance:sick_report", REPORTERS, kwargs=participant, denied=404),
    Rule("guidance:timesheet", WORK, kwargs=week, denied=404),
    Rule("guidance:sickness_list", WORK_VIEWERS),
    Rule("guidance:sickness_detail", WORK, kwargs=sickness_case, denied=404),
    Rule(
        "guidance:recovery",
        REPORTERS,
        kwargs=sickness_case,
        method="post",
        data=today,
        ok=302,
        denied=404,
    ),
    Rule("guidance:poortwachter", PLANNERS),
    Rule("guidance:poortwachter_remind", PLANNERS, method="post", ok=302),
    Rule(
        "guidance:step_done",
        EMPLOYER,
        kwargs=step,
        method="post",
        data=today,
        ok=302,
        denied=404,
    ),
    Rule("guidance:timesheets", WORK_VIEWERS),
    Rule(
        "guidance:timesheets_approve",
        PLANNERS,
        method="post",
        data=lambda: {"timesheet": [timesheet()["pk"]]},
        ok=302,
    ),
    Rule(
        "guidance:timesheet_approve",
        EMPLOYER,
        kwargs=timesheet,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule(
        "guidance:timesheet_return",
        EMPLOYER,
        kwargs=timesheet,
        method="post",
        data=lambda: {"reason": "Dinsdag klopt niet."},
        ok=302,
        denied=404,
    ),
    # Coach: own caseload only; guidance staff, finance and planners never see check-ins.
    Rule("guidance:caseload", COACHES),
    Rule("guidance:overdue", COACHES),
    Rule("guidance:coach_participant", COACH, kwargs=participant, denied=404),
    Rule("guidance:checkin_create", COACH, kwargs=participant, denied=404),
    # The coach's re-plan request from the participant's page (the coach's own caseload).
    Rule("guidance:coach_replan", COACH, kwargs=participant, denied=404),
    # Measurement rounds: the participant's own coach, and admins.
    Rule("guidance:round_create", COACH | {"admin"}, kwargs=participant, denied=404),
    # The programme's measurement schedule: who sets the programme's settings (tenants.manage).
    Rule("guidance:round_schedules", {"admin"}, kwargs=groningen_programme, denied=404),
    Rule(
        "guidance:checkin_missed",
        COACH,
        kwargs=participant,
        method="post",
        data=today,
        ok=302,
        denied=404,
    ),
    Rule(
        "guidance:cadence",
        COACH,
        kwargs=participant,
        method="post",
        data=lambda: {"cadence_weeks": 5},
        ok=302,
        denied=404,
    ),
    Rule("guidance:checkin_detail", COACH, kwargs=checkin, denied=404),
    Rule("guidance:signals", COACHES),
    Rule("guidance:signal_detail", COACH, kwargs=signal, denied=404),
    Rule("guidance:rules", PLANNERS),
    # Notifications: each user their own
    # Participant self-service: the participant's own pages only (no object in the URL).
    Rule("guidance:my_home", {"deelnemer-groningen"}),
    Rule("guidance:my_sick", {"deelnemer-groningen"}),
    Rule("guidance:my_recovered", {"deelnemer-groningen"}),
    Rule("guidance:my_leave", {"deelnemer-groningen"}),
    Rule("guidance:my_pay", {"deelnemer-groningen"}),
    Rule("guidance:my_work", {"deelnemer-groningen"}),
    # Leave requests: answered by the programme staff (Assen's planner: 404 on Groningen's).
    Rule("guidance:leave_requests", PLANNERS),
    Rule(
        "guidance:leave_answer",
        EMPLOYER,
        kwargs=leave_request,
        method="post",
        data=leave_answer,
        ok=302,
        denied=404,
    ),
    Rule("guidance:notifications", STAFF),
    Rule(
        "guidance:notification_open",
        COACH,
        kwargs=notification,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("guidance:notifications_read_all", STAFF, method="post", ok=302),
    # Payroll: finance and programme staff; no health or well-being pages
    Rule("guidance:payroll", PAYROLL | {"planner-assen", "financien-assen"}),
    Rule(
        "guidance:payroll_export",
        {"admin", "financien-groningen", "financien-assen"},
        method="post",
        data=lambda: {"month": "2026-10-01", "confirm": "on"},
        ok=302,
    ),
    Rule("guidance:payroll_confirm", {"admin", "financien-groningen", "financien-assen"}),
    Rule(
        "guidance:payroll_undo",
        {"admin", "financien-groningen"},
        kwargs=payroll_export,
        method="post",
        ok=302,
        denied=404,
    ),
    Rule("guidance:payroll_detail", PAYROLL, kwargs=payroll_export, denied=404),
    Rule("guidance:payroll_download", PAYROLL, kwargs=payroll_download, denied=404),
    # API: locked payroll exports for the HR system
    Rule("payrollexport-list", PAYROLL | {"planner-assen", "financien-assen"}, anonymous=403),
    Rule(
        "payrollexport-detail",
        PAYROLL,
        kwargs=payroll_export,
        denied=404,
        anonymous=403,
    ),
]
