"""Publishing: the participant's week card and iCal feed, and the cross-app contracts."""

import datetime

from icalendar import Calendar

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.planning import services
from basisbaan.planning.models import CalendarToken, ReplanRequest
from tests.planning.conftest import NEXT_WEEK, THIS_WEEK


def _own(user):
    from basisbaan.participants.models import Participant

    return Participant.objects.get(user=user("deelnemer-groningen"))


def test_the_participant_sees_the_published_week_card(login, user, published_week):
    person = _own(user)
    mine = published_week.published.assignments.filter(participant=person).select_related("task")
    assert mine.exists(), "the demo plans the demo participant"
    client = login("deelnemer-groningen")
    page = client.get("/mijn-week/")
    assert page.status_code == 200
    text = page.text
    assert "Mijn week" in text
    for row in mine:
        assert row.task.title in text
    assert 'class="bb-pictogram"' in text
    hours = sum(a.hours for a in mine)
    assert f"U werkt deze week {hours:g} uur".replace(".", ",") in text
    assert AuditEntry.objects.filter(
        object_type="participants.participant", object_id=str(person.pk), action="read"
    ).exists()
    # A week without a published plan says so, in plain words.
    later = client.get(f"/mijn-week/?week={calendar.week_label(THIS_WEEK + 2 * calendar.WEEK)}")
    assert "nog niet klaar" in later.text


def test_the_week_card_follows_the_published_version(login, user, published_week):
    person = _own(user)
    client = login("deelnemer-groningen")
    before = client.get("/mijn-week/").text
    # Unpublish: nothing to show any more.
    type(published_week).objects.filter(pk=published_week.pk).update(published=None)
    after = client.get("/mijn-week/").text
    assert "nog niet klaar" in after and "nog niet klaar" not in before
    assert person.pk


def test_ical_feed_behind_a_private_token(client, login, user, published_week):
    person = _own(user)
    participant_client = login("deelnemer-groningen")
    assert participant_client.post("/mijn-week/agendalink/").status_code == 302
    token = CalendarToken.objects.get(participant=person).token
    assert token in participant_client.get("/mijn-week/").text
    participant_client.logout()
    response = client.get(f"/ical/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    planned = published_week.published.assignments.filter(participant=person)
    assert (
        len([e for e in events if THIS_WEEK <= e["DTSTART"].dt.date() < NEXT_WEEK])
        == planned.count()
    )
    assert client.get("/ical/not-the-token.ics").status_code == 404
    # A new link revokes the old one.
    login("deelnemer-groningen").post("/mijn-week/agendalink/")
    assert client.get(f"/ical/{token}.ics").status_code == 404


def test_published_hours_and_filled_places(published_week):
    version = published_week.published
    rows = list(version.assignments.select_related("participant"))
    ids = {r.participant_id for r in rows}
    hours = services.published_hours([*ids, 999999], THIS_WEEK + datetime.timedelta(days=3))
    for pk in ids:
        assert hours[pk] == sum(r.hours for r in rows if r.participant_id == pk)
    assert hours[999999] == 0.0
    task_id = rows[0].task_id
    places = services.filled_places([task_id], THIS_WEEK)[task_id]
    names = sorted(n for place in places for n in place["first_names"])
    assert names == sorted(r.participant.first_name for r in rows if r.task_id == task_id)
    assert {"slot_id", "day", "start", "end", "first_names"} <= set(places[0])
    assert services.filled_places([task_id], NEXT_WEEK) == {task_id: []}


def test_replan_request_reaches_the_planner_who_marks_it_handled(login, user, groningen):
    from basisbaan.participants.models import Participant

    person = Participant.objects.in_service().filter(municipality=groningen).last()
    request = services.request_replan(person, user("coach-groningen"), "Liever geen avonden.")
    client = login("planner-groningen")
    assert "Liever geen avonden." in client.get("/planning/").text
    response = client.post(f"/planning/verzoek/{request.pk}/afgehandeld/")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_by == user("planner-groningen")
    assert "Liever geen avonden." not in client.get("/planning/").text
    try:
        services.request_replan(person, user("coach-groningen"), "   ")
    except services.PlanningError:
        pass
    else:
        raise AssertionError("an empty reason was accepted")
    assert ReplanRequest.objects.filter(participant=person).count() == 1


def test_the_menu_shows_planning_and_my_week(login):
    assert 'href="/planning/"' in login("planner-groningen").get("/overzicht/").text
    page = login("deelnemer-groningen").get("/overzicht/", follow=True).text
    assert 'href="/mijn-week/"' in page and 'href="/planning/"' not in page


def test_task_providers_get_first_names_per_slot_through_the_tasks_app(published_week):
    from basisbaan.communitytasks import registry as task_registry

    rows = list(published_week.published.assignments.select_related("participant"))
    task_id = rows[0].task_id
    by_slot = task_registry.filled_places([task_id], THIS_WEEK)
    expected = {}
    for row in rows:
        if row.task_id == task_id:
            expected.setdefault(row.slot_id, []).append(row.participant.first_name)
    assert {k: sorted(v) for k, v in by_slot.items()} == {k: sorted(v) for k, v in expected.items()}


def test_every_category_pictogram_has_its_own_drawing(db):
    from basisbaan.planning.templatetags.planning_tags import PICTOGRAMS, pictogram_svg
    from basisbaan.tenants.models import TaskCategory

    codes = set(TaskCategory.objects.exclude(pictogram="").values_list("pictogram", flat=True))
    assert codes and codes <= set(PICTOGRAMS)
    expected = {
        "cup",
        "heart",
        "bin",
        "box",
        "hammer",
        "paper",
        "door",
        "bike",
        "ball",
        "hands",
        "bag",
        "eye",
    }
    assert expected == set(PICTOGRAMS)
    drawings = {pictogram_svg(code) for code in PICTOGRAMS}
    assert len(drawings) == len(PICTOGRAMS)  # all different
    assert all('aria-hidden="true"' in svg for svg in drawings)
