"""The dated national tables and wages that follow the minimum wage (WML).

The published figures below are the test's oracle (Staatscourant / Rijksoverheid, see
the sources in tenants migration 0006): the code must reproduce them from the tables.
"""

import datetime
from decimal import Decimal

import pytest

from basisbaan.guidance import payroll
from basisbaan.participants.models import EmploymentContract, Participant, Status
from basisbaan.tenants.models import (
    BijstandsNorm,
    Employer,
    EmployerTerms,
    MinimumWage,
    Municipality,
    Programme,
)

pytestmark = pytest.mark.django_db
D = Decimal

# valid from: published gross hourly WML at a 36, 38 and 40 hour full-time week
# (until July 2023), and the one hourly WML since 2024.
PUBLISHED_HOURLY = {
    "2020-01-01": ("10.60", "10.05", "9.54"),
    "2020-07-01": ("10.77", "10.21", "9.70"),
    "2021-01-01": ("10.80", "10.24", "9.72"),
    "2021-07-01": ("10.91", "10.34", "9.82"),
    "2022-01-01": ("11.06", "10.48", "9.96"),
    "2022-07-01": ("11.26", "10.67", "10.14"),
    "2023-01-01": ("12.40", "11.75", "11.16"),
    "2023-07-01": ("12.79", "12.12", "11.51"),
    "2024-01-01": ("13.27",) * 3,
    "2024-07-01": ("13.68",) * 3,
    "2025-01-01": ("14.06",) * 3,
    "2025-07-01": ("14.40",) * 3,
    "2026-01-01": ("14.71",) * 3,
}
CHANGES = sorted(PUBLISHED_HOURLY)[1:]


def test_the_table_holds_every_wml_row_since_2020_with_its_source():
    rows = {r.valid_from.isoformat(): r for r in MinimumWage.objects.all()}
    assert set(PUBLISHED_HOURLY) <= set(rows)
    for date in PUBLISHED_HOURLY:
        assert rows[date].source, date


@pytest.mark.parametrize("date", sorted(PUBLISHED_HOURLY))
def test_hourly_wml_at_each_full_time_week_is_as_published(date):
    row = MinimumWage.objects.get(valid_from=date)
    for hours, published in zip((36, 38, 40), PUBLISHED_HOURLY[date], strict=True):
        assert row.hourly_for(hours) == D(published), (date, hours)


def test_bijstand_norms_since_july_2020_as_published():
    norms = {n.valid_from.isoformat(): n for n in BijstandsNorm.objects.all()}
    assert norms["2020-07-01"].single_eur == D("1059.03")
    assert norms["2021-01-01"].couple_eur == D("1536.34")
    assert norms["2023-01-01"].single_eur == D("1195.66")
    assert norms["2024-07-01"].couple_eur == D("1869.21")
    for norm in norms.values():
        # the single norm is 70 % of the couple norm
        assert abs(norm.single_eur / norm.couple_eur - D("0.7")) < D("0.0005")


def test_a_row_has_either_an_hourly_or_a_weekly_wage():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        MinimumWage(valid_from=datetime.date(2030, 1, 1)).full_clean()
    with pytest.raises(ValidationError):
        MinimumWage(
            valid_from=datetime.date(2030, 1, 1), hourly_eur=D("15"), weekly_eur=D("500")
        ).full_clean()


@pytest.fixture
def town():
    """A municipality with one employer (36-hour week) and one participant on a contract
    that runs from 2020 on."""
    municipality = Municipality.objects.create(name="Proefdorp", cbs_code="GM0999", slug="proef")
    employer = Employer.objects.create(municipality=municipality, name="Gemeente Proefdorp")
    EmployerTerms.objects.create(employer=employer, valid_from=datetime.date(2020, 1, 1))
    programme = Programme.objects.create(
        municipality=municipality,
        name="Basisbaan Proefdorp",
        start_date=datetime.date(2020, 1, 1),
        employer=employer,
    )
    participant = Participant.objects.create(
        municipality=municipality,
        programme=programme,
        bsn="111222333",
        initials="T.",
        surname="Loon",
        birth_date=datetime.date(1975, 5, 5),
        postcode="9711 AB",
        house_number="1",
        status=Status.PERMANENT,
        contract_hours=32,
    )
    contract = EmploymentContract.objects.create(
        participant=participant,
        start_date=datetime.date(2020, 1, 1),
        hours_per_week=32,
        kind=EmploymentContract.Kind.PERMANENT,
        employer=employer,
    )
    return municipality, participant, contract


def _month_before(day: datetime.date) -> datetime.date:
    return (day - datetime.timedelta(days=1)).replace(day=1)


@pytest.mark.parametrize("change", CHANGES)
def test_every_wml_change_raises_a_running_contract_and_the_payroll_export(town, user, change):
    municipality, participant, contract = town
    day = datetime.date.fromisoformat(change)
    before = PUBLISHED_HOURLY[
        CHANGES[CHANGES.index(change) - 1] if change != CHANGES[0] else "2020-01-01"
    ][0]
    after = PUBLISHED_HOURLY[change][0]
    assert contract.wage_on(day - datetime.timedelta(days=1)).hourly == D(before)
    assert contract.wage_on(day).hourly == D(after)
    finance = user("financien-groningen")
    months = {}
    for month in (_month_before(day), day):
        export = payroll.lock_month(municipality, month, finance)
        months[month] = export.lines.get(participant=participant, kind="regular")
    assert months[_month_before(day)].hourly_wage == D(before)
    assert months[day].hourly_wage == D(after)
    assert months[day].employer == "Gemeente Proefdorp"
    rows = payroll.file_rows(export)
    wage = payroll.COLUMNS.index("hourly_wage")
    assert (
        rows[0][wage] == D(after)
        and rows[0][payroll.COLUMNS.index("employer")] == "Gemeente Proefdorp"
    )


def test_the_contract_history_shows_each_wage_period(town):
    _municipality, _participant, contract = town
    periods = contract.wage_periods(end=datetime.date(2026, 3, 31))
    assert [p.start.isoformat() for p in periods] == sorted(PUBLISHED_HOURLY)
    assert [str(p.hourly) for p in periods] == [
        PUBLISHED_HOURLY[d][0] for d in sorted(PUBLISHED_HOURLY)
    ]


def test_a_supplement_comes_on_top_of_every_minimum_wage(town):
    _municipality, _participant, contract = town
    contract.wage_supplement_eur = D("0.50")
    contract.save()
    assert contract.wage_on(datetime.date(2021, 3, 1)).hourly == D("11.30")
    assert contract.wage_on(datetime.date(2026, 3, 1)).hourly == D("15.21")


def test_a_38_hour_employer_pays_the_38_hour_rate_before_2024(town):
    _municipality, _participant, contract = town
    terms = contract.employer.terms.get()
    terms.full_time_hours = 38
    terms.save()
    assert contract.wage_on(datetime.date(2022, 8, 1)).hourly == D("10.67")
    assert contract.wage_on(datetime.date(2024, 8, 1)).hourly == D("13.68")
