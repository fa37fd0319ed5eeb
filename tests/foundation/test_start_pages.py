"""Issue 19, finding 10: a start page per role with its to-dos, and a menu trimmed to
the role's work (the rest under "More", nothing unreachable)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from basisbaan.core import calendar
from basisbaan.core.navigation import _ITEMS
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db


def _groningen():
    from basisbaan.tenants.models import Municipality

    return Municipality.objects.get(slug="groningen")


def _todos(client) -> dict[str, int]:
    """The start page's to-dos as {url: count}."""
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    return {t.url: t.count for t in response.context["todos"]}


def _replan_request(municipality):
    from basisbaan.participants.models import Participant
    from basisbaan.planning.models import ReplanRequest

    participant = Participant.objects.filter(municipality=municipality).first()
    return ReplanRequest.objects.create(
        municipality=municipality, participant=participant, reason="More hours, please."
    )


def _subject_request(municipality, due_on=None):
    from basisbaan.participants.models import DataSubjectRequest, Participant

    participant = Participant.objects.filter(municipality=municipality).first()
    return DataSubjectRequest.objects.create(
        municipality=municipality,
        participant=participant,
        kind=DataSubjectRequest.Kind.ACCESS,
        received_on=WORLD_TODAY - datetime.timedelta(days=3),
        due_on=due_on or WORLD_TODAY + datetime.timedelta(days=20),
    )


def _leave_request(municipality):
    from basisbaan.guidance.models import LeaveRequest
    from basisbaan.participants.models import Participant

    participant = Participant.objects.filter(municipality=municipality).first()
    first = WORLD_TODAY + datetime.timedelta(days=30)
    return LeaveRequest.objects.create(participant=participant, first_day=first, last_day=first)


def test_planner_sees_the_programme_to_dos_with_the_right_counts(login):
    from basisbaan.communitytasks.models import InboxMessage, Task
    from basisbaan.guidance.models import LeaveRequest, PoortwachterStep, Timesheet
    from basisbaan.participants.models import DataSubjectRequest
    from basisbaan.planning.models import ReplanRequest

    groningen = _groningen()
    _replan_request(groningen)
    _subject_request(groningen)
    _leave_request(groningen)
    today = calendar.today()
    expected = {
        reverse("communitytasks:inbox") + "?open=1": InboxMessage.objects.filter(
            municipality=groningen, handled_at__isnull=True
        ).count(),
        reverse("guidance:leave_requests"): LeaveRequest.objects.filter(
            participant__municipality=groningen, status=LeaveRequest.Status.REQUESTED
        ).count(),
        reverse("communitytasks:assessment"): Task.objects.filter(
            municipality=groningen, status__in=Task.OPEN_STATUSES
        ).count(),
        reverse("planning:index"): ReplanRequest.objects.filter(
            municipality=groningen, handled_at__isnull=True
        ).count(),
        reverse("guidance:timesheets"): Timesheet.objects.filter(
            participant__municipality=groningen, status=Timesheet.Status.SUBMITTED
        ).count(),
        reverse("guidance:poortwachter"): PoortwachterStep.objects.filter(
            case__participant__municipality=groningen,
            done_on__isnull=True,
            case__recovered_on__isnull=True,
            due_date__lte=today + datetime.timedelta(days=7),
        ).count(),
        reverse("participants:subject_register"): DataSubjectRequest.objects.filter(
            municipality=groningen, status=DataSubjectRequest.Status.OPEN
        ).count(),
    }
    client = login("planner-groningen")
    shown = _todos(client)
    assert {url: n for url, n in expected.items() if n} == {
        url: n for url, n in shown.items() if url in expected
    }
    # The world has fresh submissions and due poortwachter steps; the test added a request
    # to change a week and a data-subject request.
    assert shown[reverse("communitytasks:assessment")] > 0
    assert shown[reverse("planning:index")] >= 1
    assert shown[reverse("participants:subject_register")] >= 1
    assert shown[reverse("guidance:leave_requests")] >= 1
    # A planner has no caseload: no coach's to-dos.
    assert reverse("guidance:signals") not in shown
    for url in shown:
        assert client.get(url).status_code == 200, url


def test_the_start_page_names_each_to_do_with_its_count_in_dutch(login):
    groningen = _groningen()
    _replan_request(groningen)
    response = login("planner-groningen").get(reverse("core:dashboard"))
    html = response.content.decode()
    assert "Wat vraagt je aandacht" in html
    assert "Verzoeken om een week te wijzigen" in html
    assert f'href="{reverse("planning:index")}"' in html
    assert "Niets te doen" not in html
    with translation.override("en"):
        labels = [str(t.label) for t in response.context["todos"]]
    assert "Requests to change a week" in labels


def test_an_overdue_subject_request_makes_the_to_do_urgent(login):
    groningen = _groningen()
    _subject_request(groningen, due_on=WORLD_TODAY - datetime.timedelta(days=1))
    response = login("planner-groningen").get(reverse("core:dashboard"))
    todo = next(
        t for t in response.context["todos"] if t.url == reverse("participants:subject_register")
    )
    assert todo.urgency == "urgent"
    # Urgent to-dos come first.
    urgencies = [t.urgency for t in response.context["todos"]]
    assert urgencies == sorted(urgencies, key=lambda u: u != "urgent")


def test_a_planner_of_assen_does_not_see_groningen_counts(login):
    from basisbaan.communitytasks.models import Task
    from basisbaan.participants.models import DataSubjectRequest
    from basisbaan.planning.models import ReplanRequest
    from basisbaan.tenants.models import Municipality

    groningen = _groningen()
    assen = Municipality.objects.get(slug="assen")
    _replan_request(groningen)
    _subject_request(groningen)
    _leave_request(groningen)
    shown = _todos(login("planner-assen"))
    from basisbaan.guidance.models import LeaveRequest

    leave = LeaveRequest.objects.filter(
        participant__municipality=assen, status=LeaveRequest.Status.REQUESTED
    ).count()
    assert shown.get(reverse("guidance:leave_requests"), 0) == leave
    replan = ReplanRequest.objects.filter(municipality=assen, handled_at__isnull=True).count()
    assert shown.get(reverse("planning:index"), 0) == replan
    subject = DataSubjectRequest.objects.filter(
        municipality=assen, status=DataSubjectRequest.Status.OPEN
    ).count()
    assert shown.get(reverse("participants:subject_register"), 0) == subject
    tasks = Task.objects.filter(municipality=assen, status__in=Task.OPEN_STATUSES).count()
    assert shown.get(reverse("communitytasks:assessment"), 0) == tasks
    groningen_tasks = Task.objects.filter(
        municipality=groningen, status__in=Task.OPEN_STATUSES
    ).count()
    assert shown.get(reverse("communitytasks:assessment"), 0) != tasks + groningen_tasks


def test_a_coach_sees_the_caseload_to_dos_as_the_caseload_pages_count_them(login):
    client = login("coach-groningen")
    shown = _todos(client)
    caseload = client.get(reverse("guidance:caseload")).context
    overdue = client.get(reverse("guidance:overdue")).context
    expected = {
        reverse("guidance:overdue"): overdue["overdue_count"],
        reverse("guidance:signals"): caseload["open_signals"],
        reverse("guidance:caseload") + "#rounds": len(caseload["due_rounds"]),
    }
    assert any(expected.values()), "the test world gives the coach something to do"
    assert {u: n for u, n in expected.items() if n} == {
        u: n for u, n in shown.items() if u in expected
    }
    # A coach approves no timesheets and assesses no tasks.
    assert reverse("communitytasks:assessment") not in shown
    assert reverse("guidance:timesheets") not in shown
    for url in shown:
        assert client.get(url).status_code == 200, url


def test_guidance_staff_see_their_returned_timesheets(login, user):
    from basisbaan.guidance.models import Timesheet

    staff = user("begeleider-groningen")
    organisation = staff.role_assignments.get(role="guidance").organisation
    sheet = Timesheet.objects.filter(
        participant__guidance_organisation=organisation, status=Timesheet.Status.SUBMITTED
    ).first()
    Timesheet.objects.filter(pk=sheet.pk).update(status=Timesheet.Status.RETURNED)
    elsewhere = (
        Timesheet.objects.filter(participant__municipality=organisation.municipality)
        .exclude(participant__guidance_organisation=organisation)
        .first()
    )
    Timesheet.objects.filter(pk=elsewhere.pk).update(status=Timesheet.Status.RETURNED)
    expected = Timesheet.objects.filter(
        participant__guidance_organisation=organisation, status=Timesheet.Status.RETURNED
    ).count()
    client = login("begeleider-groningen")
    shown = _todos(client)
    url = reverse("guidance:timesheets") + "?status=returned"
    assert shown[url] == expected
    response = client.get(url)
    assert response.status_code == 200
    assert sheet in response.context["object_list"]


def test_a_task_provider_sees_the_monthly_reports_still_to_send(login, user):
    from basisbaan.communitytasks.models import MonthlyReport, Task

    organisation = user("aanbieder-groningen").role_assignments.get(role="provider").organisation
    task = Task.objects.filter(
        organisation=organisation, status=Task.Status.APPROVED, is_one_off=False
    ).first()
    last_month = calendar.previous_month(calendar.today())
    MonthlyReport.objects.filter(task=task, month=last_month).delete()
    client = login("aanbieder-groningen")
    shown = _todos(client)
    rows = client.get(reverse("communitytasks:portal")).context["rows"]
    expected = sum(1 for row in rows if row["needs_report"] and not row["reported"])
    assert expected >= 1
    assert shown.get(reverse("communitytasks:portal"), 0) == expected
    assert set(shown) <= {reverse("communitytasks:portal")}


@pytest.mark.parametrize("username", ["onderzoeker-groningen", "financien-groningen"])
def test_nothing_to_do(login, username):
    response = login(username).get(reverse("core:dashboard"))
    assert response.context["todos"] == []
    assert "Niets te doen" in response.content.decode()


def test_to_dos_cost_one_query_each(rf, user):
    from basisbaan.core.todos import todos_for

    request = rf.get("/")
    request.user = user("planner-groningen")
    request.municipality = _groningen()
    todos_for(request)  # warm the per-request role cache
    with CaptureQueriesContext(connection) as queries:
        found = todos_for(request)
    # assessment, requests to change a week, timesheets to approve and returned ones,
    # poortwachter steps, leave requests, data-subject requests, the inbox, referrals from
    # partners: one query each
    assert len(queries) <= 9
    assert len(found) <= len(queries)


def test_a_coachs_to_dos_cost_a_fixed_number_of_queries(rf, user):
    from basisbaan.core.todos import todos_for

    request = rf.get("/")
    request.user = user("coach-groningen")
    request.municipality = _groningen()
    todos_for(request)
    with CaptureQueriesContext(connection) as queries:
        todos_for(request)
    # check-ins overdue and open signals one query each; the measurement rounds due
    # come from rounds.worklist (its dates and schedules for the whole caseload)
    assert len(queries) <= 9


def test_the_start_page_no_longer_repeats_the_menu(login):
    response = login("planner-groningen").get(reverse("core:dashboard"))
    assert len(response.context["quick_links"]) <= 4
    assert "Snel naar" in response.content.decode()
    main = response.context["nav_items"].main
    for link in response.context["quick_links"]:
        assert link in main


@pytest.mark.parametrize(
    "username,most",
    [
        ("planner-groningen", 7),
        ("admin", 8),
        ("coach-groningen", 7),
        ("begeleider-groningen", 6),
        ("financien-groningen", 5),
    ],
)
def test_the_top_menu_holds_the_roles_work_and_the_rest_sits_under_more(login, username, most):
    from basisbaan.accounts import access

    client = login(username)
    response = client.get(reverse("core:dashboard"))
    menu = response.context["nav_items"]
    assert len(menu.main) <= most
    # Nothing lost: every page the user may open is in the menu, top or "More".
    request = response.wsgi_request
    may = {
        reverse(i.url_name)
        for i in _ITEMS
        if access.has_perm(request.user, i.permission, request.municipality)
    }
    assert {i["url"] for i in menu} == may
    html = response.content.decode()
    for item in menu:
        assert f'href="{item["url"]}"' in html
    if menu.more:
        assert "<summary" in html and "Meer" in html


def test_a_page_under_more_opens_the_more_group(login):
    client = login("planner-groningen")
    html = client.get(reverse("tenants:overview")).content.decode()
    assert "<details open>" in html


def test_a_participant_lands_on_their_own_start_page(login):
    client = login("deelnemer-groningen")
    response = client.get(reverse("core:dashboard"))
    home = reverse("guidance:my_home")
    assert response.status_code == 302 and response["Location"] == home
    # Their menu starts at their own page: no staff "Overzicht" that only sends them back.
    html = client.get(home).content.decode()
    assert ">Overzicht</a>" not in html and f'href="{home}"' in html
    staff = login("coach-groningen").get(reverse("guidance:caseload")).content.decode()
    assert ">Overzicht</a>" in staff
