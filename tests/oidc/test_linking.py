"""An administrator links an account to its subject at the identity provider (audited).

No provider needed: single sign-on only has to be configured for the field to show.
"""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from basisbaan.accounts.models import User
from basisbaan.audit.models import AuditEntry
from basisbaan.tenants.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def configured(settings):
    settings.BASISBAAN_OIDC_ISSUER = "https://login.gemeente.example/realms/medewerkers"
    settings.BASISBAAN_OIDC_CLIENT_ID = "basisbaan"
    return settings


@pytest.fixture
def admin_in_groningen(login):
    client = login("admin")
    groningen = Municipality.objects.get(cbs_code="GM0014")
    client.post(reverse("accounts:switch_municipality"), {"municipality": groningen.pk})
    return client


def _data(**extra):
    return {
        "username": "sso-nieuw",
        "first_name": "Sam",
        "last_name": "Sso",
        "email": "sam@example.org",
        "role": "coach",
        **extra,
    }


def test_the_subject_field_shows_only_when_single_sign_on_is_configured(
    admin_in_groningen, settings
):
    settings.BASISBAAN_OIDC_ISSUER = ""
    assert (
        'name="oidc_subject"'
        not in admin_in_groningen.get(reverse("accounts:create")).content.decode()
    )
    settings.BASISBAAN_OIDC_ISSUER = "https://login.gemeente.example"
    settings.BASISBAAN_OIDC_CLIENT_ID = "basisbaan"
    page = admin_in_groningen.get(reverse("accounts:create")).content.decode()
    assert 'name="oidc_subject"' in page and "Kenmerk bij de identiteitsprovider" in page


def test_a_new_account_gets_its_subject_audited(admin_in_groningen, configured):
    response = admin_in_groningen.post(reverse("accounts:create"), _data(oidc_subject=" abc-123 "))
    assert response.status_code == 302
    user = User.objects.get(username="sso-nieuw")
    assert user.oidc_subject == "abc-123"
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(user.pk))
    assert "oidc_subject" in entry.fields


def test_an_empty_subject_stays_empty(admin_in_groningen, configured):
    admin_in_groningen.post(reverse("accounts:create"), _data())
    assert User.objects.get(username="sso-nieuw").oidc_subject is None


def test_a_subject_of_another_account_is_refused_and_nothing_changes(
    admin_in_groningen, configured
):
    User.objects.filter(username="coach-groningen").update(oidc_subject="taken")
    response = admin_in_groningen.post(reverse("accounts:create"), _data(oidc_subject="taken"))
    assert response.status_code == 200
    assert "Een ander account is al aan dit kenmerk gekoppeld." in response.content.decode()
    assert not User.objects.filter(username="sso-nieuw").exists()


def test_the_admin_site_shows_the_subject_and_audits_a_change(login):
    superuser = User.objects.get(username="admin")
    target = User.objects.get(username="coach-groningen")
    client = login("admin")
    page = client.get(reverse("admin:accounts_user_change", args=[target.pk])).content.decode()
    assert 'name="oidc_subject"' in page
    model_admin = admin.site._registry[User]
    request = RequestFactory().post("/")
    request.user = superuser
    target.oidc_subject = "entra-object-id"
    model_admin.save_model(request, target, SimpleNamespace(changed_data=["oidc_subject"]), True)
    assert User.objects.get(pk=target.pk).oidc_subject == "entra-object-id"
    assert AuditEntry.objects.filter(
        actor=superuser, object_id=str(target.pk), purpose="sso link"
    ).exists()


def test_the_accounts_page_links_and_unlinks_an_existing_account_audited(
    admin_in_groningen, configured
):
    coach = User.objects.get(username="coach-groningen")
    listing = admin_in_groningen.get(reverse("accounts:list")).content.decode()
    url = reverse("accounts:sso_link", args=[coach.pk])
    assert url in listing and "Organisatieaccount koppelen" in listing
    assert admin_in_groningen.get(url).status_code == 200
    response = admin_in_groningen.post(url, {"oidc_subject": "kc-0f3e"})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.oidc_subject == "kc-0f3e"
    assert AuditEntry.objects.filter(object_id=str(coach.pk), purpose="sso link").count() == 1
    admin_in_groningen.post(url, {"oidc_subject": ""})
    coach.refresh_from_db()
    assert coach.oidc_subject is None
    assert AuditEntry.objects.filter(object_id=str(coach.pk), purpose="sso link").count() == 2


def test_a_taken_subject_changes_nothing(admin_in_groningen, configured):
    User.objects.filter(username="planner-groningen").update(oidc_subject="taken")
    coach = User.objects.get(username="coach-groningen")
    response = admin_in_groningen.post(
        reverse("accounts:sso_link", args=[coach.pk]), {"oidc_subject": "taken"}
    )
    assert response.status_code == 200
    assert "Een ander account is al aan dit kenmerk gekoppeld." in response.content.decode()
    coach.refresh_from_db()
    assert coach.oidc_subject is None


def test_a_person_of_another_municipality_cannot_be_linked(login, configured):
    client = login("planner-groningen")
    coach = User.objects.get(username="coach-assen")
    assert client.get(reverse("accounts:sso_link", args=[coach.pk])).status_code in {403, 404}


@pytest.mark.parametrize(
    ("change", "check"),
    [
        ({"aud": ["basisbaan", "another-app"]}, "authorized party"),
        ({"aud": ["basisbaan", "another-app"], "azp": "another-app"}, "authorized party"),
        ({"aud": "another-app"}, "audience"),
        ({"iat": 10_000}, "odd time"),
        ({"exp": None}, "exp"),
        ({"sub": ""}, "subject"),
    ],
)
def test_the_id_token_checks_beyond_the_signature(change, check):
    import time

    from django.core.exceptions import SuspiciousOperation

    from basisbaan.accounts import oidc

    cfg = oidc.Config(
        issuer="https://idp.example",
        client_id="basisbaan",
        client_secret="",
        scopes="openid",
        authorization_endpoint="",
        token_endpoint="",
        userinfo_endpoint="",
        jwks_uri="",
        end_session_endpoint="",
        sign_algorithm="RS256",
        token_auth_method="client_secret_basic",
        mfa_acr=frozenset(),
        link_by_email=True,
        logout_at_provider=False,
        timeout=1,
    )
    now = int(time.time())
    good = {"iss": cfg.issuer, "aud": "basisbaan", "sub": "x", "iat": now, "exp": now + 60}
    oidc.verify_id_token(cfg, {**good, "nonce": "n"}, "n")
    oidc.verify_id_token(
        cfg, {**good, "aud": ["basisbaan", "b"], "azp": "basisbaan", "nonce": "n"}, "n"
    )
    bad = {**good, "nonce": "n", **change}
    if change.get("iat") == 10_000:
        bad["iat"] = now + 10_000
    with pytest.raises(SuspiciousOperation, match=check):
        oidc.verify_id_token(cfg, bad, "n")
