"""Browser tests of the evaluation app: the researcher opens the programme monitor from the
menu (aggregates only, accessible) and downloads the pseudonymised dataset as CSV; the
planner chooses a period on the monitor and downloads the council report as PDF."""

import re
import zlib

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


def test_planner_downloads_the_council_report_for_groningen_2020_2025(page):
    """The monitor with a chosen period shows its headcount chart; the council report page
    (accessible) makes the PDF of Basisbaan Groningen from 2020 to 2025."""
    login(page, "planner-groningen")
    page.goto("/evaluatie/?start=2024-01-01&end=2024-12-31")
    chart = page.locator("#headcount ~ figure svg.bb-eval-chart[role='img']")
    expect(chart).to_have_count(1)
    assert chart.get_attribute("aria-label")
    assert page.locator("details.bb-eval-details table tbody tr").count() == 12
    assert_accessible(page)

    page.locator("a[href='/evaluatie/rapportage/']").click()
    page.wait_for_load_state()
    assert page.url.endswith("/evaluatie/rapportage/")
    assert_accessible(page)
    page.locator("#id_programme").select_option(label="Basisbaan Groningen")
    page.locator("#id_start").fill("2020-01-01")
    page.locator("#id_end").fill("2025-12-31")
    page.locator("form.bb-eval-report-form button[type='submit']").click()
    page.wait_for_load_state()
    assert "start=2020-01-01" in page.url and "end=2025-12-31" in page.url
    expect(page.locator("#preview")).to_be_visible()
    assert_accessible(page)

    with page.expect_download(timeout=60000) as info:
        page.locator("a[href^='/evaluatie/rapportage/pdf/']").click()
    download = info.value
    assert re.fullmatch(
        r"basisbaan-raadsrapportage-GM0014-\d+-2020-01-01-2025-12-31\.pdf",
        download.suggested_filename,
    )
    with open(download.path(), "rb") as handle:
        pdf = handle.read()
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) > 1


def _pages(pdf: bytes) -> int:
    """The number of page objects, also those inside compressed object streams."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", chunk)) for chunk in chunks)
