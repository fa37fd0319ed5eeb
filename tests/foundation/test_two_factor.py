"""Two-factor login: enrolment, verification, recovery codes and administrator resets.

Tokens are computed from the device's real key (``django_otp.oath.totp``); nothing in
the verification is mocked.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from basisbaan.accounts import two_factor
from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.audit.models import AuditEntry
from basisbaan.tenants.models import Municipality

SETUP = "accounts:otp_setup"
VERIFY = "accounts:otp_verify"


def _token(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


@pytest.fixture
def two_factor_required(settings):
    settings.BASISBAAN_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def _password_login(client, username: str):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "demo"})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_an_unverified_session_cannot_enrol_a_device_of_its_own(client, user, two_factor_required):
    """The outside finding: password only, then /2fa/setup/ instead of /2fa/verify/."""
    victim = user("planner-groningen")
    real = TOTPDevice.objects.create(user=victim, name="authenticator", confirmed=True)
    _password_login(client, "planner-groningen")
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))

    # The attacker opens the setup page instead: no QR code, back to verification.
    page = client.get(reverse(SETUP))
    assert page.status_code == 302 and page.url.startswith(reverse(VERIFY))
    assert b"<svg" not in page.content

    # Even with an unconfirmed device lying around, its code confirms nothing.
    pending = TOTPDevice.objects.filter(user=victim, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=victim, name="attacker", confirmed=False)
    response = client.post(reverse(SETUP), {"token": _token(pending)})
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))
    assert list(TOTPDevice.objects.filter(user=victim, confirmed=True)) == [real]
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))


@pytest.mark.django_db
def test_the_setup_view_itself_refuses_an_unverified_session_of_an_enrolled_user(client, user):
    """Also where the middleware does not ask for two factors (setting off, participants)."""
    TOTPDevice.objects.create(user=user("deelnemer-groningen"), name="own", confirmed=True)
    client.force_login(user("deelnemer-groningen"))
    response = client.get(reverse(SETUP))
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))
    assert not TOTPDevice.objects.filter(user=user("deelnemer-groningen"), confirmed=False)


@pytest.mark.django_db
def test_middleware_sends_an_enrolled_unverified_session_from_setup_to_verify(
    client, user, two_factor_required
):
    TOTPDevice.objects.create(user=user("coach-groningen"), name="authenticator", confirmed=True)
    _password_login(client, "coach-groningen")
    for name in (SETUP, "accounts:two_factor", "core:dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse(VERIFY)), name
    # A user without a device may only reach setup.
    client.post(reverse("accounts:logout"))
    _password_login(client, "planner-groningen")
    response = client.get(reverse("accounts:two_factor"))
    assert response.status_code == 302 and response.url == reverse(SETUP)
    assert client.get(reverse(SETUP)).status_code == 200


@pytest.mark.django_db(transaction=False)
def test_first_setup_shows_recovery_codes_once_and_mails_without_secrets(
    client, user, two_factor_required, django_capture_on_commit_callbacks, mailoutbox
):
    planner = user("planner-groningen")
    _password_login(client, "planner-groningen")
    page = client.get(reverse(SETUP))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=planner, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(SETUP), {"token": _token(device)})
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor")

    codes = StaticToken.objects.filter(device__user=planner).values_list("token", flat=True)
    assert len(codes) == 10
    shown = client.get(reverse("accounts:two_factor"))
    assert shown.status_code == 200 and set(shown.context["new_codes"]) == set(codes)
    assert all(code.encode() in shown.content for code in codes)
    assert "no-store" in shown.headers["Cache-Control"]
    # Shown once only.
    again = client.get(reverse("accounts:two_factor"))
    assert not again.context["new_codes"]
    assert not any(code.encode() in again.content for code in codes)
    assert client.get(reverse("core:dashboard")).status_code == 200

    assert len(mailoutbox) == 1 and mailoutbox[0].to == [planner.email]
    device.refresh_from_db()
    body = mailoutbox[0].subject + mailoutbox[0].body
    assert device.key not in body and device.config_url not in body
    assert not any(code in body for code in codes)
    assert AuditEntry.objects.filter(
        object_type="otp_totp.totpdevice", object_id=str(device.pk), action="create"
    ).exists()


@pytest.mark.django_db
def test_a_recovery_code_opens_the_session_once(client, user, two_factor_required):
    coach = user("coach-groningen")
    TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    codes = two_factor.new_recovery_codes(coach, notify=False)
    _password_login(client, "coach-groningen")
    response = client.post(reverse(VERIFY), {"token": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert two_factor.recovery_codes_left(coach) == 9

    # Used once: the same code no longer opens a session.
    client.post(reverse("accounts:logout"))
    _password_login(client, "coach-groningen")
    response = client.post(reverse(VERIFY), {"token": codes[0]})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))
    # A wrong six-digit code does not eat a recovery code.
    client.post(reverse(VERIFY), {"token": "123456"})
    assert two_factor.recovery_codes_left(coach) == 9


@pytest.mark.django_db
def test_verify_accepts_a_code_of_any_of_the_users_apps(client, user, two_factor_required):
    coach = user("coach-groningen")
    TOTPDevice.objects.create(user=coach, name="old", confirmed=True)
    new = TOTPDevice.objects.create(user=coach, name="new", confirmed=True)
    _password_login(client, "coach-groningen")
    response = client.post(reverse(VERIFY), {"token": _token(new), "next": "/account/2fa/"})
    assert response.status_code == 302 and response.url == "/account/2fa/"
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db(transaction=False)
def test_a_verified_session_adds_and_removes_apps(
    client, user, two_factor_required, one_clock, django_capture_on_commit_callbacks, mailoutbox
):
    coach = user("coach-groningen")
    old = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    two_factor.new_recovery_codes(coach, notify=False)
    _password_login(client, "coach-groningen")
    client.post(reverse(VERIFY), {"token": _token(old)})
    # The last app cannot be removed: there would be no second factor left.
    client.post(reverse("accounts:otp_remove", args=[old.pk]))
    assert TOTPDevice.objects.filter(pk=old.pk).exists()

    page = client.get(reverse(SETUP))
    assert page.status_code == 200 and page.context["adding"]
    new = TOTPDevice.objects.get(user=coach, confirmed=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse(SETUP), {"token": _token(new)})
    assert TOTPDevice.objects.filter(user=coach, confirmed=True).count() == 2
    # The existing recovery codes stay; none are shown.
    assert not client.get(reverse("accounts:two_factor")).context["new_codes"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:otp_remove", args=[old.pk]))
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=coach, confirmed=True)) == [new]
    assert [m.subject for m in mailoutbox] == [
        "Er is een authenticator-app toegevoegd aan je Basisbaan-account",
        "Er is een authenticator-app verwijderd uit je Basisbaan-account",
    ]
    # The session was verified with the removed app: the new one is asked for.
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse(VERIFY))
    one_clock.shift(60)
    client.post(reverse(VERIFY), {"token": _token(new)})
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_someone_elses_app_cannot_be_removed(login, user):
    other = TOTPDevice.objects.create(user=user("coach-groningen"), name="x", confirmed=True)
    client = login("planner-groningen")
    assert client.post(reverse("accounts:otp_remove", args=[other.pk])).status_code == 404
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db(transaction=False)
def test_new_recovery_codes_replace_the_old_ones(
    client, user, two_factor_required, django_capture_on_commit_callbacks, mailoutbox
):
    coach = user("coach-groningen")
    device = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    old_codes = two_factor.new_recovery_codes(coach, notify=False)
    _password_login(client, "coach-groningen")
    # Not from an unverified session.
    client.post(reverse("accounts:otp_recovery_codes"))
    assert set(StaticToken.objects.filter(device__user=coach).values_list("token", flat=True)) == (
        set(old_codes)
    )
    client.post(reverse(VERIFY), {"token": _token(device)})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:otp_recovery_codes"))
    assert response.status_code == 302
    new_codes = client.get(reverse("accounts:two_factor")).context["new_codes"]
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert len(mailoutbox) == 1 and not any(c in mailoutbox[0].body for c in new_codes)

    client.post(reverse("accounts:logout"))
    _password_login(client, "coach-groningen")
    assert client.post(reverse(VERIFY), {"token": old_codes[0]}).status_code == 200
    assert client.post(reverse(VERIFY), {"token": new_codes[0]}).status_code == 302


@pytest.fixture
def groningen_admin(db):
    """An administrator in Groningen only (the demo admin is also a superuser)."""
    groningen = Municipality.objects.get(cbs_code="GM0014")
    admin = User.objects.create_user("beheer-groningen", email="beheer@example.org")
    RoleAssignment.objects.create(user=admin, role="admin", municipality=groningen)
    return admin


@pytest.mark.django_db(transaction=False)
def test_an_administrator_resets_a_persons_second_factors(
    client, user, groningen_admin, django_capture_on_commit_callbacks, mailoutbox
):
    coach = user("coach-groningen")
    device = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    two_factor.new_recovery_codes(coach, notify=False)
    client.force_login(groningen_admin)
    page = client.get(reverse("accounts:list"))
    reset_url = reverse("accounts:reset_two_factor", args=[coach.pk])
    assert reset_url.encode() in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url)
    assert response.status_code == 302 and response.url == reverse("accounts:list")
    assert not two_factor.is_enrolled(coach)
    assert not StaticDevice.objects.filter(user=coach).exists()
    entry = AuditEntry.objects.get(
        object_type="accounts.user", object_id=str(coach.pk), action="update"
    )
    assert entry.actor == groningen_admin and entry.fields == ["two_factor_devices"]
    assert AuditEntry.objects.filter(
        object_type="otp_totp.totpdevice", object_id=str(device.pk), action="delete"
    ).exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [coach.email]


@pytest.mark.django_db
def test_a_reset_stays_within_the_administrators_municipalities(client, user, groningen_admin):
    assen_coach = user("coach-assen")
    TOTPDevice.objects.create(user=assen_coach, name="authenticator", confirmed=True)
    client.force_login(groningen_admin)
    url = reverse("accounts:reset_two_factor", args=[assen_coach.pk])
    assert client.post(url).status_code == 404
    assert two_factor.is_enrolled(assen_coach)
    # Only by POST (with its CSRF token), never by a link.
    own = reverse("accounts:reset_two_factor", args=[user("coach-groningen").pk])
    assert client.get(own).status_code == 405
    # A superuser's second factors only by another superuser.
    superuser = user("admin")
    TOTPDevice.objects.create(user=superuser, name="authenticator", confirmed=True)
    assert client.post(reverse("accounts:reset_two_factor", args=[superuser.pk])).status_code == 404
    assert two_factor.is_enrolled(superuser)
    # Not for someone who is not an administrator there.
    client.force_login(user("planner-groningen"))
    url = reverse("accounts:reset_two_factor", args=[user("coach-groningen").pk])
    assert client.post(url).status_code == 404


@pytest.mark.django_db
def test_a_reset_needs_the_csrf_token(user, groningen_admin):
    coach = user("coach-groningen")
    TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(groningen_admin)
    response = client.post(reverse("accounts:reset_two_factor", args=[coach.pk]))
    assert response.status_code == 403
    assert two_factor.is_enrolled(coach)


@pytest.mark.django_db
def test_after_a_reset_the_next_login_sets_up_anew(client, user, two_factor_required):
    coach = user("coach-groningen")
    TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)
    two_factor.reset(user("admin"), coach)
    _password_login(client, "coach-groningen")
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url == reverse(SETUP)
