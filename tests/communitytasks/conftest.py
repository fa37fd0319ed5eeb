import datetime

import pytest
from django.core.cache import cache

from basisbaan.core import calendar
from basisbaan.tenants.models import Municipality


@pytest.fixture(autouse=True)
def _clear_throttle():
    """The rate limits live in the cache: every test starts with empty counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def groningen(db):
    return Municipality.objects.get(cbs_code="GM0014")


def valid_post(municipality, **overrides) -> dict:
    """A complete, valid public submission (weekly), as the browser would post it."""
    neighbourhood = municipality.neighbourhoods.order_by("name").first()
    category = municipality.task_categories.first()
    start = calendar.today() + datetime.timedelta(days=14)
    data = {
        "organisation_name": "Buurtvereniging Testwijk",
        "organisation_kind": "residents",
        "kvk_number": "",
        "contact_name": "Test Indiener",
        "contact_email": "indiener@example.org",
        "contact_phone": "",
        "website": "",
        "neighbourhood": str(neighbourhood.pk),
        "category": str(category.pk),
        "title": "Koffie schenken in het buurthuis",
        "description": "Elke dinsdag koffie en thee voor bewoners.",
        "requires": ["hospitality"],
        "demands": ["customer_contact"],
        "schedule": "weekly",
        "start_date": start.isoformat(),
        "end_date": "",
        "event_date": "",
        "paid_staff": "no",
        "has_budget": "no",
        "volunteers_structurally": "no",
        "participatiebaan_work": "no",
        "otherwise_not_done": "yes",
        "additionality_note": "",
        "slots-TOTAL_FORMS": "4",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "10",
    }
    for i in range(4):
        data.update(
            {
                f"slots-{i}-weekday": "",
                f"slots-{i}-start": "",
                f"slots-{i}-end": "",
                f"slots-{i}-people": "",
            }
        )
    data.update(
        {
            "slots-0-weekday": "tue",
            "slots-0-start": "09:00",
            "slots-0-end": "12:30",
            "slots-0-people": "2",
        }
    )
    data.update(overrides)
    return data
