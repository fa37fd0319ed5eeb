"""The API token pages: programme staff create a token for a guidance organisation (the
secret shown once), renew and revoke it; the menu leads there; other roles cannot."""

import datetime
import re

import pytest
from django.urls import reverse

from basisbaan.api import tokens
from basisbaan.api.models import ApiToken
from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db


def _secret(html: str) -> str:
    found = re.search(r'id="secret" readonly value="(bb_[^"]+)"', html)
    assert found, "the secret is on the page"
    return found.group(1)


def test_a_planner_creates_renews_and_revokes_a_token(login, organisation, api, own_participant):
    client = login("planner-groningen")
    home = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("api_tokens:list") in home  # reachable from the menu
    listing = client.get(reverse("api_tokens:list"))
    assert listing.status_code == 200 and organisation.name in listing.content.decode()
    page = listing.content.decode()
    assert "API-sleutels" in page and f"Nieuwe sleutel voor {organisation.name}" in page
    assert "API tokens" not in page and "New token" not in page  # Dutch, not English
    create = reverse("api_tokens:create", args=[organisation.pk])
    assert client.get(create).status_code == 200
    expires = WORLD_TODAY + datetime.timedelta(days=200)
    response = client.post(
        create,
        {
            "name": "Registratiesysteem",
            "scopes": ["sickness:write", "timesheets:write"],
            "expires_on": expires.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    secret = _secret(response.content.decode())
    assert "Kopieer de sleutel nu" in response.content.decode()
    token = ApiToken.objects.get(organisation=organisation, name="Registratiesysteem")
    assert token.scopes == ["sickness:write", "timesheets:write"]
    assert token.expires_at.astimezone(calendar.TIME_ZONE).date() == expires
    assert AuditEntry.objects.filter(
        object_type="api.apitoken", object_id=str(token.pk), action="create"
    ).exists()
    # The token works; the list shows its prefix, never the secret.
    week = f"/api/v1/timesheets/{own_participant.pk}/{WORLD_TODAY.isoformat()}/"
    assert api(secret).get(week).status_code in (200, 404)
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert token.prefix in listing and secret not in listing

    renewed = client.post(reverse("api_tokens:rotate", args=[token.pk]))
    assert renewed.status_code == 200
    new_secret = _secret(renewed.content.decode())
    assert new_secret != secret
    token.refresh_from_db()
    assert token.state == "overlap" and token.replaced_by is not None
    assert token.replaced_by.scopes == token.scopes

    revoked = client.post(reverse("api_tokens:revoke", args=[token.replaced_by.pk]))
    assert revoked.status_code == 302
    assert tokens.find(new_secret) is None
    assert tokens.find(secret) is not None  # the old one still has its overlap
    # Revoking the revoked one again: a message, nothing changes.
    again = client.post(reverse("api_tokens:revoke", args=[token.replaced_by.pk]), follow=True)
    assert "al ingetrokken" in again.content.decode() or "already" in again.content.decode()


def test_a_bad_form_creates_no_token(login, organisation):
    client = login("planner-groningen")
    response = client.post(
        reverse("api_tokens:create", args=[organisation.pk]),
        {"name": "", "scopes": ["admin:everything"], "expires_on": WORLD_TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert not ApiToken.objects.filter(organisation=organisation).exists()
    assert "bb_" not in response.content.decode()


def test_guidance_staff_and_another_municipality_cannot_manage_tokens(login, organisation, token):
    _token, _secret = token
    client = login("begeleider-groningen")
    assert client.get(reverse("api_tokens:list")).status_code == 403
    client = login("planner-assen")
    assert client.get(reverse("api_tokens:create", args=[organisation.pk])).status_code == 404
    assert client.post(reverse("api_tokens:revoke", args=[_token.pk])).status_code == 404
    _token.refresh_from_db()
    assert _token.state == "active"
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert _token.prefix not in listing
