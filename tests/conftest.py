"""Test world: a small but complete synthetic demo (Groningen and Assen), loaded once.

Tests run in transactions on top of it (pytest-django rolls each back), against the
real database named by DATABASE_URL (SQLite by default, PostgreSQL in CI).
"""

import datetime

import pytest

DEMO_USERS = [
    "admin",
    "planner-groningen",
    "coach-groningen",
    "begeleider-groningen",
    "aanbieder-groningen",
    "deelnemer-groningen",
    "financien-groningen",
    "onderzoeker-groningen",
    "planner-assen",
    "coach-assen",
]
# The demo's "today": fixed so tests do not depend on the calendar.
WORLD_TODAY = datetime.date(2026, 11, 23)


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

    with django_db_blocker.unblock():
        if not generator.is_seeded():
            generator.seed(scale="small", today=WORLD_TODAY, log=lambda line: None)


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
