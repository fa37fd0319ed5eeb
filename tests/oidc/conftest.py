"""A real OpenID Connect provider for the single sign-on tests.

tests/oidc/provider/provider.mjs runs panva's certified ``oidc-provider`` under Node.js
on a free 127.0.0.1 port, once per test worker. Without node or its node_modules
(``make oidc-provider``) these tests fail in CI (CI=true) and are skipped elsewhere.

The provider runs on the real clock (never under faketime); every test here moves the
application's clock to the provider's, read from its Date header, so ``iat`` and
``exp`` are judged as a real deployment with synchronised clocks would.
"""

import email.utils
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
# The test client's host: the provider only ever sends browsers there.
CALLBACK = "http://testserver/account/sso/terug/"


@dataclass(frozen=True)
class Provider:
    issuer: str
    process: subprocess.Popen

    def now(self):
        """The provider's clock (its HTTP Date header)."""
        response = requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=10)
        return email.utils.parsedate_to_datetime(response.headers["Date"])


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"single sign-on tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_provider(callback: str, avoid: int = 0) -> Provider:
    """Start the provider, sending browsers back to ``callback``; fail or skip if it can't.

    ``avoid``: a port chosen for another server that is not listening yet.
    """
    node = shutil.which("node")
    if node is None:
        _unavailable("node (Node.js 18+) is not installed")
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        _unavailable("tests/oidc/provider/node_modules is missing: run make oidc-provider")
    port = _free_port()
    while port == avoid:
        port = _free_port()
    # The real clock for the provider, also when the suite runs under faketime.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAKETIME", "LD_PRELOAD"))}
    # Its output to a file: a pipe nobody reads could fill up and stop it.
    output = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - lives as long as the provider
    process = subprocess.Popen(
        [node, "provider.mjs", str(port), callback],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).ok:
                return Provider(issuer=issuer, process=process)
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            output.seek(0)
            pytest.fail(f"the OpenID provider did not start:\n{output.read()}", pytrace=False)
        time.sleep(0.1)


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
        provider.process.wait()


@pytest.fixture(scope="session")
def oidc_provider():
    provider = start_provider(CALLBACK)
    yield provider
    stop_provider(provider)


@pytest.fixture
def sso(settings, oidc_provider, one_clock):
    """Single sign-on configured against the test provider, our clock on the provider's."""
    from basisbaan.accounts import oidc

    settings.BASISBAAN_OIDC_ISSUER = oidc_provider.issuer
    settings.BASISBAAN_OIDC_CLIENT_ID = "basisbaan"
    settings.BASISBAAN_OIDC_CLIENT_SECRET = "basisbaan-test-secret"
    settings.BASISBAAN_OIDC_SCOPES = "openid email profile groups"
    oidc.forget_discovery()
    one_clock.move_to(oidc_provider.now())
    yield oidc_provider
    oidc.forget_discovery()
