"""The monitor's period filter: a chosen period drives the period figures (started, left,
growth, drop-out, sick leave, liveability, the WHO-5 trend, the headcount chart's range);
figures about today stay today's; a bad period is refused with a message and 400."""

import datetime

import pytest
from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.evaluation import monitor, periods
from basisbaan.evaluation.aggregates import Figure
from tests.conftest import WORLD_TODAY
from tests.evaluation.conftest import TODAY

D = datetime.date
YEAR_2025 = periods.Period(D(2025, 1, 1), D(2025, 12, 31), chosen=True)


def _world(world):
    """6 people from March 2025 of whom 5 left in September 2025, 5 from February 2026."""
    leavers = [world.person(start=D(2025, 3, 3)) for _ in range(5)]
    stayer = world.person(start=D(2025, 3, 3))
    for p in leavers:
        world.exit(p, D(2025, 9, 1), "education")
    late = [world.person(start=D(2026, 2, 2)) for _ in range(5)]
    for p in [stayer, *late[:4]]:
        world.week(p, D(2025, 10, 6), worked="28", sick="4")  # a week in 2025
        world.week(p, D(2026, 10, 5), worked="32")  # and one in 2026
    wijk = world.area("Testwijk", "WK999901")
    task = world.task(wijk)
    world.report(task, D(2025, 5, 1), 2)
    world.report(task, D(2026, 8, 1), 5)
    return leavers, stayer, late


def test_periods_helpers():
    assert periods.default(D(2026, 11, 23)) == periods.Period(D(2026, 1, 1), D(2026, 11, 23))
    assert periods.quarters_between(D(2025, 11, 5), D(2026, 4, 1)) == [
        (2025, 4),
        (2026, 1),
        (2026, 2),
    ]
    assert periods.years_of(periods.Period(D(2024, 7, 1), D(2025, 3, 31))) == [
        (2024, D(2024, 7, 1), D(2024, 12, 31)),
        (2025, D(2025, 1, 1), D(2025, 3, 31)),
    ]
    # Whole weeks: 1 January 2025 is a Wednesday, so the first whole week starts on the 6th.
    assert periods.whole_weeks(D(2025, 1, 1), D(2025, 12, 31), D(2026, 6, 1)) == (
        D(2025, 1, 6),
        D(2025, 12, 22),
    )
    assert periods.whole_weeks(D(2026, 5, 27), D(2026, 5, 30), D(2026, 6, 1)) is None
    labels = [label for label, _p in periods.quick_choices(D(2026, 11, 23))]
    assert labels == ["This year", "Last year", "Last 12 months"]
    last_12 = periods.quick_choices(D(2026, 11, 23))[2][1]
    assert (last_12.start, last_12.end) == (D(2025, 11, 24), D(2026, 11, 23))


def test_the_default_keeps_the_monitor_as_it_was(world):
    _world(world)
    figures = monitor.build(world.municipality, TODAY)
    assert not figures["period_chosen"]
    assert figures["period"] == periods.default(TODAY)
    assert figures["size"].started_this_year == Figure(5, 5)  # 2026 so far
    assert figures["size"].left_this_year == Figure(0, 0)
    assert "sick_13" in figures and "sick_52" in figures and "sick_period" not in figures
    assert figures["dropout"].since == TODAY - datetime.timedelta(days=365)
    assert len(figures["wellbeing"].trend) == 8
    # The headcount runs from the programme's start (January 2024) to today.
    assert figures["headcount"][0].day == D(2024, 1, 31)
    assert figures["headcount"][-1].day == TODAY
    assert figures["headcount"][-1].in_service == Figure(6, 6)


def test_a_chosen_period_drives_the_period_figures(world):
    _world(world)
    default = monitor.build(world.municipality, TODAY)
    chosen = monitor.build(world.municipality, TODAY, period=YEAR_2025)
    assert chosen["period_chosen"]
    size = chosen["size"]
    assert (size.start, size.end) == (D(2025, 1, 1), D(2025, 12, 31))
    assert size.started_this_year == Figure(6, 6)
    assert size.left_this_year == Figure(5, 5)
    assert size.net_growth.value == 1
    # Drop-out: 5 of the 6 under contract in 2025 (none of them in the default window).
    assert chosen["dropout"].total == Figure(5, 5)
    assert chosen["dropout"].base == 6
    assert default["dropout"].total == Figure(0, 0)
    # Sick leave over the period's whole weeks: 5 x 4 of 5 x 32 hours in 2025.
    sick = chosen["sick_period"]
    assert sick.figure.value == monitor.pct(20, 160) and sick.figure.n == 5
    assert sick.partial and "2025-W41" in sick.coverage
    # Liveability over the months of 2025 only.
    assert [(r["name"], r["average"], r["reports"]) for r in chosen["liveability"]] == [
        ("Testwijk", 2, 1)
    ]
    assert [r["reports"] for r in default["liveability"]] == [1]  # August 2026's
    # The WHO-5 trend spans the period's quarters; the headcount starts at the period.
    assert [t["label"] for t in chosen["wellbeing"].trend] == [
        "2025 Q1",
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
    ]
    assert chosen["headcount"][0].day == D(2025, 1, 31)
    assert chosen["headcount"][-1].day == D(2025, 12, 31)
    # Figures about today stay today's.
    assert chosen["size"].in_service == default["size"].in_service == Figure(6, 6)
    assert chosen["pipeline"] == default["pipeline"]


def test_the_monitor_page_with_a_period(login):
    client = login("planner-groningen")
    start = calendar.year_start(WORLD_TODAY).replace(year=WORLD_TODAY.year - 1)
    end = start.replace(month=12, day=31)
    response = client.get(
        reverse("evaluation:monitor"), {"start": start.isoformat(), "end": end.isoformat()}
    )
    assert response.status_code == 200
    context = response.context
    assert context["period_chosen"] and context["period"] == periods.Period(start, end, True)
    assert (context["size"].start, context["size"].end) == (start, end)
    assert context["headcount"][-1].day == end
    html = response.content.decode()
    assert 'id="headcount"' in html and '<svg class="bb-eval-chart"' not in html  # attrs order
    assert 'class="bb-eval-chart"' in html and 'role="img"' in html
    assert (
        "<details" in html
        and "style=" not in html.split('id="headcount"')[1].split("</details>")[0]
    )
    quick = html.split('class="bb-eval-quick"')[1].split("</ul>")[0]
    assert quick.count(reverse("evaluation:monitor") + "?start=") == 4  # the quick choices
    assert reverse("evaluation:report") in html


def test_the_monitor_page_without_a_period_is_as_before(login):
    response = login("planner-groningen").get(reverse("evaluation:monitor"))
    assert response.status_code == 200
    assert not response.context["period_chosen"]
    assert response.context["period"] == periods.default(WORLD_TODAY)
    form = response.context["period_form"]
    assert not form.is_bound and form.initial["start"] == calendar.year_start(WORLD_TODAY)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2025-12-31", "end": "2025-01-01"}, "end"),
        ({"start": "2025-02-30", "end": "2025-03-01"}, "start"),
        ({"start": "gisteren", "end": "2025-03-01"}, "start"),
        ({"start": "1999-12-31", "end": "2025-03-01"}, "start"),
        ({"start": "2025-01-01"}, "end"),
        (
            {"start": "2025-01-01", "end": (WORLD_TODAY + datetime.timedelta(days=1)).isoformat()},
            "end",
        ),
    ],
)
def test_a_bad_period_gives_a_message_and_400(login, query, field):
    response = login("planner-groningen").get(reverse("evaluation:monitor"), query)
    assert response.status_code == 400
    assert field in response.context["period_form"].errors
    assert not response.context["period_chosen"]  # the default figures are shown
    html = response.content.decode()
    assert 'role="alert"' in html and "utrecht-form-field--invalid" in html
