"""The gap analysis in daily use: who is short and precisely why (which skill, which
wijk, which time), training suggestions with an honest estimate, and the demo week
that plans most contract hours."""

import pytest
from django.utils import translation

from basisbaan.planning import engine, gaps, ids, services
from basisbaan.planning.models import PlanVersion
from tests.planning.conftest import NEXT_WEEK, THIS_WEEK


def _task(tid, area, requires, day, start, end, people, category="litter_picking"):
    return {
        "id": tid,
        "organisation": "",
        "neighbourhood": area,
        "category": category,
        "priority": 1,
        "requires": requires,
        "demands": [],
        "slots": [
            {
                "id": f"{tid}.{day}.{tid[1:]}",
                "day": day,
                "start": start,
                "end": end,
                "people": people,
            }
        ],
    }


@pytest.fixture
def crafted(groningen, published_week):
    """A version of next week with two people (home in one wijk, free on Monday only,
    3 km to travel) and open places that each break one rule: a cooking task next door
    on Monday morning (2 places), a task on Tuesday morning, a task in a far wijk, and a
    task needing two skills they lack (breaks two rules: not a near miss)."""
    from basisbaan.participants.models import Participant

    base = published_week.published.instance
    areas = base["neighbourhoods"]
    home = areas[0]
    far = next(
        a for a in areas if (a["x_km"] - home["x_km"]) ** 2 + (a["y_km"] - home["y_km"]) ** 2 > 36
    )
    people = list(
        Participant.objects.in_service().filter(municipality=groningen).order_by("pk")[:2]
    )
    participants = [
        {
            "id": ids.participant_key(p.pk),
            "contract_hours": 24,
            "home": home["id"],
            "max_travel_km": 3.0,
            "max_hours_per_day": 8,
            "skills": skills,
            "limitations": [],
            "wishes": [],
            "availability": {"mon": [["09:00", "17:00"]]},
            "previous": [],
        }
        for p, skills in zip(people, ([], ["cleaning"]), strict=True)
    ]
    data = {
        **base,
        "participants": participants,
        "tasks": [
            _task("T900001", home["id"], ["cooking"], "mon", "09:00", "12:00", 2),
            _task("T900002", home["id"], [], "tue", "09:00", "12:00", 1),
            _task("T900003", far["id"], [], "mon", "13:00", "16:00", 1),
            _task("T900004", home["id"], ["admin", "cooking"], "mon", "13:00", "16:00", 1),
        ],
    }
    week = services.week_for(groningen, NEXT_WEEK)
    version = PlanVersion.objects.create(
        week=week, number=90, status=PlanVersion.Status.READY, instance=data
    )
    return version, people, far["name"], home["name"]


def test_each_short_person_is_told_which_skill_wijk_and_time_block_them(crafted):
    version, people, far_name, home_name = crafted
    with translation.override("en"):
        analysis = gaps.analyse(version)
    assert analysis.short_people == 2
    by_pk = {line.participant_id: line for line in analysis.people}
    assert set(by_pk) == {p.pk for p in people}
    for line in analysis.people:
        assert line.hours == 24
        assert line.home == home_name
        found = {(b.kind, b.code, b.label, b.places, b.hours) for b in line.blockers}
        assert ("skills", "cooking", "cooking", 1, 3.0) in found
        assert (
            "distance",
            version.instance["tasks"][2]["neighbourhood"],
            far_name,
            1,
            3.0,
        ) in found
        assert ("time", "tue-morning", "Tuesday morning (until 12:00)", 1, 3.0) in found
        # The task needing two missing skills is not one skill away: not named.
        assert not any(b.code == "admin" for b in line.blockers)


def test_training_suggestion_counts_people_and_the_hours_they_could_fill(crafted):
    version, _people, _far, _home = crafted
    analysis = gaps.analyse(version)
    assert [(t.skill, t.people, t.places, t.hours) for t in analysis.training] == [
        ("cooking", 2, 1, 6.0)
    ]


def test_training_estimate_respects_places_and_free_time(crafted):
    """With one place on the cooking task, training both opens 3 hours, not 6."""
    version, people, _far, _home = crafted
    data = version.instance
    data["tasks"][0]["slots"][0]["people"] = 1
    version.instance = data
    version.save()
    analysis = gaps.analyse(version)
    assert [(t.people, t.hours) for t in analysis.training] == [(2, 3.0)]


def test_gap_page_names_the_skill_and_the_training(login, crafted):
    version, people, far_name, _home = crafted
    response = login("planner-groningen").get(f"/planning/versie/{version.pk}/tekorten/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mist een vaardigheid" not in page
    assert people[0].display_name in page
    assert "koken" in page
    assert far_name in page
    assert "dinsdag ochtend" in page
    assert "Train 2 mensen in koken" in page
    assert "6 uur meer werk per week" in page
    assert "schatting" in page
    # Naming short participants with their limitations is a read of personal data.
    from basisbaan.audit.models import AuditEntry

    entry = AuditEntry.objects.filter(object_type="planning.planversion").latest("pk")
    assert entry.object_id == str(version.pk) and entry.purpose == "gap analysis"


@pytest.mark.parametrize("code", ["GM0014"])
def test_published_demo_week_plans_most_contract_hours(db, code):
    """A programme composes its tasks to fill contracts: in the test world Groningen's
    published week plans at least 90 % of the contract hours of the people planned.
    (The small world gives Assen only 8 tasks, too few for its 7 contracts; the full
    demo's Assen is measured by hand.)"""
    from basisbaan.planning.models import PlanningWeek

    week = PlanningWeek.objects.get(municipality__cbs_code=code, week_start=THIS_WEEK)
    version = week.published
    instance = engine.instance(version.instance)
    planned = {}
    for row in version.assignments.all():
        key = ids.participant_key(row.participant_id)
        minutes = (row.end.hour * 60 + row.end.minute) - (row.start.hour * 60 + row.start.minute)
        planned[key] = planned.get(key, 0) + minutes / 60
    # What the week offers each person: their contract hours, less the days they cannot
    # work (public holidays and known absences are left out of their availability).
    offered = {p.id: min(p.contract_hours, _available_hours(p)) for p in instance.participants}
    contract = sum(p.contract_hours for p in instance.participants)
    target = sum(offered.values())
    got = sum(min(planned.get(p.id, 0), offered[p.id]) for p in instance.participants)
    assert target > 0.5 * contract  # a normal week, or one with a holiday: not a closed week
    assert got >= 0.9 * target, f"{got} of {target} hours planned ({contract} contract hours)"


def _available_hours(person) -> float:
    """The hours ``person`` can work this week: per day their free time, at most their
    hours per day."""
    total = 0.0
    for windows in person.availability.values():
        free = sum(end - start for start, end in windows) / 60
        total += min(free, person.max_hours_per_day)
    return total
