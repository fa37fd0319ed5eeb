"""A staff member signs in with their organisation account in a real browser.

Chromium, a Basisbaan server (two factors required) and the OpenID provider, all real
processes: the login page's button, the provider's own sign-in form, back to the start
page without an authenticator code because the provider checked two factors.
"""

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, _free_port, _server_database, assert_accessible
from tests.oidc.conftest import start_provider, stop_provider

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("oidc-browser")]

SETUP = """
from basisbaan.accounts.models import RoleAssignment, User
from basisbaan.tenants.models import Municipality
town = Municipality.objects.create(name="Ssodorp", cbs_code="GM9999", slug="ssodorp")
for username, subject in [("sso-coach", "med-0001"), ("sso-zonder-rol", None)]:
    user = User.objects.create_user(username, password="a-long-enough-password",
        email=username + "@gemeente.example", oidc_subject=subject)
    if subject:
        RoleAssignment.objects.create(user=user, role="coach", municipality=town)
"""


@pytest.fixture(scope="module")
def sso_server():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    provider = start_provider(f"{base_url}/account/sso/terug/", avoid=port)
    database_url, cleanup = _server_database(f"oidc-{uuid.uuid4().hex[:6]}")
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "BASISBAAN_REQUIRE_2FA": "1",
        "BASISBAAN_JOBS_BACKEND": "thread",
        "AXES_ENABLED": "0",
        "BASISBAAN_OIDC_ISSUER": provider.issuer,
        "BASISBAAN_OIDC_CLIENT_ID": "basisbaan",
        "BASISBAAN_OIDC_CLIENT_SECRET": "basisbaan-test-secret",
    }
    env.pop("PYTEST_VERSION", None)
    manage = [sys.executable, "-m", "basisbaan.manage"]
    process = None
    try:
        subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([*manage, "shell", "-c", SETUP], env=env, check=True)
        process = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base_url + "/", timeout=2)  # noqa: S310 - local server
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the test server did not start") from None
                time.sleep(0.3)
        yield base_url
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        stop_provider(provider)
        cleanup()


@pytest.fixture
def sso_page(browser, sso_server):
    context = browser.new_context(base_url=sso_server, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _at_provider(page, account: str, *, mfa: bool) -> None:
    page.get_by_role("link", name="Inloggen met je organisatieaccount").click()
    page.get_by_label("Account").fill(account)
    if mfa:
        page.get_by_label("with a second factor").check()
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_staff_member_signs_in_with_the_organisation_account(sso_page, sso_server):
    page = sso_page
    page.goto("/account/login/")
    assert_accessible(page)
    _at_provider(page, "med-0001", mfa=True)
    # Two factors at the provider: straight to the start page, no authenticator code.
    assert page.url == f"{sso_server}/overzicht/"
    assert "/account/2fa/" not in page.url
    assert page.get_by_role("button", name="Uitloggen").count() >= 1


def test_without_a_second_factor_the_authenticator_app_is_still_needed(sso_page, sso_server):
    page = sso_page
    page.goto("/account/login/")
    _at_provider(page, "med-0001", mfa=False)
    # Not enrolled yet: the authenticator app is set up first.
    assert page.url.startswith(f"{sso_server}/account/2fa/setup/")


def test_a_person_without_an_account_reads_why_on_the_login_page(sso_page, sso_server):
    page = sso_page
    page.goto("/account/login/")
    _at_provider(page, "nieuw-0002", mfa=True)
    assert page.url == f"{sso_server}/account/login/"
    assert page.get_by_text("Je hebt nog geen account in Basisbaan.").is_visible()
    assert_accessible(page)
