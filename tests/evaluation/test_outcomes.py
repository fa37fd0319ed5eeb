"""Before and after: the change from the baseline (T0) to each person's latest later
round, per measure, with its 95 % confidence interval; small groups are suppressed."""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from basisbaan.evaluation import monitor, outcomes
from basisbaan.guidance.models import MeasurementRound

D = datetime.date
MEASURES = {m.key: m for m in outcomes.MEASURES}


# --- the statistics ---------------------------------------------------------------------------


def test_t_critical_values():
    assert outcomes.t_critical(4) == pytest.approx(2.7764, abs=1e-4)
    assert outcomes.t_critical(10) == pytest.approx(2.2281, abs=1e-4)
    assert outcomes.t_critical(11) == pytest.approx(2.2010, abs=1e-3)
    assert outcomes.t_critical(30) == pytest.approx(2.0423, abs=1e-4)
    assert outcomes.t_critical(1000) == pytest.approx(1.9623, abs=1e-4)
    with pytest.raises(ValueError):
        outcomes.t_critical(0)


def test_confidence_interval_on_hand_made_numbers():
    # Mean 3, standard deviation sqrt(2.5), standard error sqrt(0.5); t(4) = 2.7764.
    average, low, high = outcomes.mean_ci([1, 2, 3, 4, 5])
    margin = 2.7764 * math.sqrt(2.5) / math.sqrt(5)
    assert average == 3
    assert low == pytest.approx(3 - margin, abs=1e-6)
    assert high == pytest.approx(3 + margin, abs=1e-6)
    # No spread: the interval is the mean itself.
    assert outcomes.mean_ci([2, 2, 2]) == (2, 2, 2)
    with pytest.raises(ValueError):
        outcomes.mean_ci([1])


def test_change_over_pairs():
    pairs = [(10, 11), (10, 12), (10, 13), (10, 14), (10, 15)]
    result = outcomes.change(pairs)
    assert result.n == 5
    assert result.before.value == Decimal("10.0") and result.after.value == Decimal("13.0")
    assert result.change.value == Decimal("3.0")
    assert result.low.value == Decimal("1.0") and result.high.value == Decimal("5.0")
    assert result.people.value == 5


def test_fewer_than_five_people_are_suppressed():
    result = outcomes.change([(1, 2), (1, 3), (2, 2), (3, 5)])
    assert result.suppressed and result.n == 4
    for figure in (result.before, result.after, result.change, result.low, result.high):
        assert figure.suppressed and figure.value is None
    assert result.people.suppressed
    assert not outcomes.change([]).suppressed and outcomes.change([]).change.value is None


def test_a_small_hidden_cohort_is_not_given_away_by_the_total():
    big = outcomes.change([(1, 2)] * 6)
    bigger = outcomes.change([(1, 3)] * 9)
    small = outcomes.change([(1, 5)] * 2)
    total = outcomes.change([(1, 2)] * 6 + [(1, 3)] * 9 + [(1, 5)] * 2)
    cohorts, shown_total = outcomes.suppress_cohorts({"a": big, "b": bigger, "c": small}, total)
    assert cohorts["c"].suppressed and cohorts["a"].suppressed  # the smallest shown one too
    assert not cohorts["b"].suppressed and not shown_total.suppressed
    # Nothing else to hide: the total goes.
    cohorts, shown_total = outcomes.suppress_cohorts(
        {"a": big, "c": small}, outcomes.change([(1, 2)] * 6 + [(1, 5)] * 2)
    )
    assert cohorts["a"].suppressed and cohorts["c"].suppressed
    # With "a" hidden too, eight people are hidden together: the total may stay.
    assert not shown_total.suppressed
    cohorts, shown_total = outcomes.suppress_cohorts({"c": small}, outcomes.change([(1, 5)] * 2))
    assert shown_total.suppressed


# --- per measure, on hand-made rounds --------------------------------------------------------------


def _round(world, p, kind, number, held_on, **values):
    return MeasurementRound.objects.create(
        participant=p,
        kind=kind,
        number=number,
        due_date=held_on,
        held_on=held_on,
        **values,
    )


BEFORE_AFTER = {
    "who5": ({"who5_raw": 10, "who5_score": 40}, {"who5_raw": 15, "who5_score": 60}, 20),
    "health": ({"self_rated_health": 2}, {"self_rated_health": 4}, 2),
    "confidence": ({"self_confidence": 1}, {"self_confidence": 4}, 3),
    "social": ({"social_contacts": 3}, {"social_contacts": 2}, -1),
    "ladder": ({"ladder_rung": 2}, {"ladder_rung": 5}, 3),
    "income": (
        {"net_income_eur": Decimal("1300"), "income_source": "bijstand"},
        {"net_income_eur": Decimal("1750.50"), "income_source": "wage"},
        450.5,
    ),
    "wage": ({"income_source": "bijstand"}, {"income_source": "wage"}, 100),
    "zrm": (
        {"zrm_scores": {"finances": 2, "housing": 3}},
        {"zrm_scores": {"finances": 4, "housing": 4}},
        1.5,
    ),
}


def test_every_measure_is_tested():
    assert set(BEFORE_AFTER) == set(MEASURES)


@pytest.mark.parametrize("key", sorted(BEFORE_AFTER))
def test_the_change_of_one_participant_per_measure(world, key):
    before, after, expected = BEFORE_AFTER[key]
    p = world.person(start=D(2026, 1, 5))
    _round(world, p, "baseline", 0, D(2025, 12, 20), **before)
    # An earlier later round is overruled by the latest one.
    _round(world, p, "scheduled", 1, D(2026, 3, 1), **before)
    _round(world, p, "scheduled", 2, D(2026, 7, 5), **after)
    rows = list(MeasurementRound.objects.filter(participant=p).values(*outcomes.ROUND_FIELDS))
    pairs = outcomes.pairs_by_person(rows, MEASURES[key])
    assert set(pairs) == {p.pk}
    t0, now = pairs[p.pk]
    assert now - t0 == pytest.approx(expected)


@pytest.mark.parametrize("key", sorted(BEFORE_AFTER))
def test_the_programme_figure_per_measure(world, key):
    before, after, expected = BEFORE_AFTER[key]
    for _ in range(5):
        p = world.person(start=D(2026, 1, 5))
        _round(world, p, "baseline", 0, D(2025, 12, 20), **before)
        _round(world, p, "exit", 0, D(2026, 9, 1), **after)
    result = outcomes.before_and_after(world.municipality)
    row = next(r for r in result["measures"] if r["measure"].key == key)
    assert row["total"].n == 5
    measure = MEASURES[key]
    assert row["total"].change.value == Decimal(str(expected)).quantize(
        measure.places, rounding=ROUND_HALF_UP
    )
    assert row["total"].low.value == row["total"].change.value  # no spread
    assert [c["label"] for c in row["cohorts"]] == ["2026 Q1"]


def test_without_a_later_round_or_a_baseline_nobody_counts(world):
    only_t0 = world.person()
    _round(world, only_t0, "baseline", 0, D(2025, 12, 20), self_rated_health=2)
    only_later = world.person()
    _round(world, only_later, "scheduled", 1, D(2026, 7, 5), self_rated_health=4)
    before_t0 = world.person()
    _round(world, before_t0, "baseline", 0, D(2025, 12, 20), self_rated_health=2)
    _round(world, before_t0, "scheduled", 1, D(2025, 12, 1), self_rated_health=5)
    not_held = world.person()
    _round(world, not_held, "baseline", 0, D(2025, 12, 20), self_rated_health=2)
    MeasurementRound.objects.create(
        participant=not_held, kind="scheduled", number=1, due_date=D(2026, 7, 5)
    )
    rows = list(
        MeasurementRound.objects.filter(participant__municipality=world.municipality).values(
            *outcomes.ROUND_FIELDS
        )
    )
    assert outcomes.pairs_by_person(rows, MEASURES["health"]) == {}


def test_cohorts_are_the_quarter_of_the_start_and_small_ones_are_hidden(world):
    for month, n in ((1, 6), (4, 2)):
        for _ in range(n):
            p = world.person(start=D(2026, month, 5))
            _round(world, p, "baseline", 0, D(2025, 12, 20), self_rated_health=2)
            _round(world, p, "scheduled", 1, D(2026, 11, 1), self_rated_health=3)
    result = outcomes.before_and_after(world.municipality)
    assert result["cohorts"] == ["2026 Q1", "2026 Q2"]
    health = next(r for r in result["measures"] if r["measure"].key == "health")
    q1, q2 = (c["change"] for c in health["cohorts"])
    assert q2.suppressed and q2.n == 2
    # Shown, the Q1 figure and the total would give the two people of Q2 away: hidden too.
    assert q1.suppressed
    assert not health["total"].suppressed and health["total"].n == 8
    assert health["total"].change.value == Decimal("1.00")


def test_the_monitor_shows_before_and_after(world):
    figures = monitor.build(world.municipality, D(2026, 11, 23))
    assert [r["measure"].key for r in figures["outcomes"]["measures"]] == list(MEASURES)


def test_the_monitor_page_has_the_section(login):
    page = login("planner-groningen").get(reverse("evaluation:monitor")).content.decode()
    assert 'id="outcomes"' in page
