"""Browser test of the evaluation app: the researcher opens the programme monitor from the
menu (aggregates only, accessible) and downloads the pseudonymised dataset as CSV."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_researcher_opens_the_monitor_and_downloads_the_dataset(page):
    login(page, "onderzoeker-groningen")
    page.get_by_role("link", name="Evaluatie").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Programmamonitor"
    for section in (
        "Deelnemers in dienst",
        "Uitval in de laatste 12 maanden",
        "Verzuim",
        "Welbevinden, inkomen en gezondheid",
        "Leefbaarheid per wijk",
    ):
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    assert page.locator("svg.bb-eval-bar").count() > 0
    assert_accessible(page)

    page.get_by_role("link", name="Gepseudonimiseerd onderzoeksbestand").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Gepseudonimiseerd onderzoeksbestand"
    )
    expect(page.get_by_role("rowheader", name="pseudonym")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Doel van deze download").fill("evaluatie Hanze 2027")
    with page.expect_download() as info:
        page.get_by_role("button", name="CSV downloaden").click()
    download = info.value
    assert re.fullmatch(
        r"basisbaan-onderzoek-GM0014-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename
    )
    with open(download.path(), encoding="utf-8") as handle:
        header, *rows = handle.read().splitlines()
    assert header.startswith("pseudonym,age_band,home_wijk,start_month,status,exit_reason")
    assert rows and all(re.match(r"P[A-Z2-7]{10},(\d+-\d+|all),", row) for row in rows)
    assert not any("@" in row for row in rows)  # no e-mail addresses

    # Personal pages of other apps stay closed to the researcher.
    for url in ("/deelnemers/", "/coach/signalen/", "/begeleiding/verzuim/"):
        assert page.goto(url).status == 403, url
