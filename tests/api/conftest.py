"""Fixtures for the partner write API: a guidance organisation of the demo (the one
``begeleider-groningen`` works for), its tokens and participants, and another's."""

import pytest
from rest_framework.test import APIClient

from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.accounts.roles import Role
from basisbaan.api import tokens
from basisbaan.guidance.models import SicknessCase
from basisbaan.participants.models import Participant

ALL_SCOPES = sorted(tokens.SCOPES)


@pytest.fixture
def organisation(db):
    return (
        RoleAssignment.objects.select_related("organisation")
        .get(user__username="begeleider-groningen", role=Role.GUIDANCE)
        .organisation
    )


@pytest.fixture
def planner(db):
    return User.objects.get(username="planner-groningen")


@pytest.fixture
def make_token(organisation, planner):
    def _make(scopes=ALL_SCOPES, org=None, **kwargs):
        return tokens.create(org or organisation, "Registratiesysteem", scopes, planner, **kwargs)

    return _make


@pytest.fixture
def token(make_token):
    return make_token()


@pytest.fixture
def api():
    """``api(secret)``: an API client sending that token."""

    def _client(secret: str | None = None, keyword: str = "Bearer"):
        client = APIClient()
        if secret is not None:
            client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
        return client

    return _client


def _not_sick(queryset):
    open_cases = SicknessCase.objects.filter(recovered_on__isnull=True).values("participant_id")
    return queryset.exclude(pk__in=open_cases).order_by("pk")


@pytest.fixture
def own_participant(organisation):
    return _not_sick(Participant.objects.filter(guidance_organisation=organisation)).first()


@pytest.fixture
def other_participant(organisation):
    """A Groningen participant of another guidance organisation."""
    return _not_sick(
        Participant.objects.filter(municipality=organisation.municipality)
        .exclude(guidance_organisation=organisation)
        .exclude(guidance_organisation__isnull=True)
    ).first()
