"""Test world: a small but complete synthetic demo (Groningen and Assen), loaded once.

Tests run in transactions on top of it (pytest-django rolls each back), against the
real database named by DATABASE_URL (SQLite by default, PostgreSQL in CI).

One clock (docs/developing.md): the world is seeded relative to the moment the session
starts, ``SESSION_START`` (the system clock in Europe/Amsterdam, or
``BASISBAAN_TEST_NOW`` when set), and every test starts at that same moment with the
clock running (time-machine). So the world's "today" and the app's "today" agree on any
calendar day, also when a run crosses midnight.
"""

import datetime
import os
import zoneinfo

import pytest
import time_machine

DEMO_USERS = [
    "admin",
    "planner-groningen",
    "coach-groningen",
    "begeleider-groningen",
    "aanbieder-groningen",
    "deelnemer-groningen",
    "financien-groningen",
    "financien-assen",
    "onderzoeker-groningen",
    "planner-assen",
    "coach-assen",
    "partner-assen",
]


def _session_start() -> datetime.datetime:
    zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    moment = os.environ.get("BASISBAAN_TEST_NOW")
    if moment:
        parsed = datetime.datetime.fromisoformat(moment)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    return datetime.datetime.now(tz=zone)


SESSION_START = _session_start()
# The test world's "today" in the municipality's time zone: every date in the tests
# derives from it.
WORLD_TODAY = SESSION_START.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam")).date()


def pytest_configure(config):
    from django.conf import settings

    settings.BASISBAAN_REQUIRE_2FA = False
    settings.AXES_ENABLED = False
    settings.BASISBAAN_JOBS_BACKEND = "sync"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from basisbaan.demo import generator

    global TEST_START
    with django_db_blocker.unblock(), time_machine.travel(SESSION_START, tick=True):
        if not generator.is_seeded():
            generator.seed(scale="small", today=WORLD_TODAY, log=lambda line: None)
        TEST_START = _after_seeding(datetime.datetime.now(tz=SESSION_START.tzinfo))


def _after_seeding(moment: datetime.datetime) -> datetime.datetime:
    """Tests start after the world's own records were made (so "the latest" is the
    test's), but on the world's day."""
    last = datetime.datetime.combine(WORLD_TODAY, datetime.time(23, 59, 50), SESSION_START.tzinfo)
    return min(moment + datetime.timedelta(seconds=1), max(last, SESSION_START))


# The moment every test starts at: the session's, and once the world is seeded, just
# after its seeding (tests/conftest.py only; see one_clock).
TEST_START = SESSION_START


@pytest.fixture(autouse=True)
def one_clock():
    """Every test starts at the same moment, the clock running from there."""
    with time_machine.travel(TEST_START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def login(client, db):
    """``login("planner-groningen")`` returns a client logged in as that demo account."""
    from basisbaan.accounts.models import User

    def _login(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return _login


@pytest.fixture
def user(db):
    from basisbaan.accounts.models import User

    return lambda username: User.objects.get(username=username)
