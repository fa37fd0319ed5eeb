"""Browser test of the API tokens: the planner opens "API-sleutels" from the menu, makes a
token for a guidance organisation, copies it from the page (shown once), a
partner system reports a participant sick with it over HTTP, and the planner revokes it;
axe finds no serious violation on the list, the form and the page with the token."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.browser


def _call(base_url, method, path, token, body=None):
    request = urllib.request.Request(  # noqa: S310 - the local test server
        base_url + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_a_planner_hands_out_a_token_that_a_partner_uses(page, server):
    login(page, "planner-groningen")
    page.locator(".bb-nav summary", has_text="Meer").click()
    page.get_by_role("link", name="API-sleutels").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-sleutels")
    assert_accessible(page)

    page.get_by_role("link", name="Nieuwe sleutel voor").first.click()
    page.wait_for_load_state()
    organisation = page.get_by_role("heading", level=1).inner_text().split(" voor ", 1)[1]
    assert_accessible(page)
    page.get_by_label("Naam").fill("Registratiesysteem")
    page.get_by_label("Ziek- en betermelden").check()
    page.get_by_label("De deelnemers van de organisatie lezen (werkgegevens)").check()
    page.get_by_role("button", name="Sleutel maken").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Kopieer de sleutel nu")).to_be_visible()
    assert_accessible(page)
    token = page.locator("#secret").input_value()
    assert token.startswith("bb_")

    # The partner's system: its participants, then a sick report for one of them.
    status, listing = _call(server, "GET", "/api/v1/participants/", token)
    assert status == 200 and listing["results"], listing
    person = listing["results"][0]["id"]
    status, case = _call(
        server,
        "POST",
        "/api/v1/sickness-cases/",
        token,
        {"participant": person, "first_sick_day": page.evaluate("new Date().toISOString()")[:10]},
    )
    assert status in (201, 409), case  # 409: the demo already has them sick
    # Timesheets were not granted: 403 naming the scope.
    status, refused = _call(server, "GET", f"/api/v1/timesheets/{person}/2026-11-23/", token)
    assert status == 403 and "timesheets:write" in refused["detail"]

    page.goto("/api-sleutels/")
    row = page.locator("h2", has_text=organisation)
    expect(row).to_be_visible()
    page.get_by_role("button", name="Intrekken Registratiesysteem").first.click()
    page.wait_for_load_state()
    expect(page.get_by_text("is ingetrokken")).to_be_visible()
    status, _body = _call(server, "GET", "/api/v1/participants/", token)
    assert status == 401
