import datetime

import pytest
from django.utils import translation

from basisbaan.participants.models import EmploymentContract, Participant, Scan, Status
from basisbaan.tenants.models import Municipality, Programme


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def make_participant(db):
    """A fresh Groningen participant in ``status`` (no history), ready for transitions."""
    counter = {"n": 0}

    def make(status=Status.REFERRED, **extra):
        counter["n"] += 1
        municipality = Municipality.objects.get(cbs_code="GM0014")
        values = {
            "municipality": municipality,
            "programme": Programme.objects.get(name="Basisbaan Groningen"),
            "bsn": ["111222333", "123456782", "100000009", "100000010", "100000022"][
                counter["n"] - 1
            ],
            "initials": "T.",
            "first_name": "Test",
            "surname": f"Persoon{counter['n']}",
            "birth_date": datetime.date(1975, 5, 5),
            "postcode": "9711 AB",
            "house_number": "1",
            "benefit_since": datetime.date(2018, 1, 1),
            "status": status,
            "availability": {d: [["09:00", "17:00"]] for d in ("mon", "tue", "wed", "thu")},
            "contract_hours": 32,
        }
        values.update(extra)
        return Participant.objects.create(**values)

    return make


@pytest.fixture
def with_contract():
    def add(participant, kind=EmploymentContract.Kind.TEMPORARY, start=None, end=None):
        start = start or datetime.date.today() - datetime.timedelta(days=30)
        if kind == EmploymentContract.Kind.TEMPORARY and end is None:
            end = start + datetime.timedelta(days=364)
        return EmploymentContract.objects.create(
            participant=participant,
            start_date=start,
            end_date=end,
            hours_per_week=32,
            kind=kind,
            employer=participant.programme.employer,
        )

    return add


@pytest.fixture
def with_scan():
    def add(participant, advice=Scan.Advice.BASISBAAN):
        return Scan.objects.create(
            participant=participant, version=1, advice=advice, reasoning="Test reasoning."
        )

    return add
