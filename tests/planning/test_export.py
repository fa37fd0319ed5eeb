"""The export of a week from the database into basisbaan-planning/1."""

import datetime
import json

from basisbaan.core import calendar
from basisbaan.core.vocabulary import WEEKDAYS
from basisbaan.planning import export, ids
from basisbaan_planner.model import parse_instance
from tests.conftest import WORLD_TODAY
from tests.planning.conftest import LAST_WEEK, NEXT_WEEK, THIS_WEEK, instance_as_dict


def test_export_round_trips_through_the_engine_model(groningen):
    data = export.export_week(groningen, NEXT_WEEK).data
    assert data["participants"] and data["tasks"]
    # JSON-safe, and the engine reads back exactly what was written.
    assert json.loads(json.dumps(data)) == data
    assert instance_as_dict(parse_instance(data)) == data


def test_export_contains_participants_in_service_with_their_profile(groningen):
    from basisbaan.participants.models import Participant

    data = export.export_week(groningen, NEXT_WEEK).data
    in_service = Participant.objects.in_service().filter(
        municipality=groningen, home_neighbourhood__isnull=False
    )
    assert {p["id"] for p in data["participants"]} == {f"P{p.pk}" for p in in_service}
    person = in_service.order_by("pk").first()
    row = next(p for p in data["participants"] if p["id"] == f"P{person.pk}")
    assert row["contract_hours"] == person.contract_hours
    assert row["home"] == person.home_neighbourhood.cbs_code
    assert row["skills"] == sorted(person.skills)
    assert row["wishes"] == sorted(person.wishes)


def test_slot_ids_are_stable_and_previous_comes_from_last_weeks_published_plan(groningen):
    from basisbaan.planning.models import PlanningWeek

    data = export.export_week(groningen, THIS_WEEK).data
    last = PlanningWeek.objects.get(municipality=groningen, week_start=LAST_WEEK).published
    expected = {}
    for row in last.assignments.all():
        expected.setdefault(f"P{row.participant_id}", set()).add(row.slot_key)
    exported = {p["id"]: set(p["previous"]) for p in data["participants"] if p["previous"]}
    assert exported == expected
    next_week = export.export_week(groningen, NEXT_WEEK).data
    recurring_now = {s["id"] for t in data["tasks"] for s in t["slots"]}
    recurring_next = {s["id"] for t in next_week["tasks"] for s in t["slots"]}
    assert recurring_now & recurring_next  # the same recurring slots, the same ids
    for key in recurring_now:
        task, day, slot = ids.parse_slot_key(key)
        assert key == f"T{task}.{day}.{slot}"


def _nearest_week_with_a_weekday_holiday() -> datetime.date:
    """The week nearest to the test world's today with a public holiday on a weekday."""
    for distance in range(53):
        for week in (THIS_WEEK + calendar.WEEK * distance, THIS_WEEK - calendar.WEEK * distance):
            if any(day.weekday() < 5 for day in calendar.public_holidays(week)):
                return week
    raise AssertionError("no public holiday within a year")


def test_public_holidays_are_taken_out_of_the_week(groningen):
    week = _nearest_week_with_a_weekday_holiday()
    result = export.export_week(groningen, week)
    assert result.holidays == calendar.public_holidays(week)
    closed = {WEEKDAYS[day.weekday()] for day in result.holidays}
    for person in result.data["participants"]:
        assert not closed & set(person["availability"])
    days = {s["day"] for t in result.data["tasks"] for s in t["slots"]}
    assert not closed & days
    assert days  # the other days still have work
    ordinary = [w for w in (THIS_WEEK, NEXT_WEEK, LAST_WEEK) if not calendar.public_holidays(w)]
    available = {
        day
        for p in export.export_week(groningen, ordinary[0]).data["participants"]
        for day in p["availability"]
    }
    assert closed & {"mon", "tue", "wed", "thu", "fri"} <= available


def test_known_absences_are_taken_out_of_availability(groningen):
    from basisbaan.guidance.models import SicknessCase
    from basisbaan.participants.models import Participant

    before = export.export_week(groningen, NEXT_WEEK).data
    available = {p["id"]: p for p in before["participants"]}
    person = next(
        p
        for p in Participant.objects.in_service().filter(municipality=groningen).order_by("pk")
        if "wed" in available.get(f"P{p.pk}", {}).get("availability", {})
    )
    SicknessCase.objects.create(
        participant=person,
        first_sick_day=NEXT_WEEK + datetime.timedelta(days=2),  # Wednesday
        extent=SicknessCase.Extent.FULL,
        recovered_on=NEXT_WEEK + datetime.timedelta(days=3),
    )
    after = export.export_week(groningen, NEXT_WEEK)
    row = next(p for p in after.data["participants"] if p["id"] == f"P{person.pk}")
    assert "wed" not in row["availability"]
    assert row["availability"].get("tue") == available[f"P{person.pk}"]["availability"].get("tue")
    assert NEXT_WEEK + datetime.timedelta(days=2) in after.absent[person.pk]


def test_a_one_off_event_is_planned_into_its_week_only(groningen):
    from basisbaan.communitytasks.models import Task, TaskSlot

    template = Task.objects.approved().filter(municipality=groningen).first()
    saturday = NEXT_WEEK + datetime.timedelta(days=5)
    event = Task.objects.create(
        municipality=groningen,
        organisation=template.organisation,
        neighbourhood=template.neighbourhood,
        category=template.category,
        title="Sinterklaasfeest in het buurthuis",
        description="Helpen bij het feest.",
        status=Task.Status.APPROVED,
        start_date=saturday,
        end_date=saturday,
        is_one_off=True,
        event_date=saturday,
    )
    slot = TaskSlot.objects.create(
        task=event,
        date=saturday,
        start=datetime.time(13, 0),
        end=datetime.time(17, 0),
        people=3,
    )
    data = export.export_week(groningen, NEXT_WEEK).data
    exported = next(t for t in data["tasks"] if t["id"] == f"T{event.pk}")
    assert exported["slots"] == [
        {
            "id": f"T{event.pk}.sat.{slot.pk}",
            "day": "sat",
            "start": "13:00",
            "end": "17:00",
            "people": 3,
        }
    ]
    later = export.export_week(groningen, NEXT_WEEK + datetime.timedelta(days=7)).data
    assert all(t["id"] != f"T{event.pk}" for t in later["tasks"])


def test_the_exported_week_is_labelled_by_its_iso_week(groningen):
    data = export.export_week(groningen, NEXT_WEEK).data
    assert data["week"] == calendar.week_label(NEXT_WEEK)
    assert calendar.parse_week(data["week"]) == NEXT_WEEK == calendar.coming_monday(WORLD_TODAY)
