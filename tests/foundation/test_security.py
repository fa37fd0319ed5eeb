import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import DEMO_USERS


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_demo_account_logs_in_with_the_demo_password(client, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "demo"})
    assert response.status_code == 302, username
    # The start page answers (a participant's is their own "Mijn basisbaan").
    assert client.get(reverse("core:dashboard"), follow=True).status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client):
    response = client.post(
        reverse("accounts:login"), {"username": "planner-groningen", "password": "x"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.django_db
@override_settings(BASISBAAN_REQUIRE_2FA=True, OTP_TOTP_THROTTLE_FACTOR=0)
def test_staff_must_set_up_and_use_a_second_factor(client, user):
    client.post(reverse("accounts:login"), {"username": "planner-groningen", "password": "demo"})
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url == reverse("accounts:otp_setup")
    page = client.get(reverse("accounts:otp_setup"))
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user("planner-groningen"), confirmed=False)
    # A wrong code is refused and confirms nothing.
    assert client.post(reverse("accounts:otp_setup"), {"token": "000000"}).status_code == 200
    device.refresh_from_db()
    assert not device.confirmed
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    response = client.post(reverse("accounts:otp_setup"), {"token": token})
    assert response.status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 200

    # The next login asks for the code.
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"username": "planner-groningen", "password": "demo"})
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))


@pytest.mark.django_db
@override_settings(BASISBAAN_REQUIRE_2FA=True)
def test_participant_only_account_needs_no_second_factor(client):
    client.post(reverse("accounts:login"), {"username": "deelnemer-groningen", "password": "demo"})
    # The start page sends a participant on to their own page (guidance:my_home).
    response = client.get(reverse("core:dashboard"), follow=True)
    assert response.status_code == 200
    assert all(reverse("accounts:otp_verify") not in url for url, _ in response.redirect_chain)


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_login_is_throttled_after_repeated_failures(client):
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "coach-groningen", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "coach-groningen", "password": "demo"}
    )
    assert response.status_code == 429


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_with_a_nonce(client):
    response = client.get(reverse("core:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'nonce-" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_dutch_is_the_default_whatever_the_browser_asks(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert b'lang="nl"' in response.content
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert b'lang="en"' in client.get(reverse("core:home")).content


@pytest.mark.django_db
def test_logout_needs_post(login):
    client = login("coach-groningen")
    assert client.get(reverse("accounts:logout")).status_code == 405
