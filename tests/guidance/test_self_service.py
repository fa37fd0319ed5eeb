"""Participant self-service ("Mijn basisbaan", issue 19 finding 9): a participant reports
sick and recovered as the guidance organisation does, asks for leave that the planner
answers (approved leave is absence of kind "leave" for planning), reads hours and an
estimate of pay per month from approved timesheets, and never reaches anyone else's data.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.guidance import absence, leave, selfservice
from basisbaan.guidance.models import (
    LeaveRequest,
    Notification,
    SicknessCase,
    Timesheet,
    TimesheetLine,
)
from basisbaan.guidance.payroll import contracted_for_month
from basisbaan.participants.models import Participant
from basisbaan.planning import registry as planning_registry
from basisbaan.privacy import registry as privacy_registry
from basisbaan.privacy.subject import collect
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
T = WORLD_TODAY
DAY = dt.timedelta(days=1)
LONG_AGO = T - 22 * DAY


@pytest.fixture
def person():
    found = Participant.objects.get(user__username="deelnemer-groningen")
    SicknessCase.objects.filter(participant=found, recovered_on__isnull=True).update(
        recovered_on=LONG_AGO
    )
    return found


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def test_the_start_page_is_in_the_participants_menu_only(login):
    client = login("deelnemer-groningen")
    page = client.get(reverse("guidance:my_home"))
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("planning:my_week", "guidance:my_sick", "guidance:my_leave", "guidance:my_pay"):
        assert reverse(name) in html
    assert "Waarom minder uren dan mijn contract?" in html
    assert "U krijgt betaald voor alle uren in uw contract" in html
    menu = [item["url"] for item in page.context["nav_items"]]
    assert reverse("guidance:my_home") in menu
    assert reverse("guidance:leave_requests") not in menu
    staff = login("planner-groningen").get(reverse("core:dashboard"))
    staff_menu = [item["url"] for item in staff.context["nav_items"]]
    assert reverse("guidance:my_home") not in staff_menu
    assert reverse("guidance:leave_requests") in staff_menu
    assert login("planner-groningen").get(reverse("guidance:my_home")).status_code == 403


def test_report_sick_reaches_the_guidance_organisation_and_the_coach(
    login, person, django_capture_on_commit_callbacks
):
    client = login("deelnemer-groningen")
    form = client.get(reverse("guidance:my_sick"))
    assert form.context["form"].initial["first_sick_day"] == T
    html = form.content.decode()
    assert "U hoeft niet te vertellen wat u heeft" in html
    assert "textarea" not in html  # no free text about the illness
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("guidance:my_sick"), {"first_sick_day": T.isoformat()})
    assert response.status_code == 302
    case = SicknessCase.objects.get(participant=person, recovered_on__isnull=True)
    assert case.first_sick_day == T and case.extent == "full"
    assert case.reported_by.username == "deelnemer-groningen"
    assert case.steps.count() == 4  # the poortwachter steps, as for a staff report
    recipients = set(
        Notification.objects.filter(kind="sick_report", participant=person).values_list(
            "recipient__username", flat=True
        )
    )
    assert {"begeleider-groningen", "coach-groningen", "planner-groningen"} <= recipients
    assert AuditEntry.objects.filter(
        object_type="guidance.sicknesscase", object_id=str(case.pk), action="create"
    ).exists()
    # The guidance organisation and the coach see it on their own pages.
    for username in ("begeleider-groningen", "coach-groningen"):
        staff = login(username)
        assert person.display_name in staff.get(reverse("guidance:notifications")).content.decode()
        assert staff.get(reverse("guidance:sickness_detail", args=[case.pk])).status_code == 200
    # The start page now offers "I am better again" instead.
    home = login("deelnemer-groningen").get(reverse("guidance:my_home")).content.decode()
    assert reverse("guidance:my_recovered") in home
    assert reverse("guidance:my_sick") not in home


def test_recovered_closes_the_case(login, person, user):
    from basisbaan.guidance import sickness

    case = sickness.report_sick(person, user("deelnemer-groningen"), T - 3 * DAY, "full", today=T)
    client = login("deelnemer-groningen")
    page = client.get(reverse("guidance:my_recovered"))
    assert page.context["form"].initial["recovered_on"] == T
    response = client.post(reverse("guidance:my_recovered"), {"recovered_on": T.isoformat()})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.recovered_on == T
    assert case.recovery_reported_by.username == "deelnemer-groningen"
    assert Notification.objects.filter(
        kind="recovery", participant=person, recipient__username="coach-groningen"
    ).exists()
    # Nothing open any more: the recovery page says so, and a second report changes nothing.
    assert (
        "U bent niet ziek gemeld" in client.get(reverse("guidance:my_recovered")).content.decode()
    )
    assert (
        client.post(reverse("guidance:my_recovered"), {"recovered_on": T.isoformat()}).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.recovered_on == T


def test_a_sick_report_in_the_future_is_refused(login, person):
    client = login("deelnemer-groningen")
    response = client.post(
        reverse("guidance:my_sick"), {"first_sick_day": (T + 2 * DAY).isoformat()}
    )
    assert response.status_code == 200
    assert "first_sick_day" in response.context["form"].errors
    assert not SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).exists()


def test_leave_request_answered_by_the_planner_is_leave_for_planning(login, person, groningen):
    first = calendar.monday(T) + 14 * DAY
    client = login("deelnemer-groningen")
    response = client.post(
        reverse("guidance:my_leave"),
        {"first_day": first.isoformat(), "last_day": (first + DAY).isoformat(), "note": "Bruiloft"},
    )
    assert response.status_code == 302
    request = LeaveRequest.objects.get(participant=person)
    assert request.status == "requested"
    assert planning_registry.absences(groningen, first, first + DAY).get(person.pk) in (None, set())

    # The planner sees it on their page and approves it.
    planner = login("planner-groningen")
    page = planner.get(reverse("guidance:leave_requests"))
    assert person.display_name in page.content.decode()
    prefix = f"leave{request.pk}"
    response = planner.post(
        reverse("guidance:leave_answer", args=[request.pk]),
        {
            f"{prefix}-decision": "approve",
            f"{prefix}-answer": "Veel plezier",
            f"{prefix}-version": "0",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.answered_by.username == "planner-groningen"
    # A second, stale answer changes nothing.
    planner.post(
        reverse("guidance:leave_answer", args=[request.pk]),
        {f"{prefix}-decision": "refuse", f"{prefix}-answer": "Toch niet", f"{prefix}-version": "0"},
    )
    request.refresh_from_db()
    assert request.status == "approved"

    # The participant sees the answer.
    html = login("deelnemer-groningen").get(reverse("guidance:my_leave")).content.decode()
    assert "Veel plezier" in html and "Goedgekeurd" in html
    # Planning: the days are absences of kind "leave", through the planning registry.
    kinds = absence.absence_kinds(groningen, first - DAY, first + 2 * DAY)[person.pk]
    assert kinds == {first: "leave", first + DAY: "leave"}
    reported = planning_registry.absence_kinds(groningen, first, first + DAY)[person.pk]
    assert reported == {first: "leave", first + DAY: "leave"}


def test_sickness_wins_over_leave_and_timesheet_absence_is_absent(person, groningen, user):
    first = calendar.monday(T) + 21 * DAY
    LeaveRequest.objects.create(
        participant=person, first_day=first, last_day=first + 2 * DAY, status="approved"
    )
    SicknessCase.objects.create(
        participant=person, first_sick_day=first + DAY, extent="full", recovered_on=first + 2 * DAY
    )
    kinds = absence.absence_kinds(groningen, first, first + 2 * DAY)[person.pk]
    assert kinds == {first: "leave", first + DAY: "sick", first + 2 * DAY: "leave"}


def test_refusal_needs_a_reason_and_leave_cannot_lie_in_the_past(person, user):
    with pytest.raises(Exception):
        leave.request_leave(person, user("deelnemer-groningen"), T - DAY, T, today=T)
    item = leave.request_leave(person, user("deelnemer-groningen"), T + DAY, T + DAY, today=T)
    with pytest.raises(Exception):
        leave.answer_leave(item, user("planner-groningen"), False, " ", 0)
    leave.answer_leave(item, user("planner-groningen"), False, "Te druk die dag", 0)
    item.refresh_from_db()
    assert item.status == "refused"


def test_leave_is_a_record_type_and_in_the_subject_export(person, user):
    codes = {rt.code for rt in privacy_registry.record_types()}
    assert "leave_requests" in codes
    leave.request_leave(person, user("deelnemer-groningen"), T + DAY, T + DAY, today=T)
    with translation.override("en"):
        sections = collect(person)["sections"]
    assert any(s["title"] == "Leave requests" and s["rows"] for s in sections)


def _approved_sheet(person, monday, worked, sick=Decimal("0")):
    Timesheet.objects.filter(participant=person, week_start=monday).delete()
    sheet = Timesheet.objects.create(
        participant=person, week_start=monday, status="approved", contract_hours=32
    )
    TimesheetLine.objects.create(timesheet=sheet, date=monday, kind="worked", hours=worked)
    if sick:
        TimesheetLine.objects.create(timesheet=sheet, date=monday + DAY, kind="sick", hours=sick)
    return sheet


def test_pay_per_month_from_approved_timesheets_and_the_dated_wage(login, person):
    month = calendar.previous_month(T)
    monday = month + (7 - month.weekday()) % 7 * DAY
    _approved_sheet(person, monday, Decimal("6.5"), Decimal("4"))
    months = {m.month: m for m in selfservice.pay_per_month(person, T)}
    entry = months[month]
    assert entry.worked >= Decimal("6.5")  # exact sums: test_approved_hours_are_counted_exactly
    # Contract hours are paid whatever is planned: per weekday hours/5 at that day's wage.
    contracts = list(person.contracts.all())
    spans = [(c.start_date, c.end_date, c.hours_per_week) for c in contracts]
    assert entry.contracted == contracted_for_month(spans, month)
    expected = Decimal("0")
    day = month
    while day <= calendar.month_end(month):
        if day.weekday() < 5:
            running = [c for c in contracts if c.is_active_on(day)]
            if running:
                contract = max(running, key=lambda c: c.start_date)
                expected += Decimal(contract.hours_per_week) / 5 * contract.wage_on(day).hourly
        day += DAY
    assert entry.gross == expected.quantize(Decimal("0.01"))
    assert entry.gross > 0
    # On the page: Dutch figures, and the estimate is named as one.
    html = login("deelnemer-groningen").get(reverse("guidance:my_pay")).content.decode()
    assert selfservice.euro(entry.gross) in html
    assert "," in selfservice.euro(entry.gross) and selfservice.euro(entry.gross).startswith("€ ")
    assert "schatting" in html and "loonstrook" in html


def test_approved_hours_are_counted_exactly(person):
    month = calendar.previous_month(T)
    first = month + (7 - month.weekday()) % 7 * DAY
    TimesheetLine.objects.filter(
        timesheet__participant=person, date__range=(month, calendar.month_end(month))
    ).delete()
    _approved_sheet(person, first, Decimal("6.5"), Decimal("4"))
    draft_monday = first + 7 * DAY
    Timesheet.objects.filter(participant=person, week_start=draft_monday).delete()
    draft = Timesheet.objects.create(
        participant=person, week_start=draft_monday, status="submitted"
    )
    TimesheetLine.objects.create(timesheet=draft, date=draft_monday, kind="worked", hours=8)
    entry = {m.month: m for m in selfservice.pay_per_month(person, T)}[month]
    assert entry.worked == Decimal("6.5")
    assert entry.sick == Decimal("4")


def test_euro_and_hours_are_dutch():
    with translation.override("nl"):
        assert selfservice.euro(Decimal("1234.5")) == "€ 1.234,50"
        assert selfservice.hours(Decimal("12.50")) == "12,5"
        assert selfservice.hours(Decimal("32.00")) == "32"


def test_a_participant_reaches_no_one_elses_data(login, person, user):
    other = (
        Participant.objects.filter(municipality=person.municipality).exclude(pk=person.pk).first()
    )
    their = LeaveRequest.objects.create(
        participant=other, first_day=T + DAY, last_day=T + DAY, note="Van een ander"
    )
    client = login("deelnemer-groningen")
    # Another person's leave request and sickness case: 404.
    prefix = f"leave{their.pk}"
    response = client.post(
        reverse("guidance:leave_answer", args=[their.pk]),
        {f"{prefix}-decision": "approve", f"{prefix}-version": "0"},
    )
    assert response.status_code == 404
    their.refresh_from_db()
    assert their.status == "requested"
    case = SicknessCase.objects.filter(participant=other).first() or SicknessCase.objects.create(
        participant=other, first_sick_day=T - 10 * DAY, extent="full", recovered_on=T - 5 * DAY
    )
    assert client.get(reverse("guidance:sickness_detail", args=[case.pk])).status_code == 404
    # The participant's own pages show nothing of the other person.
    for name in ("my_home", "my_leave", "my_pay", "my_work"):
        html = client.get(reverse(f"guidance:{name}")).content.decode()
        assert other.surname not in html and "Van een ander" not in html
    # The scope of a participant's leave requests holds their own only.
    from basisbaan.accounts import access

    visible = access.scope(
        user("deelnemer-groningen"),
        "guidance.self_service",
        LeaveRequest.objects.all(),
        person.municipality,
    )
    assert their not in visible
    # No health or income data on the participant's pages (no check-in or round data).
    for name in ("my_home", "my_pay", "my_work"):
        html = client.get(reverse(f"guidance:{name}")).content.decode()
        assert "WHO-5" not in html and "schulden" not in html.lower()


def test_a_participant_without_a_record_gets_404(login, person):
    person.user = None
    person.save()
    client = login("deelnemer-groningen")
    for name in ("my_home", "my_sick", "my_leave", "my_pay", "my_work"):
        assert client.get(reverse(f"guidance:{name}")).status_code == 404


def test_the_start_page_gives_the_coachs_work_phone(login, person):
    """My coach "with phone": the coach's work phone (accounts.User.phone) as a tel: link."""
    coach = person.coach
    coach.phone = "050 555 0199"
    coach.save(update_fields=["phone"])
    html = login("deelnemer-groningen").get(reverse("guidance:my_home")).content.decode()
    assert 'href="tel:0505550199"' in html and "050 555 0199" in html


def test_where_i_work_gives_the_tasks_work_address_and_a_route_to_it(login, person):
    from basisbaan.communitytasks.models import Task
    from basisbaan.planning.models import Assignment

    monday = calendar.monday(T)
    row = (
        Assignment.objects.filter(
            participant=person, version__week__week_start=monday, task__isnull=False
        )
        .select_related("task")
        .first()
    )
    assert row is not None, "the test world plans this participant work this week"
    Task.objects.filter(pk=row.task_id).update(address="Wijkstraat 12")
    html = login("deelnemer-groningen").get(reverse("guidance:my_work")).content.decode()
    assert "Wijkstraat 12" in html
    assert "Wijkstraat+12%2C+Groningen" in html  # the route planner goes to the address


def test_the_leave_form_asks_not_to_write_about_health(login, person):
    """The planner answers leave and may not see health data: the note says so."""
    html = login("deelnemer-groningen").get(reverse("guidance:my_leave")).content.decode()
    assert "Schrijf hier niets over uw gezondheid" in html
