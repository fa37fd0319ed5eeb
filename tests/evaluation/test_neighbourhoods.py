"""The neighbourhood value chain: hours, people, cost and liveability per wijk."""

import datetime
from decimal import Decimal

from django.urls import reverse

from basisbaan.evaluation import neighbourhoods
from basisbaan.guidance.models import Timesheet
from basisbaan.tenants.models import MinimumWage, Neighbourhood
from tests.evaluation.conftest import TODAY

PERIOD = neighbourhoods.Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
W1 = datetime.date(2026, 3, 2)  # a Monday in the period
W2 = datetime.date(2026, 3, 9)


def rate_on(day):
    """Wage cost per hour of the world's employer (36 h week, 8 % holiday allowance,
    30 % employer charges)."""
    wml = MinimumWage.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    return wml.hourly_for(36) * Decimal("1.08") * Decimal("1.30")


def setup_chain(world):
    wijk = world.area("Testwijk", "WK999901")  # Testbuurt BU99990101 lies in it
    dorp = world.area("Testdorp", "WK999902", kind=Neighbourhood.Kind.DORP)
    task_a = world.task(world.buurt, "Zwerfafval")
    task_b = world.task(dorp, "Dorpshuis")
    people = [world.person() for _ in range(6)]
    for p in people[:5]:
        world.worked(p, W1, "8", task=task_a)
    # No task on the line: spread over the published plan (task B 6 h, task A 2 h).
    world.worked(people[5], W1, "10")
    world.plan(W1, [(people[5], task_b, 9, 15), (people[5], task_a, 15, 17)])
    # No task and no plan: unattributed.
    world.worked(people[5], W2, "4")
    # Not approved, or outside the period: not counted.
    world.worked(people[0], W2, "8", task=task_a, status=Timesheet.Status.SUBMITTED)
    world.worked(people[1], datetime.date(2026, 8, 3), "8", task=task_a)
    world.report(task_a, datetime.date(2026, 1, 1), 3)
    world.report(task_a, datetime.date(2026, 2, 1), 2)
    world.report(task_a, datetime.date(2026, 5, 1), 4)
    world.report(task_b, datetime.date(2026, 2, 1), 5)
    return wijk, dorp


def rows_by_code(chain):
    return {row.cbs_code: row for row in chain.rows}


def test_period_parsing_defaults_swaps_and_refuses_junk():
    default = neighbourhoods.period_of({}, TODAY)
    assert (default.start, default.end) == (datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))
    chosen = neighbourhoods.period_of({"from": "2026-06", "to": "2026-01"}, TODAY)
    assert (chosen.start, chosen.end) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert neighbourhoods.period_of({"from": "2026-13", "to": "x"}, TODAY) == default
    assert neighbourhoods.period_of({"from": "2026-03"}, TODAY).to_month == "2027-02"
    assert neighbourhoods.period_of({"from": "1900-01"}, TODAY) == default
    assert (
        neighbourhoods.period_of({"from": "2001-01", "to": "2099-12"}, TODAY).from_month
        == "2090-01"
    )
    assert PERIOD.quarters() == [(2026, 1), (2026, 2)]


def test_buurt_codes_roll_up_into_their_wijk():
    assert neighbourhoods.wijk_code("BU00140101") == "WK001401"
    assert neighbourhoods.wijk_code("WK001401") == "WK001401"


def test_attribute_spreads_lines_without_a_task_over_the_plan():
    lines = [
        {"participant_id": 1, "week_start": W1, "task_id": 7, "date": W1, "hours": Decimal(3)},
        {"participant_id": 1, "week_start": W1, "task_id": None, "date": W1, "hours": Decimal(4)},
        {"participant_id": 2, "week_start": W1, "task_id": None, "date": W1, "hours": Decimal(5)},
    ]
    planned = {(1, W1): {7: Decimal(1), 8: Decimal(3)}}
    hours, unattributed = neighbourhoods.attribute(lines, planned)
    assert [(h.task_id, h.hours) for h in hours] == [(7, 3), (7, 1), (8, 3)]
    assert unattributed == 5


def test_hours_counts_cost_and_per_thousand(world):
    setup_chain(world)
    chain = neighbourhoods.build(world.municipality, PERIOD, TODAY)
    rows = rows_by_code(chain)
    assert set(rows) == {"WK999901", "WK999902"}, "the buurt counts in its wijk"
    wijk = rows["WK999901"]
    assert wijk.tasks_done == 1 and wijk.covered
    assert wijk.hours.value == Decimal("42.50")  # 5 x 8 + 10 x 2/8
    assert wijk.working.value == 6 and wijk.living.value == 6
    cost = (Decimal("42.5") * rate_on(W1)).quantize(Decimal("0.01"))
    assert wijk.cost.value == cost
    assert wijk.hours_per_1000.value == (Decimal("42.50") * 1000 / cost).quantize(Decimal("0.1"))
    assert [q["average"] for q in wijk.quarters] == [Decimal("2.5"), Decimal("4.0")]
    assert [q["reports"] for q in wijk.quarters] == [2, 1]
    assert wijk.liveability_change == Decimal("1.5")
    assert wijk.change_per_1000.value == (Decimal("1.5") * 1000 / cost).quantize(Decimal("0.001"))
    assert chain.unattributed_hours == Decimal("4.00")
    assert not chain.cost_missing


def test_small_groups_are_suppressed(world):
    setup_chain(world)
    chain = neighbourhoods.build(world.municipality, PERIOD, TODAY)
    dorp = rows_by_code(chain)["WK999902"]
    # One person worked in the village: their hours and cost are hidden.
    assert dorp.covered and dorp.tasks_done == 1
    assert dorp.working.suppressed and dorp.hours.suppressed and dorp.cost.suppressed
    assert dorp.hours_per_1000.suppressed and dorp.change_per_1000.suppressed
    assert dorp.living.value == 0 and not dorp.living.suppressed
    # The liveability (about the area, not people) is shown; one quarter: no change.
    assert dorp.quarters[0]["average"] == Decimal("5.0")
    assert dorp.liveability_change is None
    # The total minus the shown wijk would give the one person's hours away.
    assert chain.total_hours.suppressed and chain.total_cost.suppressed
    rows = neighbourhoods.table_rows(chain)
    assert [r for r in rows if r[1] == "WK999902"][0][5] == "< 5"


def test_nothing_worked_means_not_covered(world):
    world.area("Leegwijk", "WK999903")
    chain = neighbourhoods.build(world.municipality, PERIOD, TODAY)
    row = rows_by_code(chain)["WK999903"]
    assert not row.covered and row.hours.value == 0 and row.working.value == 0
    assert row.hours_per_1000.value is None
    assert chain.total_hours.value == 0


def test_wage_cost_per_hour_follows_the_minimum_wage_and_terms(world):
    wages = neighbourhoods.WageCost(world.employer)
    assert wages.per_hour(W1) == rate_on(W1)
    assert neighbourhoods.WageCost(None).per_hour(W1) is None


def test_page_and_download_for_a_planner(login):
    client = login("planner-groningen")
    response = client.get(reverse("evaluation:neighbourhoods"), {"from": "2026-01", "to": "zz"})
    assert response.status_code == 200
    assert response.context["chain"].rows
    download = client.get(reverse("evaluation:neighbourhoods_export"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_demo_world_says_which_hours_it_could_not_place(login):
    """The demo's timesheet lines name no task and its approved weeks have no published
    plan: the page says how many hours it could not place instead of guessing."""
    client = login("planner-groningen")
    response = client.get(reverse("evaluation:neighbourhoods"))
    chain = response.context["chain"]
    assert len(chain.rows) > 10
    if chain.unattributed_hours:
        assert "could not be placed" in response.content.decode()


def test_coach_may_not_see_the_page(login):
    assert login("coach-groningen").get(reverse("evaluation:neighbourhoods")).status_code == 403
    assert (
        login("coach-groningen").get(reverse("evaluation:neighbourhoods_export")).status_code == 403
    )
