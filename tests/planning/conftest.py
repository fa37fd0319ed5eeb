import pytest

from basisbaan.core import calendar
from tests.conftest import WORLD_TODAY

THIS_WEEK = calendar.monday(WORLD_TODAY)  # the test world's current week (published)
LAST_WEEK = THIS_WEEK - calendar.WEEK  # last week (published)
NEXT_WEEK = THIS_WEEK + calendar.WEEK  # the coming week (not planned yet)


@pytest.fixture
def groningen(db):
    from basisbaan.tenants.models import Municipality

    return Municipality.objects.get(cbs_code="GM0014")


@pytest.fixture
def planner(user):
    return user("planner-groningen")


@pytest.fixture
def published_week(groningen):
    from basisbaan.planning.models import PlanningWeek

    return PlanningWeek.objects.get(municipality=groningen, week_start=THIS_WEEK)


def instance_as_dict(instance) -> dict:
    """Write the engine's parsed Instance back into the exchange format."""
    from basisbaan_planner.model import DAYS

    def clock(minutes):
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def number(value):
        return int(value) if float(value).is_integer() else value

    return {
        "format": "basisbaan-planning/1",
        "name": instance.name,
        "week": instance.week,
        "weights": instance.weights.as_dict(),
        "neighbourhoods": [
            {"id": n.id, "name": n.name, "x_km": n.x_km, "y_km": n.y_km}
            for n in instance.neighbourhoods
        ],
        "participants": [
            {
                "id": p.id,
                "contract_hours": number(p.contract_hours),
                "home": p.home,
                "max_travel_km": p.max_travel_km,
                "max_hours_per_day": number(p.max_hours_per_day),
                "skills": sorted(p.skills),
                "limitations": sorted(p.limitations),
                "wishes": sorted(p.wishes),
                "availability": {
                    day: [[clock(a), clock(b)] for a, b in p.availability[day]]
                    for day in DAYS
                    if day in p.availability
                },
                "previous": list(p.previous),
            }
            for p in instance.participants
        ],
        "tasks": [
            {
                "id": t.id,
                "organisation": t.organisation,
                "neighbourhood": t.neighbourhood,
                "category": t.category,
                "priority": t.priority,
                "requires": sorted(t.requires),
                "demands": sorted(t.demands),
                "slots": [
                    {
                        "id": s.id,
                        "day": s.day,
                        "start": clock(s.start),
                        "end": clock(s.end),
                        "people": s.people,
                    }
                    for s in t.slots
                ],
            }
            for t in instance.tasks
        ],
    }
