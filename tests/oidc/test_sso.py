"""Staff single sign-on against a real OpenID Connect provider (tests/oidc/conftest.py).

Basisbaan's side runs in the Django test client; the person's browser at the provider
is a ``requests`` session that fills in the provider's sign-in form. Codes, tokens,
signatures, discovery and userinfo are the provider's own; nothing is mocked except,
in one test, *which* real token the token endpoint answers with.
"""

import base64
import datetime
import hashlib
import secrets
from unittest import mock
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.accounts import oidc
from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.audit.models import AuditEntry
from basisbaan.tenants.models import Municipality
from tests.oidc.conftest import CALLBACK

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("oidc")]

STAFF = "med-0001"  # the provider's staff member (sso.medewerker@gemeente.example)
STRANGER = "nieuw-0002"  # known at the provider, no account in Basisbaan
UNVERIFIED = "onbevestigd-0003"  # same address as STAFF, but not verified by the provider
# The messages on the (Dutch) login page.
NO_ACCOUNT = "Je hebt nog geen account in Basisbaan."
NO_ROLE = "Je account in Basisbaan is niet actief of heeft nu geen rol."
FAILED = "Inloggen met je organisatieaccount is niet gelukt."


@pytest.fixture
def two_factor_required(settings):
    settings.BASISBAAN_REQUIRE_2FA = True
    return settings


def _staff(username="sso-coach", subject=STAFF, email="sso.medewerker@gemeente.example", **kw):
    user = User.objects.create_user(username, email=email, oidc_subject=subject, **kw)
    RoleAssignment.objects.create(
        user=user, role="coach", municipality=Municipality.objects.get(cbs_code="GM0014")
    )
    return user


def _at_provider(url: str, account: str, mfa: bool, browser: requests.Session) -> str:
    """Sign in at the provider's form; returns the URL it sends the browser back to."""
    for _ in range(20):
        if url.startswith(CALLBACK):
            return url
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            continue
        assert response.status_code == 200, response.text
        assert "/interaction/" in url, url
        data = {"login": account, **({"mfa": "1"} if mfa else {})}
        response = browser.post(url, data=data, allow_redirects=False, timeout=10)
        assert response.is_redirect, response.text
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def _sign_in(client, account=STAFF, *, mfa=True, at_callback=None, next_url=None):
    """The whole authorization-code flow; returns Basisbaan's answer at the callback."""
    start = reverse("accounts:sso_login") + (
        f"?{urlencode({'next': next_url})}" if next_url else ""
    )
    response = client.get(start)
    assert response.status_code == 302
    nonce = parse_qs(urlsplit(response["Location"]).query)["nonce"][0]
    back = _at_provider(response["Location"], account, mfa, requests.Session())
    query = parse_qs(urlsplit(back).query)
    assert "code" in query, back
    if at_callback:
        with at_callback(nonce):
            return client.get(reverse("accounts:sso_callback"), {k: v[0] for k, v in query.items()})
    return client.get(reverse("accounts:sso_callback"), {k: v[0] for k, v in query.items()})


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def _logged_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def _token_for(client_id: str, secret: str, provider, nonce: str, account=STAFF) -> str:
    """A real ID token from the provider for ``client_id`` (by its own code flow)."""
    browser = requests.Session()
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    params = {
        "client_id": client_id,
        "response_type": "code",
        "scope": "openid email",
        "redirect_uri": CALLBACK,
        "state": secrets.token_urlsafe(16),
        "nonce": nonce,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
    }
    back = _at_provider(f"{provider.issuer}/auth?{urlencode(params)}", account, True, browser)
    code = parse_qs(urlsplit(back).query)["code"][0]
    response = requests.post(
        f"{provider.issuer}/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": CALLBACK,
            "code_verifier": verifier,
        },
        auth=(client_id, secret),
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def _backend():
    backend = oidc.OIDCBackend()
    backend.cfg = oidc.config()
    backend.OIDC_OP_JWKS_ENDPOINT = backend.cfg.jwks_uri
    return backend


# --------------------------------------------------------------------------- signing in


def test_without_configuration_there_is_no_button_and_no_single_sign_on(client, settings):
    settings.BASISBAAN_OIDC_ISSUER = ""
    settings.BASISBAAN_OIDC_CLIENT_ID = ""
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert reverse("accounts:sso_login") not in page.content.decode()
    assert client.get(reverse("accounts:sso_login")).status_code == 404
    assert client.get(reverse("accounts:sso_callback")).status_code == 404


def test_the_login_page_offers_the_organisation_account_above_the_password(client, sso):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Inloggen met je organisatieaccount" in page
    assert page.index(reverse("accounts:sso_login")) < page.index('name="password"')


def test_a_staff_member_with_two_factors_at_the_provider_lands_on_the_start_page(
    client, sso, two_factor_required
):
    staff = _staff()
    TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    response = _sign_in(client, mfa=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert _logged_in_user(client) == staff
    start = client.get(reverse("core:dashboard"))
    # The provider vouched for two factors: no authenticator code asked.
    assert start.status_code == 200
    assert client.session[oidc.MFA_SESSION_KEY] is True


def test_a_password_only_login_at_the_provider_still_asks_for_the_authenticator_code(
    client, sso, two_factor_required
):
    staff = _staff()
    TOTPDevice.objects.create(user=staff, name="authenticator", confirmed=True)
    response = _sign_in(client, mfa=False)
    assert response.status_code == 302
    assert _logged_in_user(client) == staff
    start = client.get(reverse("core:dashboard"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:otp_verify"))
    assert oidc.MFA_SESSION_KEY not in client.session


def test_an_acr_named_in_the_settings_counts_as_two_factors(client, sso, two_factor_required):
    sso_settings = two_factor_required
    sso_settings.BASISBAAN_OIDC_MFA_ACR = ["urn:basisbaan:test:pwd"]
    _staff()
    _sign_in(client, mfa=False)
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_the_next_page_survives_the_round_trip(client, sso):
    _staff()
    response = _sign_in(client, next_url=reverse("accounts:two_factor"))
    assert response["Location"] == reverse("accounts:two_factor")


def test_a_first_login_links_the_one_account_with_that_verified_address(client, sso):
    staff = _staff(subject=None)
    response = _sign_in(client)
    assert response["Location"] == reverse("core:dashboard")
    staff.refresh_from_db()
    assert staff.oidc_subject == STAFF
    assert AuditEntry.objects.filter(
        object_type="accounts.user",
        object_id=str(staff.pk),
        purpose="sso linked by verified e-mail",
    ).exists()


def test_an_unverified_address_links_nothing(client, sso):
    staff = _staff(subject=None)
    response = _sign_in(client, UNVERIFIED)
    assert response["Location"] == reverse("accounts:login")
    assert NO_ACCOUNT in _messages(response)
    staff.refresh_from_db()
    assert staff.oidc_subject is None and _logged_in_user(client) is None


def test_linking_by_address_can_be_switched_off(client, sso, settings):
    settings.BASISBAAN_OIDC_LINK_BY_EMAIL = False
    _staff(subject=None)
    response = _sign_in(client)
    assert NO_ACCOUNT in _messages(response) and _logged_in_user(client) is None


# --------------------------------------------------------------------------- refusals


def test_a_person_without_an_account_is_refused_and_gets_none(client, sso, caplog):
    users = User.objects.count()
    response = _sign_in(client, STRANGER)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert NO_ACCOUNT in _messages(response)
    assert _logged_in_user(client) is None
    assert User.objects.count() == users
    assert not User.objects.filter(oidc_subject=STRANGER).exists()
    assert not User.objects.filter(email__iexact="nieuw@gemeente.example").exists()
    page = client.get(reverse("accounts:login"))
    assert "Je hebt nog geen account in Basisbaan" in page.content.decode()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "sso_refused" in logged and "nieuw@gemeente.example" not in logged


@pytest.mark.parametrize("how", ["inactive", "no role", "participant"])
def test_an_inactive_account_or_one_without_a_staff_role_is_refused(client, sso, how):
    staff = _staff()
    if how == "inactive":
        staff.is_active = False
        staff.save()
    elif how == "participant":
        RoleAssignment.objects.filter(user=staff).update(role="participant")
    else:
        RoleAssignment.objects.filter(user=staff).update(
            end_date=timezone.localdate() - datetime.timedelta(days=1),
            start_date=timezone.localdate() - datetime.timedelta(days=30),
        )
    response = _sign_in(client)
    assert NO_ROLE in _messages(response)
    assert _logged_in_user(client) is None
    assert AuditEntry.objects.filter(object_id=str(staff.pk), purpose="sso login refused").exists()


def test_claims_grant_no_role_no_staff_and_no_group(client, sso):
    staff = _staff()
    roles_before = list(RoleAssignment.objects.filter(user=staff).values_list("role", "end_date"))
    Group.objects.get_or_create(name="basisbaan-beheerders")
    response = _sign_in(client)
    assert response["Location"] == reverse("core:dashboard")
    staff.refresh_from_db()
    # The provider sent groups ["basisbaan-beheerders", "Domain Admins"] and roles ["admin", ...].
    assert not staff.is_staff and not staff.is_superuser
    assert not staff.groups.exists()
    assert (
        list(RoleAssignment.objects.filter(user=staff).values_list("role", "end_date"))
        == roles_before
    )
    assert client.get(reverse("accounts:list")).status_code == 403


def test_an_id_token_for_another_application_is_refused(client, sso):
    """(b) A real token from this provider, signed by its key, but for "another-app"."""
    _staff()
    nonce = secrets.token_urlsafe(16)
    foreign = _token_for("another-app", "another-app-test-secret", sso, nonce)
    # Our verification on its own: right signature, issuer and nonce, wrong audience.
    with pytest.raises(SuspiciousOperation, match="audience"):
        _backend().verify_token(foreign["id_token"], nonce=nonce)
    own = _token_for("basisbaan", "basisbaan-test-secret", sso, nonce)
    assert _backend().verify_token(own["id_token"], nonce=nonce)["sub"] == STAFF

    # And through the whole flow: the token endpoint answers with the other app's token.
    def foreign_answer(nonce):
        # The other app's real token, with the nonce of this login: only "aud" differs.
        token = _token_for("another-app", "another-app-test-secret", sso, nonce)
        return mock.patch.object(oidc.OIDCBackend, "get_token", lambda self, payload: token)

    response = _sign_in(client, at_callback=foreign_answer)
    assert response["Location"] == reverse("accounts:login")
    assert FAILED in _messages(response)
    assert _logged_in_user(client) is None


def test_an_expired_id_token_is_refused(client, sso, one_clock):
    """(c) The provider's ID tokens live two minutes; our clock moves past that."""
    _staff()
    nonce = secrets.token_urlsafe(16)
    token = _token_for("basisbaan", "basisbaan-test-secret", sso, nonce)["id_token"]
    assert _backend().verify_token(token, nonce=nonce)["sub"] == STAFF
    one_clock.shift(datetime.timedelta(minutes=5))
    with pytest.raises(SuspiciousOperation, match="expired"):
        _backend().verify_token(token, nonce=nonce)


def test_a_login_whose_token_has_expired_on_our_clock_is_refused(client, sso, one_clock):
    _staff()

    class Later:
        def __init__(self, nonce):
            pass

        def __enter__(self):
            one_clock.shift(datetime.timedelta(minutes=5))

        def __exit__(self, *exc):
            return False

    response = _sign_in(client, at_callback=Later)
    assert response["Location"] == reverse("accounts:login")
    assert FAILED in _messages(response) and _logged_in_user(client) is None


def test_a_wrong_nonce_or_issuer_is_refused(client, sso):
    _staff()
    nonce = secrets.token_urlsafe(16)
    token = _token_for("basisbaan", "basisbaan-test-secret", sso, nonce)["id_token"]
    with pytest.raises(SuspiciousOperation, match="nonce"):
        _backend().verify_token(token, nonce="another")
    backend = _backend()
    backend.cfg = oidc.Config(**{**backend.cfg.__dict__, "issuer": "https://elders.example"})
    with pytest.raises(SuspiciousOperation, match="issuer"):
        backend.verify_token(token, nonce=nonce)


def test_a_callback_without_a_started_login_logs_nobody_in(client, sso):
    _staff()
    response = client.get(reverse("accounts:sso_callback"), {"code": "x", "state": "y"})
    assert response.status_code in {302, 400}
    assert _logged_in_user(client) is None


# --------------------------------------------------------------------------- logging out


def test_logout_ends_the_local_session(client, sso):
    _staff()
    _sign_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and _logged_in_user(client) is None
    assert not response["Location"].startswith(sso.issuer)


def test_logout_at_the_provider_when_switched_on(client, sso, settings):
    settings.BASISBAAN_OIDC_LOGOUT_AT_PROVIDER = True
    _staff()
    _sign_in(client)
    response = client.post(reverse("accounts:logout"))
    assert _logged_in_user(client) is None
    assert response["Location"].startswith(f"{sso.issuer}/session/end?")
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 200  # the provider's own "log out?" page


def test_a_later_login_by_other_means_drops_the_providers_word_on_two_factors(client, sso):
    staff = _staff()
    _sign_in(client)
    assert client.session.get(oidc.MFA_SESSION_KEY) is True
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    assert oidc.MFA_SESSION_KEY not in client.session


def test_refusals_do_not_lock_single_sign_on_for_everyone_behind_one_address(client, sso, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.cookies.clear()
        assert _logged_in_user(client) is None
        _sign_in(client, STRANGER)
    client.cookies.clear()
    staff = _staff()
    response = _sign_in(client)
    assert response["Location"] == reverse("core:dashboard")
    assert _logged_in_user(client) == staff


def test_a_provider_that_cannot_be_reached_gives_a_message_not_an_error(client, settings):
    from tests.oidc.conftest import _free_port

    settings.BASISBAAN_OIDC_ISSUER = f"http://127.0.0.1:{_free_port()}"
    settings.BASISBAAN_OIDC_CLIENT_ID = "basisbaan"
    settings.BASISBAAN_OIDC_TIMEOUT = 2
    oidc.forget_discovery()
    response = client.get(reverse("accounts:sso_login"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert FAILED in _messages(response)
