"""Retention per cohort and time to a permanent contract: the Kaplan-Meier arithmetic on
a textbook example computed by hand, censoring, suppression of small cohorts, and the
figures on a hand-made municipality (the World of ``conftest.py``)."""

import datetime
import math
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils.html import escape

from basisbaan.evaluation import retention
from basisbaan.evaluation.aggregates import Figure
from basisbaan.participants.models import ExitReason, Status, StatusChange
from tests.evaluation.conftest import TODAY, at

D = datetime.date

# Freireich et al. (1963), the 6-MP arm as Gehan (1965) gives it: weeks in remission,
# "+" (False) censored. The textbook example of Kaplan-Meier (Kleinbaum & Klein, ch. 2).
SIX_MP = [
    (6, True), (6, True), (6, True), (6, False), (7, True), (9, False), (10, True),
    (10, False), (11, False), (13, True), (16, True), (17, False), (19, False), (20, False),
    (22, True), (23, True), (25, False), (32, False), (32, False), (34, False), (35, False),
]  # fmt: skip

# By hand: at each event time n at risk, d events, S = S_prev * (1 - d/n), Greenwood
# SE = S * sqrt(sum d / (n (n - d))), log-log bounds S ** exp(-+1.96 SE / (S |ln S|)).
#   t=6:  n=21 d=3  S = 18/21            = 0.8571  SE = 0.8571 * sqrt(3/378)      = 0.0764
#   t=7:  n=17 d=1  S = 0.8571 * 16/17   = 0.8067  SE = 0.8067 * sqrt(.00794+1/272) = 0.0869
#   t=10: n=15 d=1  S = 0.8067 * 14/15   = 0.7529  SE = 0.0963
#   t=13: n=12 d=1  S = 0.7529 * 11/12   = 0.6902  SE = 0.1068
#   t=16: n=11 d=1  S = 0.6902 * 10/11   = 0.6275  SE = 0.1141
#   t=22: n=7  d=1  S = 0.6275 * 6/7     = 0.5378  SE = 0.1282
#   t=23: n=6  d=1  S = 0.5378 * 5/6     = 0.4482  SE = 0.1346
# t=6 interval: ln S = -0.15415, sqrt(3/378) = 0.08909, 1.96 * 0.08909 / 0.15415 = 1.1328,
# exp(1.1328) = 3.1043 -> low = 0.8571 ** 3.1043 = 0.6197; exp(-1.1328) = 0.3221 ->
# high = 0.8571 ** 0.3221 = 0.9516 (R: survfit(conf.type = "log-log") gives the same).
SIX_MP_STEPS = [
    # time, at risk, events, survival, standard error, low, high
    (6, 21, 3, 0.8571, 0.0764, 0.6197, 0.9516),
    (7, 17, 1, 0.8067, 0.0869, 0.5631, 0.9228),
    (10, 15, 1, 0.7529, 0.0963, 0.5032, 0.8894),
    (13, 12, 1, 0.6902, 0.1068, 0.4316, 0.8491),
    (16, 11, 1, 0.6275, 0.1141, 0.3675, 0.8049),
    (22, 7, 1, 0.5378, 0.1282, 0.2678, 0.7468),
    (23, 6, 1, 0.4482, 0.1346, 0.1880, 0.6801),
]


def test_kaplan_meier_on_the_textbook_example():
    steps = retention.kaplan_meier(SIX_MP)
    assert len(steps) == len(SIX_MP_STEPS)
    for step, (time, n, d, s, se, low, high) in zip(steps, SIX_MP_STEPS, strict=True):
        assert (step.time, step.at_risk, step.events) == (time, n, d)
        assert step.survival == pytest.approx(s, abs=5e-5)
        assert step.std_error == pytest.approx(se, abs=5e-5)
        assert step.low == pytest.approx(low, abs=5e-4)
        assert step.high == pytest.approx(high, abs=5e-4)
    # Exactly: S(6) = 6/7 and S(7) = 6/7 * 16/17.
    assert steps[0].survival == pytest.approx(6 / 7, rel=1e-12)
    assert steps[1].survival == pytest.approx(6 / 7 * 16 / 17, rel=1e-12)
    assert retention.median_time(steps) == 23
    assert retention.survival_at(steps, 5.9) == 1.0
    assert retention.survival_at(steps, 12) == pytest.approx(0.7529, abs=5e-5)
    assert retention.survival_at(steps, 100) == pytest.approx(0.4482, abs=5e-5)
    assert retention.at_risk_at([t for t, _e in SIX_MP], 12) == 12


def test_loglog_interval_is_undefined_at_zero_and_one():
    assert retention.loglog_interval(1.0, 0.0) == (None, None)
    assert retention.loglog_interval(0.0, math.inf) == (None, None)
    low, high = retention.loglog_interval(0.5, 0.02)
    assert 0 < low < 0.5 < high < 1


def test_censoring_keeps_people_at_risk_until_they_are_censored():
    # A censoring at an event time counts as after the event.
    steps = retention.kaplan_meier([(1, True), (2, False), (2, True), (3, True), (4, False)])
    assert [(s.time, s.at_risk, s.events) for s in steps] == [(1, 5, 1), (2, 4, 1), (3, 2, 1)]
    assert steps[-1].survival == pytest.approx(4 / 5 * 3 / 4 * 1 / 2)
    # Nobody had the event: a flat curve without steps, no median.
    assert retention.kaplan_meier([(3, False), (5, False)]) == []
    assert retention.median_time([]) is None
    # Everyone had it: the curve ends at 0, where the interval is undefined.
    last = retention.kaplan_meier([(1, True), (2, True)])[-1]
    assert last.survival == 0 and last.low is None and last.high is None
    with pytest.raises(ValueError):
        retention.kaplan_meier([(-1, True)])


def test_months_between():
    assert retention.months_between(D(2024, 1, 1), D(2025, 1, 1)) == pytest.approx(366 / 30.4375)
    assert retention.months_between(D(2023, 1, 9), D(2026, 1, 9)) > 36


def test_points_need_five_people_at_risk():
    pairs = [(1, True), *[(10, False)] * 6]
    steps = retention.kaplan_meier(pairs)
    durations = [t for t, _e in pairs]
    six = retention.point(steps, durations, 6)
    assert six.at_risk == Figure(6, 6)
    assert six.survival == Figure(Decimal("85.7"), 6)
    assert six.low.shown and six.high.shown
    assert retention.point(steps, durations, 12).survival == Figure(None, 0)  # nobody followed
    few = retention.point(retention.kaplan_meier(pairs[:4]), durations[:4], 6)
    assert few.survival.suppressed and few.at_risk.suppressed


def test_small_cohorts_are_suppressed_and_then_the_smallest_shown_one():
    big = retention.cohort_figures(2024, [(20, False)] * 12, [])
    middle = retention.cohort_figures(2025, [(8, False)] * 6, [])
    small = retention.cohort_figures(2026, [(2, False)] * 3, [])
    assert small.suppressed and all(p.survival.suppressed for p in small.points)
    assert not middle.suppressed
    result = retention.suppress_cohorts([big, middle, small])
    assert [c.suppressed for c in result] == [False, True, True]
    assert result[1].people == Figure(None, 6, suppressed=True)
    assert all(row["count"].suppressed for row in result[1].exits)
    # Nothing hidden: nothing changes.
    assert retention.suppress_cohorts([big, middle]) == [big, middle]


def test_permanent_figures_suppressed_under_five_people():
    few = retention.permanent_figures([(3, True), (4, True), (5, False), (6, True)], [True])
    assert few.people.suppressed and few.median.suppressed and few.within.suppressed
    empty = retention.permanent_figures([], [])
    assert empty.people == Figure(0, 0) and not empty.median.shown
    never = retention.permanent_figures([(10, False)] * 5, [])
    assert never.median == Figure(None, 5) and not never.median_reached


# --- on a hand-made municipality ----------------------------------------------------------------


def sick(p, day):
    p.status = Status.LONG_TERM_SICK
    p.save(update_fields=["status"])
    StatusChange.objects.create(
        participant=p, from_status=Status.EMPLOYED, to_status=Status.LONG_TERM_SICK, at=at(day)
    )


def permanent(p, day):
    p.status = Status.PERMANENT
    p.save(update_fields=["status"])
    StatusChange.objects.create(
        participant=p, from_status=Status.EMPLOYED, to_status=Status.PERMANENT, at=at(day)
    )


def test_cohort_curves_on_a_hand_made_municipality(world):
    start = D(2024, 1, 8)
    people = [world.person(start=start) for _ in range(12)]
    # Five left for a regular job (two after ~3 months, one after 9, two after 15).
    for p, day in zip(
        people[:5],
        [D(2024, 4, 8), D(2024, 4, 8), D(2024, 10, 8), D(2025, 4, 8), D(2025, 4, 8)],
        strict=True,
    ):
        world.exit(p, day, ExitReason.REGULAR_JOB)
    # One left after 21 months while long-term sick: an exit from service too.
    sick(people[5], D(2025, 6, 2))
    world.exit(people[5], D(2025, 10, 8), ExitReason.OWN_CHOICE, Status.LONG_TERM_SICK)
    # Long-term sick today: censored, like the five still employed.
    sick(people[6], D(2026, 9, 1))
    # A cohort of three (2026) and one of six (2025).
    for _ in range(3):
        world.person(start=D(2026, 3, 2))
    for _ in range(6):
        world.person(start=D(2025, 2, 3))
    # A first day in service after the reference day does not count.
    world.person(start=TODAY + datetime.timedelta(days=3))

    cohorts = retention.cohort_curves(world.municipality, TODAY)
    assert [c.year for c in cohorts] == [2024, 2025, 2026]
    first, second, third = cohorts
    assert first.people == Figure(12, 12)
    # S: t≈3: 10/12; t≈9: *9/10 = 0.75; t≈15: *7/9 = 0.5833; t≈21: *6/7 = 0.5.
    survival = {p.months: p.survival for p in first.points}
    at_risk = {p.months: p.at_risk for p in first.points}
    assert survival[6] == Figure(Decimal("83.3"), 10)
    assert survival[12] == Figure(Decimal("75.0"), 9)
    assert survival[24] == Figure(Decimal("50.0"), 6)
    assert survival[36] == Figure(None, 0)  # followed 34.5 months at most
    assert at_risk[6].value == 10 and at_risk[24].value == 6
    # Exits: 5 regular job, 1 own choice. The one hides, and with it the five (secondary
    # suppression as in the monitor's drop-out table); the total (6 of 12) is shown.
    rows = {row["reason"]: row for row in first.exits}
    assert rows["regular_job"]["n"] == 5 and rows["regular_job"]["count"].suppressed
    assert rows["own_choice"]["count"].suppressed
    assert first.exits_total == Figure(6, 6)
    assert first.exits_share == Figure(Decimal("50.0"), 12)
    # The cohort of three is hidden; the hidden people (3) are too few, so the 2025
    # cohort of six is hidden too.
    assert third.suppressed and third.people.n == 3
    assert second.suppressed
    # Every cohort's exit rows line up.
    table = retention.exit_table(cohorts)
    assert [row["reason"] for row in table] == list(ExitReason.values)
    assert all(len(row["cells"]) == 3 for row in table)


def test_the_programme_filter(world):
    from basisbaan.tenants.models import Programme

    other = Programme.objects.create(
        municipality=world.municipality,
        name="Pilot",
        start_date=D(2024, 1, 1),
        employer=world.employer,
    )
    for _ in range(5):
        world.person(start=D(2024, 2, 5))
    for _ in range(7):
        world.person(start=D(2024, 2, 5), programme=other)
    assert retention.cohort_curves(world.municipality, TODAY)[0].n == 12
    assert retention.cohort_curves(world.municipality, TODAY, programme=other)[0].n == 7
    assert retention.time_to_permanent(world.municipality, TODAY, world.programme).people.n == 5


def test_time_to_permanent_on_a_hand_made_municipality(world):
    start = D(2023, 1, 9)
    people = [world.person(start=start) for _ in range(10)]
    for p, day in zip(
        people[:6],
        [D(2023, 7, 10), D(2023, 7, 10), D(2024, 1, 9), D(2024, 7, 9), D(2025, 1, 9)]
        + [D(2026, 7, 9)],  # the sixth after 42 months
        strict=True,
    ):
        permanent(p, day)
    # Left before a permanent contract: censored at the exit (about 9 months).
    world.exit(people[6], D(2023, 10, 9), ExitReason.MOVED)
    # Left after the permanent contract: that was still a permanent contract.
    world.exit(people[0], D(2024, 3, 4), ExitReason.REGULAR_JOB, Status.PERMANENT)
    # Started recently: in the median, not in the 36-month share.
    world.person(start=D(2026, 6, 1))

    result = retention.time_to_permanent(world.municipality, TODAY)
    assert result.people == Figure(11, 11)
    # Times: 5.98 (2 events, 10 at risk) -> 0.8; 8.97 censored; 11.99 (7) -> 0.6857;
    # 17.97 (6) -> 0.5714; 24.02 (5) -> 0.4571: the median is 24.0 months.
    assert result.median == Figure(Decimal("24.0"), 11)
    assert result.median_reached
    # 36 months followed: the ten who started in January 2023; five were permanent within
    # 36 months (the one who moved and the one permanent after 42 months were not).
    assert result.followed == Figure(10, 10)
    assert result.within == Figure(Decimal("50.0"), 10)


def test_time_to_permanent_of_four_people_is_hidden(world):
    for _ in range(4):
        permanent(world.person(start=D(2023, 1, 9)), D(2023, 7, 10))
    result = retention.time_to_permanent(world.municipality, TODAY)
    assert result.people.suppressed and result.median.suppressed and result.within.suppressed


def test_the_partial_renders(world):
    for _ in range(6):
        world.person(start=D(2024, 1, 8))
    for _ in range(2):
        world.person(start=D(2025, 1, 6))
    html = render_to_string(
        "evaluation/_retention.html",
        {"retention": retention.build(world.municipality, TODAY, world.programme)},
    )
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert "utrecht-table" in html
    assert "2024" in html and "2025" in html
    assert "&lt; 5" in html  # the cohorts are hidden (2 people, then the 6 with them)
    assert escape(str(retention.RETENTION_DEFINITION)) in html
    assert "Basisbaan Teststad" in html
    empty = render_to_string(
        "evaluation/_retention.html",
        {"retention": retention.build(world.municipality, D(2020, 1, 1))},
    )
    assert "Nobody has started work yet." in empty


def test_a_contract_made_permanent_when_three_years_are_full_counts_as_within(world):
    # The demo's (and the law's) rule: permanent on the day 36 calendar months are full,
    # which is a little more than 36 average months of 30.44 days.
    for _ in range(5):
        permanent(world.person(start=D(2023, 1, 31)), D(2026, 1, 31))
    result = retention.time_to_permanent(world.municipality, TODAY)
    assert result.followed == Figure(5, 5)
    assert result.within == Figure(Decimal("100.0"), 5)
