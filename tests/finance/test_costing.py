"""The cost calculation: Assen's pilot by hand, bijstand saved, growth paths, bad input."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from basisbaan.finance import costing
from basisbaan.finance.models import CostRates, GuidanceAgreement, Scenario
from basisbaan.tenants.models import BijstandsNorm, EmployerTerms, MinimumWage
from basisbaan.tenants.wages import Tables

pytestmark = pytest.mark.django_db
D = Decimal

# Assen's pilot, 1-1-2021 to 31-12-2022: the published WML per hour at a 36-hour week in
# each WML period, with the period's calendar days.
ASSEN_PERIODS = [
    ("2021-01-01", D("10.80"), 181),
    ("2021-07-01", D("10.91"), 184),
    ("2022-01-01", D("11.06"), 181),
    ("2022-07-01", D("11.26"), 184),
]


def _cli(*args):
    out = StringIO()
    call_command("cost_scenario", *args, stdout=out)
    return out.getvalue()


def test_assen_pilot_reproduces_the_hand_computation():
    data = json.loads(
        _cli(
            "--municipality",
            "GM0106",
            "--from",
            "2021-01-01",
            "--to",
            "2022-12-31",
            "--jobs",
            "7",
            "--hours",
            "32",
            "--household",
            "single",
            "--budget",
            "150000",
            "--json",
        )
    )
    # By hand: 7 jobs x 32 h x days / 7 per WML period, at that period's WML.
    hours = sum(D(7) * 32 * days / 7 for _d, _w, days in ASSEN_PERIODS)
    gross = sum(D(7) * 32 * days / 7 * wage for _d, wage, days in ASSEN_PERIODS)
    assert hours == D("23360")
    assert abs(D(str(data["hours_paid"])) - hours) < D("0.01")
    assert abs(D(str(data["gross_wage"])) / gross - 1) < D("0.01")
    terms = EmployerTerms.objects.get(employer__name="Thermiek BV")
    factor = (1 + (terms.holiday_allowance_pct + terms.other_components_pct) / 100) * (
        1 + terms.employer_charges_pct / 100
    )
    assert abs(D(str(data["wage_cost"])) / (gross * factor) - 1) < D("0.01")
    # guidance: 7 jobs x 24 months x the mean fee of Assen's agreements
    fees = [
        a.fee_per_participant_month_eur
        for a in GuidanceAgreement.objects.filter(municipality__cbs_code="GM0106")
    ]
    assert abs(D(str(data["guidance_cost"])) - 7 * 24 * sum(fees) / len(fees)) < 1
    rates = CostRates.objects.get(municipality__cbs_code="GM0106")
    coach = 7 * 24 * rates.coach_hours_per_participant_month * rates.coach_hourly_cost_eur
    assert abs(D(str(data["coach_cost"])) - coach) < 1
    # every WML row used is listed with its date and source
    used = [p for p in data["parameters"] if p["table"] == "minimum_wage"]
    assert [p["valid_from"] for p in used] == [d for d, _w, _n in ASSEN_PERIODS]
    assert [D(p["hourly_eur"]) for p in used] == [w for _d, w, _n in ASSEN_PERIODS]
    assert all(p["source"] for p in data["parameters"])
    total = data["wage_cost"] + data["guidance_cost"] + data["coach_cost"]
    assert data["net_cost"] == pytest.approx(total - data["bijstand_saved"], abs=0.02)
    assert data["net_cost_per_job_year"] == pytest.approx(data["net_cost"] / 14, abs=0.01)
    assert data["jobs_funded_gross"] == pytest.approx(150000 * 7 / total, abs=0.05)
    assert data["jobs_funded_net"] > data["jobs_funded_gross"]
    assert {"hours_paid", "bijstand_saved", "by_year", "period"} <= set(data)


def test_the_text_output_names_the_rows_used():
    text = _cli(
        "--municipality",
        "GM0106",
        "--from",
        "2021-01-01",
        "--to",
        "2022-12-31",
        "--jobs",
        "7",
        "--hours",
        "32",
    )
    assert "minimum_wage from 2021-07-01" in text and "Net cost" in text and "Rates used" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours", "-4"], "Hours per week"),
        (["--hours", "32", "--from", "2019-01-01"], "No minimum wage is known on 01-01-2019"),
        (["--hours", "32", "--municipality", "GM9998"], "Unknown municipality GM9998"),
        (["--hours", "32", "--to", "2020-12-31"], "end date lies before"),
        (["--hours", "abc"], "Not a number"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(args, message):
    base = {
        "--municipality": "GM0106",
        "--from": "2021-01-01",
        "--to": "2022-12-31",
        "--jobs": "7",
    }
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    before = Scenario.objects.count()
    with pytest.raises(CommandError, match=message):
        _cli(*[x for pair in base.items() for x in pair])
    assert Scenario.objects.count() == before


def _rates(full_time=36, net_pct=D("90")):
    """In-memory rates: today's national tables, a 36-hour employer, one fee."""
    terms = EmployerTerms(
        valid_from=datetime.date(2020, 1, 1),
        full_time_hours=full_time,
        holiday_allowance_pct=D("8"),
        other_components_pct=D("0"),
        employer_charges_pct=D("30"),
    )
    rates = CostRates(
        valid_from=datetime.date(2020, 1, 1),
        coach_hours_per_participant_month=D("4"),
        coach_hourly_cost_eur=D("50"),
        net_wage_pct=net_pct,
    )
    agreement = GuidanceAgreement(
        valid_from=datetime.date(2020, 1, 1), fee_per_participant_month_eur=D("300")
    )
    return costing.Rates(Tables(), [terms], [agreement], [rates])


def test_bijstand_saved_is_the_norm_less_what_remains_supplementary():
    july = datetime.date(2025, 7, 1)
    month = costing.Piece(july, datetime.date(2025, 7, 31))
    norm = BijstandsNorm.on(july)
    # 32 h single: the net wage (32 x 52/12 x 14.40 x 1.08 x 0.9) is above the norm
    single = costing.cost_piece(_rates(), month, D(1), D(32), D(1), costing.Used())
    assert single.bijstand_saved == norm.single_eur and single.supplementary_bijstand == 0
    # a couple on 24 hours keeps supplementary bijstand: net wage below the couple norm
    couple = costing.cost_piece(_rates(), month, D(1), D(24), D(0), costing.Used())
    net = D(24) * D(52) / D(12) * D("14.40") * D("1.08") * D("0.9")
    assert couple.bijstand_saved == pytest.approx(net, abs=D("0.01"))
    assert couple.supplementary_bijstand == pytest.approx(norm.couple_eur - net, abs=D("0.01"))
    assert couple.bijstand_saved + couple.supplementary_bijstand == norm.couple_eur


def test_pieces_follow_months_and_rate_changes():
    parts = costing.pieces(
        datetime.date(2025, 6, 15), datetime.date(2025, 8, 10), {datetime.date(2025, 7, 1)}
    )
    assert [(p.start.isoformat(), p.days) for p in parts] == [
        ("2025-06-15", 16),
        ("2025-07-01", 31),
        ("2025-08-01", 10),
    ]
    assert parts[0].month_share == D(16) / D(30)


def test_a_growth_path_adds_jobs_each_year_up_to_the_cap():
    jobs_on = costing.growth_path(datetime.date(2025, 3, 1), 160, 50, 250)
    assert jobs_on(datetime.date(2026, 2, 28)) == 160
    assert jobs_on(datetime.date(2026, 3, 1)) == 210
    assert jobs_on(datetime.date(2028, 3, 1)) == 250
    result = costing.scenario_cost(
        _rates(),
        start=datetime.date(2025, 3, 1),
        end=datetime.date(2027, 2, 28),
        jobs=160,
        hours_per_week=D(32),
        growth_per_year=50,
        max_jobs=250,
    )
    assert result.jobs_at_end == 210
    assert result.totals.job_years == pytest.approx(D(160) * 365 / 365 + D(210) * 365 / 365, abs=1)
    assert set(result.by_year) == {2025, 2026, 2027}
    assert sum(t.wage_cost for t in result.by_year.values()) == pytest.approx(
        result.totals.wage_cost, abs=D("0.01")
    )


def test_missing_norms_are_reported_not_guessed():
    result = costing.scenario_cost(
        _rates(),
        start=datetime.date(2020, 3, 1),
        end=datetime.date(2020, 12, 31),
        jobs=9,
        hours_per_week=D(32),
    )
    assert any("01-03-2020" in gap for gap in result.gaps)
    assert result.totals.bijstand_saved > 0  # counted from July 2020 on
    later = costing.scenario_cost(
        _rates(),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        jobs=1,
        hours_per_week=D(32),
    )
    newest = BijstandsNorm.objects.order_by("-valid_from").first().valid_from
    if newest < datetime.date(2025, 7, 3):
        assert any("bijstand norm" in gap for gap in later.gaps)


def test_wml_before_the_table_is_an_error():
    with pytest.raises(costing.CostError, match="minimum wage"):
        costing.scenario_cost(
            _rates(),
            start=datetime.date(2019, 6, 1),
            end=datetime.date(2020, 6, 1),
            jobs=1,
            hours_per_week=D(32),
        )
    assert MinimumWage.objects.order_by("valid_from").first().valid_from == datetime.date(
        2020, 1, 1
    )
