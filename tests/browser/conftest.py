"""Browser tests: Debian's chromium driven by Playwright, checked by axe.

The application runs as a real server in a subprocess with its own database
(a fresh SQLite file, or a fresh PostgreSQL database when DATABASE_URL names
PostgreSQL), migrated and loaded with the small demo world once per test worker.
Browser tests therefore share that state: they create what they need with
unique names and never rely on running in a given order.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]
SERIOUS = {"serious", "critical"}

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_database(worker: str) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base, _, _name = url.rpartition("/")
        name = f"basisbaan_browser_{worker}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return f"{base}/{name}", drop
    path = REPO / "var" / f"browser-{worker}-{uuid.uuid4().hex[:8]}.sqlite3"
    path.parent.mkdir(exist_ok=True)

    def remove():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    return f"sqlite:///{path}", remove


@pytest.fixture(scope="session")
def server(worker_id):
    """Base URL of a running Basisbaan server with the small demo world."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    database_url, cleanup = _server_database(worker_id)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "BASISBAAN_REQUIRE_2FA": "0",
        "BASISBAAN_JOBS_BACKEND": "thread",
        "AXES_ENABLED": "0",
    }
    env.pop("PYTEST_VERSION", None)
    manage = [sys.executable, "-m", "basisbaan.manage"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--scale", "small"], env=env, check=True, capture_output=True
    )
    port = _free_port()
    process = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)  # noqa: S310 - local test server
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError("the test server did not start") from None
            time.sleep(0.3)
    yield base_url
    process.terminate()
    process.wait(timeout=10)
    cleanup()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        base_url=server, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def mobile_page(browser, server):
    """A phone-sized page, as many participants use it."""
    context = browser.new_context(
        base_url=server, locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, username: str, password: str = "demo") -> None:
    page.goto("/account/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()  # a click may have left the next page half-loaded
    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )
    assert not violations, f"axe on {page.url}:\n{details}"
