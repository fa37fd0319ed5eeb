"""The monitor's arithmetic on hand-made numbers and on a hand-made municipality:
suppression of small groups, sick leave, WHO-5, drop-out and the budget."""

import datetime
from decimal import Decimal

import pytest

from basisbaan.core import calendar
from basisbaan.evaluation import monitor
from basisbaan.evaluation.monitor import Figure
from basisbaan.finance.models import Budget, BudgetLine, FundingSource
from basisbaan.guidance.models import Timesheet
from basisbaan.participants.models import Status
from tests.conftest import WORLD_TODAY
from tests.evaluation.conftest import TODAY

D = datetime.date


# --- suppression ---------------------------------------------------------------------------


def test_counts_of_one_to_four_people_are_suppressed():
    assert monitor.count(0) == Figure(0, 0, suppressed=False)
    for n in (1, 2, 3, 4):
        assert monitor.count(n).suppressed
        assert not monitor.count(n).shown
    assert monitor.count(5) == Figure(5, 5)


def test_averages_need_five_people():
    assert monitor.mean([]) == Figure(None, 0)
    assert monitor.mean([3, 4, 5, 2]).suppressed
    assert monitor.mean([3, 4, 5, 2]).value is None  # the value itself is not even computed
    assert monitor.mean([3, 4, 5, 2, 4]) == Figure(Decimal("3.6"), 5)
    assert monitor.mean([1, None, 2, 3, 4, 5]).value == Decimal("3.0")


def test_shares_are_suppressed_when_the_part_or_the_whole_is_small():
    assert monitor.share(0, 0) == Figure(None, 0)
    assert monitor.share(0, 4).suppressed  # too few people overall
    assert monitor.share(2, 100).suppressed  # two people with the attribute
    assert monitor.share(0, 10) == Figure(Decimal("0.0"), 10)
    assert monitor.share(5, 40) == Figure(Decimal("12.5"), 40)
    assert monitor.share(1, 3).people.suppressed


def test_bars_are_plain_numbers_between_zero_and_hundred():
    assert Figure(Decimal("12.5"), 10).bar == "12.5"
    assert Figure(Decimal("130"), 10).bar == "100.0"
    assert Figure(None, 3, suppressed=True).bar == ""


# --- sick leave ----------------------------------------------------------------------------------


def test_sick_leave_percentage():
    assert monitor.sick_leave_pct(Decimal("12"), Decimal("320")) == Decimal("3.8")
    assert monitor.sick_leave_pct(0, Decimal("320")) == Decimal("0.0")
    assert monitor.sick_leave_pct(Decimal("5"), 0) is None


def test_sick_leave_over_13_and_52_weeks_from_approved_timesheets(world):
    this_monday = calendar.monday(TODAY)
    recent = this_monday - datetime.timedelta(weeks=2)
    older = this_monday - datetime.timedelta(weeks=20)
    people = [world.person() for _ in range(5)]
    for p in people:
        world.week(p, recent, worked="32")
        world.week(p, older, worked="32")
    # Sick hours: 16 in the last 13 weeks, 16 + 32 in the last 52.
    world.week(people[0], recent - datetime.timedelta(weeks=1), worked="16", sick="16")
    world.week(people[1], older - datetime.timedelta(weeks=1), worked="0", sick="32")
    # Neither a draft nor this (unfinished) week counts.
    world.week(
        people[2],
        recent - datetime.timedelta(weeks=3),
        sick="32",
        worked="0",
        status=Timesheet.Status.DRAFT,
    )
    world.week(people[3], this_monday, sick="32", worked="0")

    thirteen = monitor.sick_leave(world.municipality, TODAY, 13)
    assert thirteen == Figure(monitor.pct(16, 6 * 32), 5)
    assert thirteen.value == Decimal("8.3")
    fifty_two = monitor.sick_leave(world.municipality, TODAY, 52)
    assert fifty_two.value == monitor.pct(48, 12 * 32) == Decimal("12.5")


def test_sick_leave_of_fewer_than_five_people_is_suppressed(world):
    monday = calendar.monday(TODAY) - datetime.timedelta(weeks=1)
    for _ in range(4):
        world.week(world.person(), monday, worked="24", sick="8")
    figure = monitor.sick_leave(world.municipality, TODAY, 13)
    assert figure.suppressed and figure.value is None and figure.n == 4


# --- WHO-5, income, health ----------------------------------------------------------------------


def test_who5_average_and_share_with_poor_well_being():
    average, poor = monitor.who5_summary([10, 11, 12, 12, 12, 20, 20, 20, 20, 20])
    assert average == Figure(Decimal("62.8"), 10)  # raw x 4, averaged
    assert poor == Figure(Decimal("50.0"), 10)  # raw below 13
    average, poor = monitor.who5_summary([13, 13, 13, 13, 24])
    assert average.value == Decimal("60.8")
    assert poor == Figure(Decimal("0.0"), 5)
    average, poor = monitor.who5_summary([10, 20, 20])
    assert average.suppressed and poor.suppressed


def test_latest_check_in_per_participant_skips_rows_without_the_measure():
    rows = [
        {"participant_id": 1, "date": D(2026, 1, 1), "pk": 1, "who5_raw": 10},
        {"participant_id": 1, "date": D(2026, 3, 1), "pk": 2, "who5_raw": 18},
        {"participant_id": 1, "date": D(2026, 5, 1), "pk": 3, "who5_raw": None},
        {"participant_id": 2, "date": D(2026, 2, 1), "pk": 5, "who5_raw": 7},
        {"participant_id": 2, "date": D(2026, 2, 1), "pk": 4, "who5_raw": 9},
    ]
    latest = monitor.latest_by_participant(rows, "who5_raw")
    assert {pid: r["who5_raw"] for pid, r in latest.items()} == {1: 18, 2: 7}


def test_quarters_and_the_who5_trend():
    assert monitor.quarters_back(D(2026, 11, 23), 3) == [(2026, 2), (2026, 3), (2026, 4)]
    assert monitor.quarters_back(D(2026, 2, 1), 2) == [(2025, 4), (2026, 1)]
    rows = []
    for pid in range(1, 6):
        rows.append({"participant_id": pid, "date": D(2026, 7, 1), "pk": pid, "who5_raw": 10})
        rows.append({"participant_id": pid, "date": D(2026, 8, 1), "pk": 10 + pid, "who5_raw": 15})
        rows.append({"participant_id": pid, "date": D(2026, 10, 5), "pk": 20 + pid, "who5_raw": 20})
    trend = monitor.who5_trend(rows[:-1], [(2026, 2), (2026, 3), (2026, 4)])
    assert [t["label"] for t in trend] == ["2026 Q2", "2026 Q3", "2026 Q4"]
    assert trend[0]["average"] == Figure(None, 0)
    assert trend[1]["average"].value == Decimal("60.0")  # each person's latest in Q3: 15
    assert trend[1]["poor"].value == Decimal("0.0")
    assert trend[2]["average"].suppressed  # only four people measured in Q4


def test_wellbeing_uses_each_current_participant_latest_check_in(world):
    people = [world.person() for _ in range(6)]
    for i, p in enumerate(people):
        world.checkin(p, D(2026, 6, 1), raw=5, health=1, income="1000")
        world.checkin(p, D(2026, 10, 1), raw=10 + i, health=3 + i % 2, income=str(1300 + 30 * i))
        world.checkin(p, D(2026, 11, 1), held=False)  # a missed contact measures nothing
    gone = world.person()
    world.checkin(gone, D(2026, 10, 1), raw=0, health=1, income="0")
    world.exit(gone, D(2026, 10, 15), "own_choice")

    result = monitor.wellbeing(world.municipality, TODAY)
    # Raw 10..15: x4 = 40..60, average 50.0; raw 10, 11, 12 are poor: 3 of 6 -> suppressed.
    assert result.who5 == Figure(Decimal("50.0"), 6)
    assert result.poor.suppressed
    assert result.health == Figure(Decimal("3.5"), 6)
    # Income 1300..1450 against 1369.06: 1390, 1420, 1450 above: 3 of 6 -> suppressed.
    assert result.income.suppressed and result.income.n == 6
    q4 = result.trend[-1]
    assert q4["label"] == "2026 Q4" and q4["average"].n == 7  # the trend includes the leaver


# --- drop-out ------------------------------------------------------------------------------------


def test_dropout_table_counts_and_shares_per_coded_reason():
    rows, total, total_share = monitor.dropout_table({"regular_job": 8, "education": 6}, 100)
    by_reason = {r["reason"]: r for r in rows}
    assert by_reason["regular_job"]["count"] == Figure(8, 8)
    assert by_reason["regular_job"]["share"] == Figure(Decimal("8.0"), 100)
    assert by_reason["moved"]["count"] == Figure(0, 0)
    assert by_reason["moved"]["share"] == Figure(Decimal("0.0"), 100)
    assert total == Figure(14, 14)
    assert total_share.value == Decimal("14.0")


def test_dropout_table_hides_small_reasons_and_what_would_give_them_away():
    rows, total, total_share = monitor.dropout_table(
        {"regular_job": 8, "education": 6, "health": 2}, 100
    )
    by_reason = {r["reason"]: r for r in rows}
    assert by_reason["health"]["count"].suppressed and by_reason["health"]["share"].suppressed
    # The total minus the shown reasons would reveal the 2: the smallest other reason goes too.
    assert by_reason["education"]["count"].suppressed
    assert by_reason["education"]["share"].suppressed
    assert by_reason["regular_job"]["count"] == Figure(8, 8)
    assert total == Figure(16, 16) and total_share.value == Decimal("16.0")
    # When nothing else can cover a small cell, the total is hidden instead.
    rows, total, total_share = monitor.dropout_table({"health": 3, "moved": 0}, 40)
    assert total.suppressed and total_share.suppressed
    rows, total, total_share = monitor.dropout_table({"regular_job": 2, "health": 3}, 40)
    assert total == Figure(5, 5)  # two hidden cells of 2 + 3 people cover each other


def test_dropout_counts_exits_from_service_in_the_last_twelve_months(world):
    staying = [world.person() for _ in range(5)]
    leavers = [world.person(start=D(2025, 3, 3)) for _ in range(6)]
    for p in leavers[:5]:
        world.exit(p, D(2026, 5, 1), "regular_job")
    world.exit(leavers[5], D(2025, 6, 1), "health")  # longer than 12 months ago
    before_start = world.person(status=Status.WAITING_LIST, start=None)
    world.exit(before_start, D(2026, 5, 1), "moved", from_status=Status.WAITING_LIST)

    result = monitor.dropout(world.municipality, TODAY)
    assert result.base == len(staying) + 5
    assert result.total == Figure(5, 5)
    assert result.total_share.value == Decimal("50.0")
    by_reason = {r["reason"]: r for r in result.rows}
    assert by_reason["regular_job"]["count"].value == 5
    assert by_reason["health"]["count"].value == 0
    assert by_reason["moved"]["count"].value == 0  # never in service: not a drop-out


def test_size_against_target_and_growth(world):
    for _ in range(6):
        world.person(start=D(2026, 2, 2))
    for _ in range(2):
        world.person(start=D(2025, 2, 3))
    sick = world.person(status=Status.LONG_TERM_SICK, start=D(2025, 2, 3))
    assert sick.status == Status.LONG_TERM_SICK
    statuses = monitor.status_counts(world.municipality)
    size = monitor.size(world.municipality, world.params, TODAY, statuses)
    assert size.in_service == Figure(8, 8)
    assert size.long_term_sick.suppressed
    assert size.started_this_year == Figure(6, 6)
    assert size.net_growth.value == 6
    assert size.target_jobs == 20 and size.target_bar == "40.0"
    assert size.growth_target == 10 and size.growth_bar == "60.0"


# --- budget ---------------------------------------------------------------------------------------


def _budget(world, amount="500000"):
    budget = Budget.objects.create(
        municipality=world.municipality,
        programme=world.programme,
        name="Basisbaan Teststad 2026",
        start_date=D(2026, 1, 1),
        end_date=D(2026, 12, 31),
    )
    source = FundingSource.objects.create(
        municipality=world.municipality, name="Gemeente Teststad", kind="municipality"
    )
    BudgetLine.objects.create(
        budget=budget, source=source, cost_kind="wages", amount_eur=Decimal(amount)
    )
    return budget


def test_budget_costs_hidden_from_researchers_for_few_people_but_not_from_finance(world):
    _budget(world)
    for _ in range(3):
        world.person(start=D(2026, 1, 5))
    hidden = monitor.budget(world.municipality, TODAY, all_costs=False)
    assert hidden.suppressed and hidden.used is None and hidden.cost_per_job_year is None
    assert hidden.total == Decimal("500000")  # the budget itself is no one's wage
    shown = monitor.budget(world.municipality, TODAY, all_costs=True)
    assert not shown.suppressed and shown.used > 0 and shown.people == 3


def test_budget_used_is_the_contracts_cost_so_far(world):
    _budget(world)
    for _ in range(5):
        world.person(start=D(2026, 1, 5))
    result = monitor.budget(world.municipality, TODAY, all_costs=False)
    # 5 x 32 h x days/7 x 14.71 x 1.08 x 1.30 from 5-1 to 23-11-2026 (323 days)
    wages = Decimal(5 * 32) * Decimal(323) / 7 * Decimal("14.71") * Decimal("1.08") * Decimal("1.3")
    assert abs(result.used - wages) < 1
    assert result.used_pct.value == (100 * result.used / Decimal("500000")).quantize(Decimal("0.1"))
    assert result.name == "Basisbaan Teststad 2026"


def test_no_running_budget_says_so(world):
    result = monitor.budget(world.municipality, TODAY, all_costs=True)
    assert result.name is None and result.used is None


# --- the whole monitor on the demo world -----------------------------------------------------------


@pytest.mark.django_db
def test_build_on_the_demo_world():
    from basisbaan.tenants.models import Municipality

    groningen = Municipality.objects.get(cbs_code="GM0014")
    figures = monitor.build(groningen, WORLD_TODAY)
    assert figures["programme"].name == "Basisbaan Groningen"
    # The demo continues the targets and the yearly budgets up to the current year.
    assert figures["params"].valid_from.year == WORLD_TODAY.year
    assert figures["params"].target_jobs == 250
    assert figures["budget"].name == f"Basisbaan Groningen {WORLD_TODAY.year}"
    assert figures["size"].in_service.shown
    assert figures["liveability"], "the demo has monthly reports"
    assert all(1 <= row["average"] <= 5 for row in figures["liveability"])


def test_follow_up_outcomes_hide_small_groups_and_a_total_that_would_reveal_them(world):
    from basisbaan.participants.models import FollowUp

    def record(n, outcome, months=6):
        for _ in range(n):
            person = world.person()
            FollowUp.objects.create(
                participant=person, months=months, due_date=D(2026, 6, 1), outcome=outcome
            )

    record(6, FollowUp.Outcome.WORK)
    record(2, FollowUp.Outcome.BACK_ON_BIJSTAND)
    blocks, rows = monitor.follow_ups(world.municipality)
    six = {label: cells[0] for label, cells in rows}
    work = str(FollowUp.Outcome.WORK.label)
    back = str(FollowUp.Outcome.BACK_ON_BIJSTAND.label)
    assert six[work].value == 6 and not six[work].suppressed
    assert six[back].suppressed
    assert blocks[0]["total"].suppressed  # 8 - 6 would give the 2 away
    assert blocks[1]["total"].value == 0  # nobody at 12 months yet
