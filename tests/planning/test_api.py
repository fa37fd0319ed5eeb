"""The plan-versions API: the plan and the exported problem for offline use."""

from basisbaan_planner.model import parse_instance
from basisbaan_planner.score import score


def test_planner_downloads_the_plan_and_its_problem(login, published_week):
    version = published_week.published
    client = login("planner-groningen")
    listing = client.get("/api/v1/plan-versions/").json()
    rows = listing["results"] if isinstance(listing, dict) else listing
    assert any(r["id"] == version.pk and r["published"] for r in rows)
    detail = client.get(f"/api/v1/plan-versions/{version.pk}/").json()
    assert detail["week"] == published_week.label
    plan = detail["plan"]
    assert plan["format"] == "basisbaan-plan/1"
    assert len(plan["assignments"]) == version.assignments.count()
    instance = client.get(f"/api/v1/plan-versions/{version.pk}/instance/").json()
    assert instance == version.instance
    as_file = client.get(f"/api/v1/plan-versions/{version.pk}/instance/?format=json")
    assert as_file.status_code == 200 and as_file.json() == version.instance
    pairs = [(a["participant"], a["slot"]) for a in plan["assignments"]]
    assert score(parse_instance(instance), pairs).total == version.cost["total"]
    # Another municipality's planner sees none of it.
    other = login("planner-assen")
    assert other.get(f"/api/v1/plan-versions/{version.pk}/instance/").status_code == 404
