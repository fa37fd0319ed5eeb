"""The programme figures: arithmetic on hand-made rows, and the demo data against a
direct database count."""

import datetime
from types import SimpleNamespace

import pytest
from django.db.models import Q

from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma import figures
from basisbaan.werkprogramma.figures import Row
from basisbaan.werkprogramma.models import (
    Enrolment,
    Outcome,
    OutcomeFollowUp,
    Route,
    StepProgress,
)
from tests.conftest import WORLD_TODAY

D = datetime.date


def _route(pk, kind="scan", target=10):
    return SimpleNamespace(pk=pk, kind=kind, target=target)


def test_compute_on_hand_made_rows():
    prevention, scan = _route(1, Route.Kind.PREVENTION, 100), _route(2, "scan", 50)
    rows = [
        Row(1, 1, "done", D(2024, 2, 1), "work", D(2024, 5, 1), "not_entered"),
        Row(2, 1, "done", D(2024, 2, 10), "no_outcome", D(2024, 8, 1), "entered"),
        Row(3, 2, "active", D(2024, 4, 2)),
        Row(3, 1, "stopped", D(2024, 4, 3), "no_outcome", D(2024, 4, 20)),
        Row(4, 2, "done", D(2024, 7, 1), "basisbaan", D(2024, 9, 30)),
        Row(5, 2, "active", D(2023, 12, 31)),  # before the period: not counted
    ]
    f = figures.compute(
        rows,
        [prevention, scan],
        target_people=500,
        start=D(2024, 1, 1),
        end=D(2026, 12, 31),
        today=D(2024, 10, 15),
        steps=(7, 2),
        follow_ups={6: {"due": 1, "recorded": 1, "lasted": 1}},
    )
    assert (f.activated, f.started, f.active) == (4, 5, 1)
    assert f.outcomes == {"work": 1, "no_outcome": 2, "basisbaan": 1}
    assert f.outflow == 2 and f.prevented == 1 and f.prevention_entered == 1
    assert f.progress_pct == 1  # 4 of 500
    assert [q["label"] for q in f.per_quarter] == ["2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4"]
    assert [q["started"] for q in f.per_quarter] == [2, 2, 1, 0]
    # Open at the quarter's end: Q1 rows 1 and 2; Q2 row 2 and 3; Q3 and Q4 row 3 only.
    assert [q["active"] for q in f.per_quarter] == [2, 2, 1, 1]
    work, basisbaan, no_outcome = (
        Outcome.values.index(k) for k in ("work", "basisbaan", "no_outcome")
    )
    assert f.per_quarter[1]["outcomes"][work] == 1
    assert f.per_quarter[1]["outcomes"][no_outcome] == 1  # the stop in April
    assert f.per_quarter[2]["outcomes"][basisbaan] == 1
    assert f.per_quarter[2]["outcomes"][no_outcome] == 1
    by_route = {r["route"].pk: r for r in f.per_route}
    assert (by_route[1]["people"], by_route[1]["started"], by_route[1]["active"]) == (3, 3, 0)
    assert (by_route[2]["people"], by_route[2]["started"], by_route[2]["active"]) == (2, 2, 1)
    assert f.steps_done == 7 and f.durability == [
        {"months": 6, "due": 1, "recorded": 1, "lasted": 1}
    ]


def test_suppression_hides_small_groups_for_others_only():
    f = figures.compute(
        [Row(1, 1, "active", D(2024, 2, 1))],
        [_route(1)],
        target_people=500,
        start=D(2024, 1, 1),
        end=D(2026, 12, 31),
        today=D(2024, 3, 1),
    )
    hidden = figures.suppressed(f, full=False)
    assert hidden.activated == "<5" and hidden.per_route[0]["started"] == "<5"
    assert hidden.per_route[0]["target"] == 10 and hidden.progress_pct is None
    assert hidden.per_quarter[0]["started"] == "<5" and hidden.per_quarter[0]["outcomes"][0] == 0
    assert figures.suppressed(f, full=True).activated == 1
    assert figures.suppress(0, False) == 0 and figures.suppress(5, False) == 5


def test_quarters_span_years():
    assert figures.quarters(D(2024, 11, 5), D(2025, 2, 1)) == [(2024, 4), (2025, 1)]


@pytest.mark.django_db
def test_demo_figures_match_a_direct_database_count():
    programme = Programme.objects.get(name="Werkprogramma Groningen")
    start, end = figures.period(programme)
    f = figures.programme_figures(programme, WORLD_TODAY)
    in_period = Enrolment.objects.filter(
        route__programme=programme, enrolled_on__range=(start, min(WORLD_TODAY, end))
    )
    assert f.target == 500
    assert f.started == in_period.count() > 0
    assert f.activated == in_period.values("participant").distinct().count()
    assert f.active == in_period.filter(status="active").count()
    assert (
        f.outflow
        == in_period.filter(status="done", outcome__in=["work", "basisbaan", "education"]).count()
    )
    assert (
        f.prevented
        == in_period.filter(route__kind="prevention", bijstand_result="not_entered").count()
    )
    assert (
        f.steps_done
        == StepProgress.objects.filter(enrolment__in=in_period, done_on__isnull=False).count()
    )
    for row in f.per_route:
        mine = in_period.filter(route=row["route"])
        assert row["started"] == mine.count()
        assert row["active"] == mine.filter(status="active").count()
        for kind, n in zip(Outcome.values, row["outcomes"], strict=True):
            closed = Q(status="done", outcome=kind)
            if kind == Outcome.NO_OUTCOME:
                closed |= Q(status="stopped")
            assert n == mine.filter(closed).count()
    assert sum(q["started"] for q in f.per_quarter) == f.started
    assert (
        sum(sum(r["outcomes"]) for r in f.per_route) == in_period.exclude(status="active").count()
    )
    for row in f.durability:
        follow_ups = OutcomeFollowUp.objects.filter(
            enrolment__in=in_period, months=row["months"], enrolment__outcome__in=figures.OUTFLOW
        )
        assert row["recorded"] == follow_ups.exclude(lasted="").count()
        assert row["lasted"] == follow_ups.filter(lasted="yes").count()
