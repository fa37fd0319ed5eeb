import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from basisbaan.organisations.models import Organisation
from basisbaan.organisations.validators import validate_bsn
from basisbaan.tenants.models import BijstandsNorm, MinimumWage, Neighbourhood, Programme


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "hourly"),
    [
        ("2025-03-01", "14.06"),
        ("2025-07-01", "14.40"),
        ("2025-12-31", "14.40"),
        ("2026-11-23", "14.71"),
    ],
)
def test_minimum_wage_is_a_dated_figure(date, hourly):
    assert MinimumWage.on(datetime.date.fromisoformat(date)).hourly_eur == Decimal(hourly)


@pytest.mark.django_db
def test_no_figure_before_the_first_date():
    with pytest.raises(LookupError):
        MinimumWage.on(datetime.date(2019, 1, 1))
    assert BijstandsNorm.on(datetime.date(2025, 8, 1)).single_eur == Decimal("1369.06")


@pytest.mark.django_db
def test_kvk_number_is_validated_when_given():
    org = Organisation(
        municipality=Programme.objects.first().municipality,
        name="X",
        kind="shop",
        kvk_number="1234",
    )
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert "kvk_number" in excinfo.value.message_dict
    org.kvk_number = ""
    org.full_clean()


def test_bsn_validator_uses_the_elfproef():
    validate_bsn("111222333")
    with pytest.raises(ValidationError):
        validate_bsn("111222334")


@pytest.mark.django_db
def test_neighbourhood_codes_follow_cbs():
    hood = Neighbourhood.objects.filter(municipality__cbs_code="GM0014").first()
    assert hood.cbs_code.startswith("WK0014") and hood.cbs_year == 2024
    hood.cbs_code = "XX12"
    with pytest.raises(ValidationError):
        hood.full_clean()


@pytest.mark.django_db
def test_admin_adds_dated_parameters_and_bad_input_changes_nothing(login):
    programme = Programme.objects.get(name="Basisbaan Groningen")
    client = login("admin")
    client.post(
        reverse("accounts:switch_municipality"), {"municipality": programme.municipality_id}
    )
    url = reverse("tenants:parameters_create", args=[programme.pk])
    before = programme.parameters.count()
    # A year after the newest one on record (the demo has them up to the current year).
    year = programme.parameters.order_by("-valid_from").first().valid_from.year + 1
    bad = client.post(
        url,
        {
            "valid_from": f"{year}-01-01",
            "min_hours": 30,
            "max_hours": 20,
            "growth_target_per_year": 50,
            "target_jobs": 300,
        },
    )
    assert bad.status_code == 200 and "max_hours" in bad.context["form"].errors
    assert programme.parameters.count() == before
    good = client.post(
        url,
        {
            "valid_from": f"{year}-01-01",
            "min_hours": 24,
            "max_hours": 36,
            "growth_target_per_year": 50,
            "target_jobs": 300,
            "version": programme.version,  # as read from the page
        },
    )
    assert good.status_code == 302
    assert programme.parameters_on(datetime.date(year, 2, 1)).target_jobs == 300
    assert programme.parameters_on(datetime.date(2026, 2, 1)).target_jobs == 250
