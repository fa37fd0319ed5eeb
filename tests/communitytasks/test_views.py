"""Pages: access per role, the catalogue, assessment through the UI, the status page,
the provider portal and the inbox."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.communitytasks import services
from basisbaan.communitytasks.models import InboxMessage, MonthlyReport, Submission, Task
from basisbaan.core import calendar
from basisbaan.organisations.models import Organisation
from tests.communitytasks.test_workflow import make_task

S = Task.Status


def provider_org():
    return Organisation.objects.get(role_assignments__user__username="aanbieder-groningen")


# --- access ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_provider_sees_only_their_own_organisations_tasks(login):
    client = login("aanbieder-groningen")
    org = provider_org()
    body = client.get(reverse("communitytasks:portal")).content.decode()
    own = Task.objects.filter(organisation=org)
    assert own.count() >= 5
    assert set(own.values_list("status", flat=True)) >= {S.APPROVED, S.PAUSED, S.REJECTED}
    for task in own:
        assert task.title in body
    other = Task.objects.filter(municipality=org.municipality).exclude(organisation=org)
    other = other.exclude(title__in=own.values_list("title", flat=True)).first()
    assert other.title not in body
    assert client.get(reverse("communitytasks:portal_task", args=[other.pk])).status_code == 404
    # The staff catalogue and task pages are not theirs.
    assert client.get(reverse("communitytasks:catalogue")).status_code == 403
    assert client.get(reverse("communitytasks:detail", args=[own.first().pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["catalogue", "neighbourhoods", "assessment", "inbox", "inbox_export", "portal"]
)
def test_anonymous_users_only_get_the_public_forms(client, name):
    response = client.get(reverse(f"communitytasks:{name}"))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.django_db
def test_the_home_page_links_the_public_forms(client):
    body = client.get(reverse("core:home")).content.decode()
    for name in ("submit", "info_day", "cofinancing"):
        assert reverse(f"communitytasks:{name}", kwargs={"slug": "groningen"}) in body
        assert reverse(f"communitytasks:{name}", kwargs={"slug": "assen"}) in body


@pytest.mark.django_db
def test_contact_details_are_shown_to_assessors_only_and_audited(login, groningen):
    task = Task.objects.filter(municipality=groningen, status=S.UNDER_ASSESSMENT).first()
    submission = task.submission
    client = login("coach-groningen")
    body = client.get(reverse("communitytasks:detail", args=[task.pk])).content.decode()
    assert submission.contact_email not in body
    assert not AuditEntry.objects.filter(
        object_type="communitytasks.submission", object_id=str(submission.pk)
    ).exists()
    client = login("planner-groningen")
    body = client.get(reverse("communitytasks:detail", args=[task.pk])).content.decode()
    assert submission.contact_email in body
    entry = AuditEntry.objects.get(
        object_type="communitytasks.submission", object_id=str(submission.pk)
    )
    assert entry.action == "read" and entry.actor.username == "planner-groningen"
    assert entry.fields == ["contact_email", "contact_name", "contact_phone"]


@pytest.mark.django_db
def test_another_municipalitys_task_is_invisible(login, groningen):
    task = Task.objects.filter(municipality=groningen).first()
    client = login("planner-assen")
    assert client.get(reverse("communitytasks:detail", args=[task.pk])).status_code == 404
    url = reverse("communitytasks:transition", args=[task.pk, "pause"])
    assert client.post(url, {"reason": "x"}).status_code == 404


# --- assessment through the UI ----------------------------------------------------------


@pytest.mark.django_db
def test_a_planner_approves_through_the_pages(login, groningen):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT, has_budget=True)
    client = login("planner-groningen")
    listing = client.get(reverse("communitytasks:assessment")).content.decode()
    assert task.title in listing
    url = reverse("communitytasks:transition", args=[task.pk, "approve"])
    page = client.get(url)
    assert page.status_code == 200
    assert "budget" in page.content.decode().lower()  # the advice is shown with its reasons
    # No reason: refused, nothing changed.
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.status == S.UNDER_ASSESSMENT
    response = client.post(
        url, {"reason": "Het budget is voor materiaal.", "consultation_note": ""}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == S.APPROVED
    event = task.events.get(to_status=S.APPROVED)
    assert event.displacement_risk == "high"
    assert event.actor.username == "planner-groningen"


@pytest.mark.django_db
def test_a_step_not_in_the_table_is_refused_in_the_ui(login, groningen):
    task = make_task(groningen, status=S.SUBMITTED)
    client = login("planner-groningen")
    response = client.post(
        reverse("communitytasks:transition", args=[task.pk, "approve"]), {"reason": "x"}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == S.SUBMITTED
    assert (
        client.get(reverse("communitytasks:transition", args=[task.pk, "fly"])).status_code == 404
    )


@pytest.mark.django_db
def test_pause_and_end_from_the_catalogue(login, groningen):
    task = make_task(groningen, status=S.APPROVED)
    client = login("planner-groningen")
    client.post(
        reverse("communitytasks:transition", args=[task.pk, "pause"]), {"reason": "Verbouwing"}
    )
    task.refresh_from_db()
    assert task.status == S.PAUSED
    client.post(reverse("communitytasks:transition", args=[task.pk, "end"]), {"reason": "Klaar"})
    task.refresh_from_db()
    assert task.status == S.ENDED


@pytest.mark.django_db
def test_suitability_through_the_page(login, groningen):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    client = login("planner-groningen")
    url = reverse("communitytasks:suitability", args=[task.pk])
    client.post(url, {"suitability": "bogus"})
    task.refresh_from_db()
    assert task.suitability == ""
    client.post(url, {"suitability": "suitable", "note": "Past goed", "version": task.version})
    task.refresh_from_db()
    assert task.suitability == "suitable" and task.suitability_note == "Past goed"


# --- the submitter's status page -------------------------------------------------------


def _status_url(task):
    token = task.submission.issue_status_token()
    task.submission.save()
    return reverse("communitytasks:status", kwargs={"token": token})


@pytest.mark.django_db
def test_a_rejected_submitter_sees_the_reason(client, groningen, user):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    services.transition(
        task, "reject", actor=user("planner-groningen"), reason="Dit doen betaalde krachten al."
    )
    body = client.get(_status_url(task)).content.decode()
    assert "Dit doen betaalde krachten al." in body


@pytest.mark.django_db
def test_the_submitter_answers_through_the_status_link(client, groningen, user):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    services.transition(task, "ask", actor=user("planner-groningen"), reason="Welke dagen?")
    url = _status_url(task)
    assert "Welke dagen?" in client.get(url).content.decode()
    assert client.post(url, {"answer": ""}).status_code == 400
    task.refresh_from_db()
    assert task.status == S.MORE_INFO
    assert client.post(url, {"answer": "Dinsdag en donderdag"}).status_code == 302
    task.refresh_from_db()
    assert task.status == S.UNDER_ASSESSMENT
    # Answering again is not possible once the question is answered.
    client.post(url, {"answer": "Nog iets"})
    assert task.messages.filter(direction="answer").count() == 1


# --- catalogue -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_catalogue_lists_approved_tasks_and_events_separately(login, groningen):
    client = login("coach-groningen")
    response = client.get(reverse("communitytasks:catalogue"))
    recurring = response.context["recurring"]
    events = response.context["events"]
    assert recurring and events
    assert all(r["task"].status == S.APPROVED and not r["task"].is_one_off for r in recurring)
    assert all(r["task"].is_one_off for r in events)
    rejected = Task.objects.filter(municipality=groningen, status=S.REJECTED).first()
    # The same task, not the same title: the demo draws titles from a short list.
    assert rejected.pk not in [r["task"].pk for r in recurring]
    # Filter by neighbourhood and category.
    first = recurring[0]["task"]
    response = client.get(
        reverse("communitytasks:catalogue"),
        {"neighbourhood": first.neighbourhood_id, "category": first.category_id},
    )
    assert all(
        r["task"].neighbourhood_id == first.neighbourhood_id
        and r["task"].category_id == first.category_id
        for r in response.context["recurring"]
    )
    paused = client.get(reverse("communitytasks:catalogue"), {"status": "paused"})
    assert all(r["task"].status == S.PAUSED for r in paused.context["recurring"])


@pytest.mark.django_db
def test_the_neighbourhood_overview_adds_up_place_hours(login, groningen):
    client = login("planner-groningen")
    response = client.get(reverse("communitytasks:neighbourhoods"))
    rows = response.context["rows"]
    assert len(rows) == groningen.neighbourhoods.count()
    today = calendar.today()
    expected = sum(
        s.place_hours
        for t in Task.objects.filter(municipality=groningen, is_one_off=False)
        .approved()
        .running_on(today)
        for s in t.slots.all()
    )
    assert response.context["total"] == pytest.approx(expected)
    assert expected > 0


@pytest.mark.django_db
def test_approved_tasks_running_on_a_date(groningen):
    task = make_task(groningen, status=S.APPROVED)
    task.start_date = datetime.date(2026, 1, 1)
    task.end_date = datetime.date(2026, 6, 30)
    task.save()
    running = Task.objects.approved().running_on
    assert running(datetime.date(2026, 3, 1)).filter(pk=task.pk).exists()
    assert not running(datetime.date(2026, 7, 1)).filter(pk=task.pk).exists()
    assert not running(datetime.date(2025, 12, 31)).filter(pk=task.pk).exists()


@pytest.mark.django_db
def test_filled_places_come_from_the_registry_planning_fills(login, monkeypatch):
    from basisbaan.communitytasks import registry

    task = Task.objects.filter(organisation=provider_org(), status=S.APPROVED).first()
    slot = task.slots.first()
    client = login("aanbieder-groningen")
    url = reverse("communitytasks:portal_task", args=[task.pk])
    calls = []

    def filled_places(task_ids, week_start):
        calls.append((task_ids, week_start))
        # The contract: {task_id: [{slot_id, day, start, end, first_names}]}.
        return {
            task.pk: [
                {
                    "slot_id": slot.pk,
                    "day": slot.weekday,
                    "start": slot.start,
                    "end": slot.end,
                    "first_names": ["Dirk", "Esra"],
                }
            ]
        }

    # Planning registers its own source in ready(); this test puts another in its place.
    monkeypatch.setattr(registry, "_filled_places", [filled_places])
    body = client.get(url).content.decode()
    assert "Dirk, Esra" in body
    # Staff pages show how many places are filled, not who (researchers see them too).
    staff = login("onderzoeker-groningen")
    staff_body = staff.get(reverse("communitytasks:detail", args=[task.pk])).content.decode()
    assert "Dirk" not in staff_body
    assert f"Deze week: 2 van {slot.people} plekken ingevuld" in staff_body
    client = login("aanbieder-groningen")
    assert calls[0][0] == [task.pk] and calls[0][1].weekday() == 0

    monkeypatch.setattr(registry, "_filled_places", [])
    assert registry.filled_places([task.pk], calendar.today()) is None
    assert "Dirk, Esra" not in client.get(url).content.decode()


# --- provider portal: monthly report ------------------------------------------------------


@pytest.mark.django_db
def test_monthly_confirmation_and_liveability_rating(login):
    task = Task.objects.filter(
        organisation=provider_org(), status=S.APPROVED, is_one_off=False
    ).first()
    client = login("aanbieder-groningen")
    url = reverse("communitytasks:portal_task", args=[task.pk])
    last_month = calendar.previous_month(calendar.today())
    before = MonthlyReport.objects.count()
    for bad in (
        {"month": last_month.isoformat(), "work_done": "yes", "liveability": "6"},
        {"month": last_month.isoformat(), "work_done": "maybe", "liveability": "4"},
        {"month": "2020-01-01", "work_done": "yes", "liveability": "4"},
        {"month": last_month.isoformat(), "work_done": "yes", "liveability": ""},
    ):
        assert client.post(url, bad).status_code == 400
    assert MonthlyReport.objects.count() == before
    response = client.post(
        url,
        {
            "month": last_month.isoformat(),
            "work_done": "partly",
            "liveability": "4",
            "comment": "Goed",
        },
    )
    assert response.status_code == 302
    report = MonthlyReport.objects.get(task=task, month=last_month)
    assert (report.work_done, report.liveability, report.comment) == ("partly", 4, "Goed")
    assert report.reported_by.username == "aanbieder-groningen"
    # Correcting the same month updates it.
    client.post(url, {"month": last_month.isoformat(), "work_done": "yes", "liveability": "5"})
    assert MonthlyReport.objects.filter(task=task, month=last_month).get().liveability == 5


@pytest.mark.django_db
def test_no_monthly_report_on_a_rejected_task(login):
    task = Task.objects.filter(organisation=provider_org(), status=S.REJECTED).first()
    client = login("aanbieder-groningen")
    last_month = calendar.previous_month(calendar.today())
    client.post(
        reverse("communitytasks:portal_task", args=[task.pk]),
        {"month": last_month.isoformat(), "work_done": "yes", "liveability": "4"},
    )
    assert not MonthlyReport.objects.filter(task=task).exists()


# --- information day, co-financing and the inbox ----------------------------------------


@pytest.mark.django_db
def test_info_day_registration_lands_in_the_inbox(client, login):
    url = reverse("communitytasks:info_day", kwargs={"slug": "groningen"})
    before = InboxMessage.objects.count()
    assert client.post(url, {"name": "A", "organisation": "B", "email": "x"}).status_code == 400
    assert InboxMessage.objects.count() == before
    data = {
        "name": "Ans Proef",
        "organisation": "Gemeente Zwolle",
        "role": "beleid",
        "email": "ans@example.org",
        "interests": ["lessons", "site_visits"],
        "website": "",
    }
    assert client.post(url, data).status_code == 302
    message = InboxMessage.objects.latest("pk")
    assert message.kind == "info_day" and message.interests == ["lessons", "site_visits"]
    assert message.municipality.slug == "groningen"
    # Honeypot: nothing stored.
    client.post(url, {**data, "website": "spam"})
    assert InboxMessage.objects.count() == before + 1
    staff = login("planner-groningen")
    assert "Ans Proef" in staff.get(reverse("communitytasks:inbox")).content.decode()
    assert AuditEntry.objects.filter(
        object_type="communitytasks.inboxmessage", object_id=str(message.pk), action="read"
    ).exists()


@pytest.mark.django_db
def test_cofinancing_contact_and_csv_export(client, login):
    url = reverse("communitytasks:cofinancing", kwargs={"slug": "groningen"})
    data = {
        "name": '=HYPERLINK("http://evil")',
        "organisation": "Fonds Proef",
        "email": "fonds@example.org",
        "message": "Wij willen bijdragen.",
        "amount_indication": "EUR 5.000",
    }
    assert client.post(url, data).status_code == 302
    message = InboxMessage.objects.latest("pk")
    assert message.kind == "cofinancing"
    staff = login("planner-groningen")
    response = staff.get(reverse("communitytasks:inbox_export"), {"kind": "cofinancing"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "ontvangen op"
    assert all(row[1] == "contact over cofinanciering" for row in rows[1:])
    mine = [row for row in rows if row[5] == "fonds@example.org"][0]
    assert mine[2].startswith("'=")  # formula neutralised
    assert AuditEntry.objects.filter(
        object_type="communitytasks.inboxmessage", object_id=str(message.pk), action="export"
    ).exists()
    # Assen's planner does not get Groningen's messages.
    assen = login("planner-assen")
    body = assen.get(reverse("communitytasks:inbox_export")).content.decode("utf-8-sig")
    assert "fonds@example.org" not in body


@pytest.mark.django_db
def test_mark_an_inbox_message_handled(login):
    message = InboxMessage.objects.filter(municipality__cbs_code="GM0014").first()
    client = login("planner-groningen")
    client.post(reverse("communitytasks:inbox_handle", args=[message.pk]))
    message.refresh_from_db()
    assert message.handled_at is not None and message.handled_by.username == "planner-groningen"


# --- demo -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_has_tasks_in_every_state_and_assens_categories(groningen):
    tasks = Task.objects.filter(municipality=groningen)
    assert set(tasks.values_list("status", flat=True)) == set(S.values)
    assert tasks.values("category").distinct().count() == groningen.task_categories.count()
    assert tasks.filter(is_one_off=True, status=S.APPROVED).exists()
    assert Submission.objects.filter(task__in=tasks).count() == tasks.count()
    assen = Task.objects.filter(municipality__cbs_code="GM0106")
    assert {t.category.code for t in assen} == {"services", "visibility", "maintenance"}
    for slot in Task.objects.approved().first().slots.all():
        assert slot.start.minute in (0, 30) and slot.end.minute in (0, 30) and slot.people >= 1


@pytest.mark.django_db
def test_the_api_lists_the_catalogue_without_submitter_data(login, groningen):
    client = login("planner-assen")
    response = client.get("/api/v1/tasks/", {"status": "approved"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results and all(r["status"] == "approved" for r in results)
    assert {r["municipality"] for r in results} == {
        Task.objects.filter(municipality__cbs_code="GM0106").first().municipality_id
    }
    assert "submission" not in results[0] and "contact_email" not in str(results[0])
    assert results[0]["slots"] and "hours" in results[0]["slots"][0]
    groningen_task = Task.objects.filter(municipality=groningen).first()
    assert client.get(f"/api/v1/tasks/{groningen_task.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_planner_changes_priority_skills_and_demands(login, groningen):
    task = make_task(groningen, status=S.APPROVED)
    client = login("planner-groningen")
    url = reverse("communitytasks:edit", args=[task.pk])
    base = {"title": task.title, "description": task.description, "priority": "3"}
    base["version"] = task.version  # as read from the page
    before = task.end_date
    bad = client.post(url, {**base, "end_date": "2000-01-01"})
    assert bad.status_code == 400
    task.refresh_from_db()
    assert task.priority == 1 and task.end_date == before
    response = client.post(
        url, {**base, "requires": ["cycling"], "demands": ["outdoor", "working_alone"]}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.priority == 3
    assert task.requires == ["cycling"] and task.demands == ["outdoor", "working_alone"]
    event = task.events.get(kind="edited")
    assert event.actor.username == "planner-groningen" and event.reason
    assert login("coach-groningen").get(url).status_code == 404


@pytest.mark.django_db
def test_the_overview_averages_recent_liveability_ratings(groningen, user):
    task = make_task(groningen, status=S.APPROVED)
    neighbourhood = task.neighbourhood
    MonthlyReport.objects.filter(task__neighbourhood=neighbourhood).delete()
    today = calendar.today()
    last = calendar.previous_month(today)
    for month, rating in ((last, 2), (calendar.previous_month(last), 5)):
        services.report_month(
            task,
            actor=user("aanbieder-groningen"),
            month=month,
            work_done="yes",
            liveability=rating,
        )
    # Older than three months: not counted.
    services.report_month(
        task,
        actor=user("aanbieder-groningen"),
        month=today - datetime.timedelta(days=200),
        work_done="yes",
        liveability=1,
    )
    rows = services.neighbourhood_overview(groningen, today)
    row = next(r for r in rows if r["neighbourhood"] == neighbourhood)
    assert row["rating"] == pytest.approx(3.5) and row["ratings"] == 2
