"""The client address behind a reverse proxy (``core/clientip.py``): X-Forwarded-For counts
only from trusted proxies, and then only its rightmost untrusted entry. The login
throttling (django-axes) uses it too. And the demo's mail links follow its port."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.urls import reverse

from basisbaan.core.clientip import client_ip

REPO = Path(__file__).resolve().parents[2]


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_by_default_no_proxy_is_trusted():
    assert settings.BASISBAAN_TRUSTED_PROXIES == []
    assert _ip("10.0.0.1", "203.0.113.7") == "10.0.0.1"


@override_settings(BASISBAAN_TRUSTED_PROXIES=["10.0.0.1", "172.16.0.0/12", "2001:db8::/32"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Through a trusted proxy: the address the proxy saw.
        ("10.0.0.1", "203.0.113.7", "203.0.113.7"),
        # Entries the client put in front do not count.
        ("10.0.0.1", "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        # Two trusted hops (a network): skip both.
        ("10.0.0.1", "203.0.113.7, 172.20.1.1", "203.0.113.7"),
        ("10.0.0.1", "1.2.3.4, 203.0.113.7, 172.20.1.1", "203.0.113.7"),
        # Not from a trusted proxy: the header is ignored.
        ("198.51.100.4", "203.0.113.7", "198.51.100.4"),
        # No header, or nothing but proxies: the nearest / farthest trusted hop.
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "172.20.1.1", "172.20.1.1"),
        # Garbage where the client's address should be: not believed.
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("10.0.0.1", "203.0.113.7, unknown", "10.0.0.1"),
        # Ports, IPv6 and IPv4-mapped addresses.
        ("10.0.0.1", "203.0.113.7:51234", "203.0.113.7"),
        ("2001:db8::1", "[2001:db8:1::5]:443, 2a00:1450::1", "2a00:1450::1"),
        ("::ffff:10.0.0.1", "203.0.113.9", "203.0.113.9"),
    ],
)
def test_the_rightmost_untrusted_forwarded_address(remote, forwarded, expected):
    assert _ip(remote, forwarded) == expected


@override_settings(BASISBAAN_TRUSTED_PROXIES="10.0.0.0/8, 192.168.1.1")
def test_the_setting_may_be_a_comma_separated_string():
    assert _ip("10.1.2.3", "203.0.113.7") == "203.0.113.7"
    assert _ip("192.168.1.1", "203.0.113.8") == "203.0.113.8"


def test_a_bad_proxy_entry_stops_the_start():
    result = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-c", "import basisbaan.settings"],
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "1",
            "BASISBAAN_TRUSTED_PROXIES": "10.0.0.1,proxy.example",
        },
        cwd=REPO,
    )
    assert result.returncode != 0
    assert "BASISBAAN_TRUSTED_PROXIES" in result.stderr


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, BASISBAAN_TRUSTED_PROXIES=["10.0.0.1"])
def test_login_throttling_counts_the_client_behind_the_proxy(client):
    def login(password: str, forwarded: str):
        return client.post(
            reverse("accounts:login"),
            {"username": "coach-groningen", "password": password},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(3):
        login("wrong", "203.0.113.7")
    assert login("demo", "203.0.113.7").status_code == 429
    # The same proxy, another citizen: not locked out.
    assert login("demo", "203.0.113.8").status_code == 302


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_demo_links_in_mails_follow_its_port():
    result = subprocess.run(
        ["make", "-n", "demo", "PORT=8123"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    lines = [line for line in result.stdout.splitlines() if "basisbaan " in line]
    serve = [line for line in lines if " runserver " in line]
    seed = [line for line in lines if " seed_demo" in line]
    assert serve and seed
    for line in serve + seed:
        assert "BASISBAAN_BASE_URL=http://127.0.0.1:8123" in line, line
