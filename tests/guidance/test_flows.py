"""Guidance flows on the test world: sick reports, timesheets, payroll locking and
corrections, signals, check-ins and their audit, and who sees what."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.guidance import absence, payroll, sickness, signals, timesheets
from basisbaan.guidance.models import (
    CheckIn,
    CoachingPlan,
    EarlyWarningRule,
    HourKind,
    Notification,
    PayrollExport,
    PayrollLine,
    PoortwachterStep,
    SicknessCase,
    Signal,
    Timesheet,
    TimesheetLine,
)
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import BijstandsNorm, Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
D = dt.date
T = WORLD_TODAY  # every date below is relative to the test world's today
THIS_MONDAY = calendar.monday(T)
DAY = dt.timedelta(days=1)
LONG_AGO = T - 22 * DAY  # a day to close the world's open sickness cases on


def first_monday(month: dt.date) -> dt.date:
    """The first Monday of ``month`` (its Monday to Thursday lie in that month)."""
    return month + (7 - month.weekday()) % 7 * DAY


def later_monday(months: int) -> dt.date:
    """A Monday months after the test world's data, at the start of its month."""
    return first_monday(calendar.add_months(T, months))


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def grid_rows(**per_kind):
    rows = []
    for kind, hours in per_kind.items():
        row = timesheets.Row(kind=kind, task_label="Buurthuis" if kind == "worked" else "")
        row.hours = [Decimal(str(h)) for h in hours]
        rows.append(row)
    return rows


# --- sick reports --------------------------------------------------------------------------


def test_sick_report_creates_the_timeline_and_notifies_employer_and_coach(
    login, user, person, django_capture_on_commit_callbacks
):
    SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).update(
        recovered_on=LONG_AGO
    )
    mail.outbox.clear()
    client = login("begeleider-groningen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("guidance:sick_report", args=[person.pk]),
            {"first_sick_day": (T - 4 * DAY).isoformat(), "extent": "full", "expected_days": "5"},
        )
    assert response.status_code == 302
    case = SicknessCase.objects.get(participant=person, recovered_on__isnull=True)
    first = T - 4 * DAY
    assert case.first_sick_day == first
    assert case.reported_by == user("begeleider-groningen")
    assert {s.code: s.due_date for s in case.steps.all()} == {
        "company_doctor": first + 6 * DAY,  # the last day of week 1
        "problem_analysis": first + 41 * DAY,  # of week 6
        "plan_of_action": first + 55 * DAY,  # of week 8
        "uwv_report": first + 293 * DAY,  # of week 42
    }
    recipients = set(
        Notification.objects.filter(kind="sick_report", participant=person).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"planner-groningen", "coach-groningen"} <= recipients
    assert "begeleider-groningen" not in recipients
    assert any("coach-groningen@example.org" in m.to for m in mail.outbox)
    assert all(person.surname not in m.body for m in mail.outbox)  # no personal data by mail
    # Notifications go to staff, who are addressed with "je" (participants read "u").
    assert all(" je " in m.body and " uw " not in m.body for m in mail.outbox)
    # The coach sees the notification.
    page = login("coach-groningen").get(reverse("guidance:notifications"))
    assert person.display_name in page.content.decode()


def test_bad_sick_report_changes_nothing(login, person):
    before = SicknessCase.objects.count()
    client = login("begeleider-groningen")
    future = (T + 3 * DAY).isoformat()
    response = client.post(
        reverse("guidance:sick_report", args=[person.pk]),
        {"first_sick_day": future, "extent": "full"},
    )
    assert response.status_code == 200
    assert "first_sick_day" in response.context["form"].errors
    response = client.post(
        reverse("guidance:sick_report", args=[person.pk]),
        {"first_sick_day": (T - 3 * DAY).isoformat(), "extent": "partial"},
    )
    assert response.status_code == 200
    assert SicknessCase.objects.count() == before


def test_second_open_case_and_recovery(user, person):
    SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).update(
        recovered_on=LONG_AGO
    )
    staff = user("begeleider-groningen")
    case = sickness.report_sick(person, staff, T - 13 * DAY, "full", today=T)
    with pytest.raises(ValidationError):
        sickness.report_sick(person, staff, T - 11 * DAY, "full", today=T)
    with pytest.raises(ValidationError):
        sickness.report_recovered(case, staff, T - 13 * DAY, today=T)
    sickness.report_recovered(case, staff, T - 7 * DAY, today=T)
    case.refresh_from_db()
    assert case.recovered_on == T - 7 * DAY
    # Closed cases drop out of the employer's to-do list.
    assert not sickness.open_steps(PoortwachterStep.objects.filter(case=case), T).exists()


def test_reminders_go_to_planners_once_a_week(user, person, groningen):
    SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).update(
        recovered_on=LONG_AGO
    )
    case = sickness.report_sick(person, user("planner-groningen"), T - 34 * DAY, "full", today=T)
    # Company doctor overdue (6 days later), problem analysis due within the week (T + 7).
    due = sickness.open_steps(PoortwachterStep.objects.filter(case=case), T)
    assert [s.code for s in due] == ["company_doctor", "problem_analysis"]
    Notification.objects.all().delete()
    sent = sickness.send_reminders(groningen, today=T)
    assert sent >= 1
    assert Notification.objects.filter(
        kind="poortwachter", recipient__username="planner-groningen", participant=person
    ).exists()
    assert sickness.send_reminders(groningen, today=T) == 0


def test_absent_days_combines_sickness_and_timesheet_absence(user, person, groningen):
    SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).update(
        recovered_on=LONG_AGO
    )
    monday = later_monday(2)
    SicknessCase.objects.create(
        participant=person, first_sick_day=monday, extent="full", recovered_on=monday + 2 * DAY
    )
    SicknessCase.objects.create(  # partly sick: still at work, so not absent
        participant=person,
        first_sick_day=monday + 28 * DAY,
        extent="partial",
        partial_percentage=50,
    )
    sheet = Timesheet.objects.create(participant=person, week_start=monday + calendar.WEEK)
    timesheets.save_rows(
        sheet,
        grid_rows(worked=[4, 0, 0, 0, 0, 0, 0], leave=[4, 8, 0, 0, 0, 0, 0]),
        user("begeleider-groningen"),
    )
    days = absence.absent_days(groningen, monday - 3 * DAY, monday + 34 * DAY)[person.pk]
    assert days == {monday, monday + DAY, monday + 8 * DAY}


# --- timesheets ----------------------------------------------------------------------------


def test_timesheet_grid_through_the_ui(login, person):
    Timesheet.objects.filter(participant=person, week_start=THIS_MONDAY).delete()
    client = login("begeleider-groningen")
    url = reverse("guidance:timesheet", args=[person.pk, THIS_MONDAY.isoformat()])
    data = {"row_count": "2", "kind_0": "worked", "task_0": "Buurthuis", "kind_1": "sick"}
    data.update({f"h_0_{d}": "6,5" for d in range(3)})
    data["h_1_3"] = "6:30"
    data["version"] = "0"  # a week not started yet: version 0
    response = client.post(url, {**data, "action": "submit"})
    assert response.status_code == 302
    sheet = Timesheet.objects.get(participant=person, week_start=THIS_MONDAY)
    assert sheet.status == "submitted"
    total = timesheets.totals(sheet.lines.all())
    assert total["worked"] == Decimal("19.5") and total["sick"] == Decimal("6.5")
    # Submitted: guidance staff cannot change it any more.
    client.post(url, {**data, "h_0_4": "8", "version": sheet.version})
    assert timesheets.totals(sheet.lines.all())["worked"] == Decimal("19.5")
    page = client.get(url).content.decode()
    assert "Goedkeuren" not in page
    # The planner approves.
    planner = login("planner-groningen")
    assert planner.post(reverse("guidance:timesheet_approve", args=[sheet.pk])).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "approved"


def test_bad_timesheet_input_changes_nothing(login, person):
    next_monday = THIS_MONDAY + calendar.WEEK
    sheet, _ = Timesheet.objects.get_or_create(participant=person, week_start=next_monday)
    Timesheet.objects.filter(pk=sheet.pk).update(status="draft")
    client = login("begeleider-groningen")
    url = reverse("guidance:timesheet", args=[person.pk, next_monday.isoformat()])
    before = list(sheet.lines.values_list("pk", flat=True))
    for bad in ("abc", "25", "1.1", "-2"):
        response = client.post(url, {"row_count": "1", "kind_0": "worked", "h_0_0": bad})
        assert response.status_code == 200
        assert list(sheet.lines.values_list("pk", flat=True)) == before
    data = {"row_count": "2", "kind_0": "worked", "h_0_0": "16", "kind_1": "leave", "h_1_0": "9"}
    response = client.post(url, {**data, "version": Timesheet.objects.get(pk=sheet.pk).version})
    assert response.status_code == 200
    assert "24" in response.content.decode()
    assert list(sheet.lines.values_list("pk", flat=True)) == before
    assert (
        client.get(
            reverse("guidance:timesheet", args=[person.pk, (THIS_MONDAY + DAY).isoformat()])
        ).status_code
        == 404
    )


def test_shortfall_against_contract(user, person):
    sheet = Timesheet.objects.create(
        participant=person, week_start=later_monday(2), contract_hours=Decimal("32")
    )
    timesheets.save_rows(
        sheet, grid_rows(worked=[8, 8, 6, 0, 0, 0, 0], holiday=[0, 0, 0, 0, 0, 0, 0]), user("admin")
    )
    summary = timesheets.summary(sheet, planned=24.0)
    assert summary["contract_shortfall"] == Decimal("10")
    assert summary["plan_shortfall"] == Decimal("2")


# --- payroll -------------------------------------------------------------------------------


def _approved_week(person, monday, rows, approver):
    sheet, _ = Timesheet.objects.get_or_create(participant=person, week_start=monday)
    Timesheet.objects.filter(pk=sheet.pk).update(status="draft")
    sheet.refresh_from_db()
    timesheets.save_rows(sheet, rows, approver)
    Timesheet.objects.filter(pk=sheet.pk).update(status="submitted")
    timesheets.approve(sheet, approver)
    return sheet


def test_export_totals_equal_timesheet_totals_then_lock_and_correct(user, person, groningen):
    planner, finance = user("planner-groningen"), user("financien-groningen")
    october = calendar.previous_month(T)  # the last month that has ended
    assert payroll.exportable_month(groningen, T) == october
    export = payroll.export_month(groningen, october, finance, T)
    lines = export.lines.filter(kind="regular")
    # Every regular line equals the approved timesheet hours of October.
    for line in lines:
        approved = timesheets.totals(
            entry
            for t in Timesheet.objects.filter(participant=line.participant, status="approved")
            for entry in t.lines.filter(date__month=october.month, date__year=october.year)
        )
        assert line.worked == approved[HourKind.WORKED]
        assert line.sick == approved[HourKind.SICK]
        assert line.leave == approved[HourKind.LEAVE]
        assert line.holiday == approved[HourKind.HOLIDAY]
    # The CSV carries the same figures in the documented layout.
    content = list(csv.reader(io.StringIO(payroll.to_csv(export))))
    assert content[0] == payroll.COLUMNS
    worked_csv = sum(Decimal(r[8]) for r in content[1:] if r[2] == "regular")
    assert worked_csv == sum(line.worked for line in lines)

    # Locked: not again, and the month after has not ended yet.
    with pytest.raises(ValidationError):
        payroll.export_month(groningen, october, finance, T)
    with pytest.raises(ValidationError):
        payroll.export_month(groningen, calendar.month_start(T), finance, T)
    frozen = list(export.lines.values_list("pk", "worked", "sick"))

    # A later change in October: a correction in November's export, October untouched.
    person_line = export.lines.filter(participant=person, kind="regular").first()
    _approved_week(
        person,
        calendar.monday(calendar.month_end(october)),  # its Monday lies in that month
        grid_rows(worked=[1, 0, 0, 0, 0, 0, 0], sick=[0, 0, 0, 0, 0, 0, 0]),
        planner,
    )
    november = payroll.lock_month(groningen, calendar.month_start(T), finance)
    assert list(export.lines.values_list("pk", "worked", "sick")) == frozen
    correction = november.lines.get(participant=person, kind="correction")
    assert correction.period == october
    old_oct_week = person_line.worked if person_line else Decimal("0")
    assert correction.worked != 0
    now_oct = payroll.current_hours(groningen, [october])[(person.pk, october)]
    assert (person_line.worked if person_line else 0) + correction.worked == now_oct.worked
    assert old_oct_week + correction.worked == now_oct.worked
    # And the month after that has nothing more to correct for October.
    again = payroll.preview(groningen, calendar.next_month(T))
    assert not [row for row in again if row[1] == october]


def test_export_view_and_downloads(login, groningen):
    client = login("financien-groningen")
    last_ended = calendar.previous_month(T)
    response = client.post(
        reverse("guidance:payroll_export"), {"month": last_ended.isoformat(), "confirm": "on"}
    )
    export = PayrollExport.objects.get(municipality=groningen, month=last_ended)
    assert response.status_code == 302
    csv_response = client.get(reverse("guidance:payroll_download", args=[export.pk, "csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response.content.decode().splitlines()[0] == ",".join(payroll.COLUMNS)
    xlsx = client.get(reverse("guidance:payroll_download", args=[export.pk, "xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == payroll.COLUMNS
    assert sheet.max_row == export.lines.count() + 1
    assert (
        AuditEntry.objects.filter(
            object_type="guidance.payrollexport", object_id=str(export.pk), action="export"
        ).count()
        == 2
    )
    # Exporting the same month again is refused and changes nothing.
    count = PayrollLine.objects.count()
    client.post(
        reverse("guidance:payroll_export"), {"month": last_ended.isoformat(), "confirm": "on"}
    )
    assert PayrollLine.objects.count() == count


# --- coaching ------------------------------------------------------------------------------


def checkin_data(**overrides):
    data = {
        "date": (T - 3 * DAY).isoformat(),
        "work_fit": "4",
        "work_satisfaction": "4",
        "work_relations": "5",
        "household": "single",
        "net_income_eur": "1600.00",
        "has_debts": "yes",
        "debt_help": "yes",
        "self_rated_health": "3",
        "social_contacts": "weekly",
        "self_confidence": "7",
        "who5_1": "2",
        "who5_2": "2",
        "who5_3": "2",
        "who5_4": "3",
        "who5_5": "2",
    }
    data.update(overrides)
    return data


def test_checkin_scores_compares_income_and_raises_a_signal(login, person):
    signals.ensure_rules(person.municipality)
    Signal.objects.filter(participant=person).delete()
    client = login("coach-groningen")
    response = client.post(reverse("guidance:checkin_create", args=[person.pk]), checkin_data())
    assert response.status_code == 302
    checkin = CheckIn.objects.filter(participant=person).order_by("-pk").first()
    assert checkin.who5_raw == 11 and checkin.who5_score == 44 and checkin.who5_poor
    norm = BijstandsNorm.on(T - 3 * DAY).single_eur  # the norm for a single person that day
    assert checkin.norm_eur == norm
    assert checkin.income_vs_norm == Decimal("1600.00") - norm
    signal = Signal.objects.get(participant=person, rule__kind="who5_low", status="open")
    assert "11" in signal.reason
    assert Notification.objects.filter(
        kind="signal", recipient__username="coach-groningen", participant=person
    ).exists()


def test_incomplete_checkin_changes_nothing(login, person):
    before = CheckIn.objects.count()
    client = login("coach-groningen")
    response = client.post(
        reverse("guidance:checkin_create", args=[person.pk]), checkin_data(who5_3="", who5_4="9")
    )
    assert response.status_code == 200
    assert CheckIn.objects.count() == before


def test_every_read_of_a_checkin_is_audited(login, person):
    checkin = CheckIn.objects.filter(participant=person, held=True).first()
    client = login("coach-groningen")
    count = lambda: AuditEntry.objects.filter(  # noqa: E731
        object_type="guidance.checkin", object_id=str(checkin.pk), action="read"
    ).count()
    before = count()
    client.get(reverse("guidance:checkin_detail", args=[checkin.pk]))
    assert count() == before + 1
    client.get(reverse("guidance:coach_participant", args=[person.pk]))
    assert count() == before + 2


def test_history_chart_is_server_rendered_svg(login, person):
    page = login("coach-groningen").get(reverse("guidance:coach_participant", args=[person.pk]))
    html = page.content.decode()
    assert "<svg" in html and "<polyline" in html
    assert "<script" not in html.split("<main", 1)[1]


def test_two_missed_contacts_raise_a_signal(user, person):
    from basisbaan.guidance import checkins

    signals.ensure_rules(person.municipality)
    Signal.objects.filter(participant=person).delete()
    coach = user("coach-groningen")
    checkins.record_missed(person, coach, T - 3 * DAY, today=T)
    checkins.record_missed(person, coach, T - DAY, today=T)
    assert Signal.objects.filter(participant=person, rule__kind="missed_contacts").exists()


def test_switched_off_rule_raises_nothing(user, person):
    from basisbaan.guidance import checkins

    signals.ensure_rules(person.municipality)
    EarlyWarningRule.objects.filter(municipality=person.municipality).update(active=False)
    Signal.objects.filter(participant=person).delete()
    coach = user("coach-groningen")
    checkins.record_missed(person, coach, T - 3 * DAY, today=T)
    checkins.record_missed(person, coach, T - DAY, today=T)
    assert not Signal.objects.filter(participant=person).exists()


def test_coach_adjusts_hours_from_a_signal_audited_and_closes_it(login, person):
    signals.ensure_rules(person.municipality)
    rule = EarlyWarningRule.objects.get(
        municipality=person.municipality, kind="hours_below_contract"
    )
    Signal.objects.filter(participant=person).delete()
    signal = Signal.objects.create(participant=person, rule=rule, reason="x", raised_on=T)
    client = login("coach-groningen")
    url = reverse("guidance:signal_detail", args=[signal.pk])
    assert 'name="action" value="replan"' in client.get(url).content.decode()  # re-plan form
    response = client.post(
        url,
        {
            "action": "adjust",
            "contract_hours": "20",
            "reason": "",
            "wishes": person.wishes,
            "limitations": person.limitations,
            "version": person.version,  # as read from the page
        },
    )
    person.refresh_from_db()
    assert person.contract_hours != 20  # a change of hours needs a reason
    response = client.post(
        url,
        {
            "action": "adjust",
            "contract_hours": "20",
            "reason": "Lichter rooster na gesprek",
            "wishes": person.wishes,
            "limitations": [*person.limitations, "no_heavy_physical"],
            "version": person.version,  # the refused change left it as it was
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.contract_hours == 20 and "no_heavy_physical" in person.limitations
    entry = AuditEntry.objects.filter(
        object_type="participants.participant", object_id=str(person.pk), action="update"
    ).latest("pk")
    assert "contract_hours" in entry.fields
    client.post(url, {"action": "replan", "reason": "Minder uren"})
    client.post(url, {"action": "close", "note": "Uren verlaagd, herplanning gevraagd"})
    signal.refresh_from_db()
    assert signal.status == "handled"


# --- scope ---------------------------------------------------------------------------------


def test_guidance_staff_see_only_their_own_organisations_participants(login, user):
    staff = user("begeleider-groningen")
    organisation = staff.role_assignments.get().organisation
    page = login("begeleider-groningen").get(reverse("guidance:work_list"))
    shown = {p.pk for p in page.context["object_list"]}
    assert shown
    assert set(
        Participant.objects.filter(pk__in=shown).values_list("guidance_organisation", flat=True)
    ) == {organisation.pk}
    other = (
        Participant.objects.filter(municipality__cbs_code="GM0014")
        .in_service()
        .exclude(guidance_organisation=organisation)
        .first()
    )
    client = login("begeleider-groningen")
    assert client.get(reverse("guidance:work_participant", args=[other.pk])).status_code == 404
    assert client.get(reverse("guidance:coach_participant", args=[shown.pop()])).status_code == 404


def test_coach_caseload_is_their_own(login, user):
    page = login("coach-groningen").get(reverse("guidance:caseload"))
    coaches = {row.participant.coach_id for row in page.context["rows"]}
    assert coaches == {user("coach-groningen").pk}


def test_finance_sees_no_health_or_wellbeing(login, person):
    client = login("financien-groningen")
    assert client.get(reverse("guidance:sickness_list")).status_code == 403
    assert client.get(reverse("guidance:signals")).status_code == 403
    assert client.get(reverse("guidance:coach_participant", args=[person.pk])).status_code == 404
    assert client.get(reverse("guidance:payroll")).status_code == 200


def test_empty_week_is_prefilled_from_the_published_plan(login, person):
    from basisbaan.planning import services

    week = THIS_MONDAY
    Timesheet.objects.filter(participant=person, week_start=week).delete()
    planned = services.published_hours([person.pk], week)[person.pk]
    page = login("begeleider-groningen").get(
        reverse("guidance:timesheet", args=[person.pk, week.isoformat()])
    )
    rows = [r for r in page.context["rows"] if r.total]
    if planned:
        assert page.context["suggestion"] == "plan"
        assert float(sum(r.total for r in rows)) == pytest.approx(planned, abs=0.25)
    else:
        assert page.context["suggestion"] in ("", "previous")
    assert not Timesheet.objects.filter(participant=person, week_start=week).exists()


def test_daily_command_sends_reminders_and_runs_rules(capsys):
    from django.core.management import call_command

    call_command("guidance_daily")
    out = capsys.readouterr().out
    assert "GM0014:" in out and "GM0106:" in out


def test_planner_approves_ticked_timesheets_in_one_go(login, person):
    sheets = list(
        Timesheet.objects.filter(participant__municipality__cbs_code="GM0014").order_by("pk")[:3]
    )
    Timesheet.objects.filter(pk__in=[t.pk for t in sheets]).update(status="submitted")
    assessen = Timesheet.objects.filter(participant__municipality__cbs_code="GM0106").first()
    Timesheet.objects.filter(pk=assessen.pk).update(status="submitted")
    client = login("planner-groningen")
    page = client.get(reverse("guidance:timesheets"))
    assert "bulk-approve" in page.content.decode()
    response = client.post(
        reverse("guidance:timesheets_approve"),
        {"timesheet": [sheets[0].pk, sheets[1].pk, assessen.pk]},
    )
    assert response.status_code == 302
    statuses = dict(
        Timesheet.objects.filter(pk__in=[t.pk for t in sheets]).values_list("pk", "status")
    )
    assert statuses == {
        sheets[0].pk: "approved",
        sheets[1].pk: "approved",
        sheets[2].pk: "submitted",
    }
    assessen.refresh_from_db()
    assert assessen.status == "submitted"  # another municipality's: out of scope


def test_rows_may_name_only_own_municipality_tasks(user, person):
    from basisbaan.communitytasks.models import Task

    own = Task.objects.filter(municipality=person.municipality).first()
    other = Task.objects.filter(municipality__cbs_code="GM0106").first()
    sheet = Timesheet.objects.create(participant=person, week_start=later_monday(3))
    row = timesheets.Row(kind="worked", task_label=own.title[:120], task_id=own.pk)
    row.hours[0] = Decimal("4")
    timesheets.save_rows(sheet, [row], user("begeleider-groningen"))
    assert sheet.lines.get().task == own
    assert timesheets.rows_of(sheet)[0].task_id == own.pk
    row.task_id = other.pk
    with pytest.raises(ValidationError):
        timesheets.save_rows(sheet, [row], user("begeleider-groningen"))
    assert sheet.lines.get().task == own  # unchanged


def test_payroll_api_gives_the_documented_columns_and_is_audited(login, groningen):
    export = PayrollExport.objects.filter(municipality=groningen).first()
    client = login("financien-groningen")
    listing = client.get("/api/v1/payroll-exports/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert {r["municipality_code"] for r in rows} == {"GM0014"}
    assert "lines" not in rows[0]
    before = AuditEntry.objects.filter(object_type="guidance.payrollexport").count()
    detail = client.get(f"/api/v1/payroll-exports/{export.pk}/").json()
    assert list(detail["lines"][0]) == payroll.COLUMNS
    assert len(detail["lines"]) == export.lines.count()
    assert AuditEntry.objects.filter(object_type="guidance.payrollexport").count() == before + 1


def test_returned_timesheet_reaches_the_guidance_staff(user, person):
    sheet, _ = Timesheet.objects.get_or_create(
        participant=person,
        week_start=THIS_MONDAY - 2 * calendar.WEEK,
        defaults={"status": "submitted"},
    )
    Timesheet.objects.filter(pk=sheet.pk).update(status="submitted")
    timesheets.return_for_correction(sheet, user("planner-groningen"), "Dinsdag ontbreekt.")
    notified = set(
        Notification.objects.filter(kind="timesheet", participant=person).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"begeleider-groningen"}


def test_sick_leave_per_month_and_sick_hours_without_report(user, person):
    staff = user("begeleider-groningen")
    SicknessCase.objects.filter(participant=person).delete()
    monday = later_monday(4)
    sheet = Timesheet.objects.create(participant=person, week_start=monday)
    timesheets.save_rows(
        sheet, grid_rows(worked=[8, 8, 8, 0, 0, 0, 0], sick=[0, 0, 0, 8, 0, 0, 0]), staff
    )
    assert sickness.uncovered_sick_days(sheet) == [monday + 3 * DAY]
    SicknessCase.objects.create(participant=person, first_sick_day=monday + 3 * DAY, extent="full")
    assert sickness.uncovered_sick_days(sheet) == []
    Timesheet.objects.filter(pk=sheet.pk).update(status="approved")
    rates = sickness.sick_leave_by_month(
        TimesheetLine.objects.filter(timesheet=sheet), 12, calendar.month_end(monday)
    )
    assert [(r["month"], r["sick_hours"], r["hours"], r["rate"]) for r in rates] == [
        (calendar.month_start(monday), Decimal("8"), Decimal("32"), Decimal("25"))
    ]


def test_sick_leave_page_shows_the_demo_rates(login):
    # The small test world has a dozen people, one long-term sick: a few percent up to
    # about ten (the full demo lands near 4 %).
    page = login("planner-groningen").get(reverse("guidance:sickness_list"))
    rates = page.context["rates"]
    sick = sum(r["sick_hours"] for r in rates)
    total = sum(r["hours"] for r in rates)
    assert total > 0 and 0.5 < sick / total * 100 < 15
    assert "Verzuim per maand" in page.content.decode()


def test_small_form_actions_refuse_bad_input_and_save_good_input(login, person):
    client = login("coach-groningen")
    url = reverse("guidance:cadence", args=[person.pk])
    bad = client.post(url, {"cadence_weeks": "99"}, follow=True)
    assert "Kies een ritme tussen 1 en 26 weken." in bad.content.decode()
    assert not CoachingPlan.objects.filter(participant=person, cadence_weeks=99).exists()
    good = client.post(url, {"cadence_weeks": "6"})
    assert good.status_code == 302
    assert good.url == reverse("guidance:coach_participant", args=[person.pk])
    assert CoachingPlan.objects.get(participant=person).cadence_weeks == 6
