"""Guidance in the browser: a sick report reaches the coach as a notification and a signal,
guidance staff cannot open check-ins, finance downloads the payroll export."""

import datetime
import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_sick_report_reaches_the_coach_and_stays_out_of_guidance_reach(browser, server):
    context = browser.new_context(base_url=server, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)

    login(page, "begeleider-groningen")
    page.get_by_role("link", name="Aan het werk").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Aan het werk"
    assert_accessible(page)
    page.get_by_role("link", name="Dirk Deelnemer").click()
    participant_url = page.url
    participant_id = re.search(r"/deelnemers/(\d+)/", participant_url).group(1)
    assert_accessible(page)

    # The week's timesheet: a grid of labelled fields.
    page.get_by_role("link", name=re.compile(r"^Week van ")).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Urenbriefje van")
    assert_accessible(page)
    page.goto(participant_url)

    page.get_by_role("link", name="Ziek melden").click()
    assert_accessible(page)
    page.get_by_label("volledig ziek").check()
    page.get_by_label("Verwachte duur in dagen (als die bekend is)").fill("3")
    page.get_by_role("button", name="Ziekmelding versturen").click()
    page.wait_for_load_state()
    assert "De ziekmelding is opgeslagen" in page.content()
    expect(page.get_by_role("cell", name="Melding bij de bedrijfsarts")).to_be_visible()
    expect(page.get_by_role("cell", name="Melding aan UWV (42e-weekmelding)")).to_be_visible()
    assert_accessible(page)
    sickness_url = page.url

    # Guidance staff never reach the coach's check-ins or signals.
    response = page.goto(f"/coach/caseload/{participant_id}/")
    assert response.status == 404
    assert page.goto("/coach/signalen/").status == 403

    # Back at work: the recovery report closes the case (and keeps the shared browser
    # world's participant plannable for the other browser tests).
    page.goto(sickness_url)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    page.get_by_label("Weer aan het werk op").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Beter melden").click()
    page.wait_for_load_state()
    assert "weer aan het werk op" in page.content()
    context.close()

    coach = browser.new_context(base_url=server, locale="nl-NL").new_page()
    coach.set_default_timeout(15000)
    login(coach, "coach-groningen")
    coach.get_by_role("link", name="Meldingen").first.click()
    expect(coach.get_by_text("Ziekmelding — Dirk Deelnemer").first).to_be_visible()
    assert_accessible(coach)
    coach.get_by_role("link", name="Signalen").first.click()
    row = (
        coach.get_by_role("row")
        .filter(has_text="Dirk Deelnemer")
        .filter(has_text="Vaak ziek gemeld")
    )
    expect(row).to_have_count(1)
    assert "3 ziekmeldingen in de laatste 13 weken" in row.inner_text()
    assert_accessible(coach)
    row.get_by_role("link", name="Vaak ziek gemeld").click()
    expect(coach.get_by_role("heading", name="Vaak ziek gemeld: Dirk Deelnemer")).to_be_visible()
    assert_accessible(coach)
    coach.get_by_role("link", name="Verloop en gesprekken").click()
    expect(coach.locator("svg.bb-chart polyline")).to_have_count(2)
    assert_accessible(coach)
    coach.get_by_role("link", name="Nieuw gesprek").click()
    expect(coach.get_by_role("heading", name="Welbevinden (WHO-5)")).to_be_visible()
    assert_accessible(coach)
    coach.context.close()


MONTHS_NL = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip


def test_finance_exports_and_downloads_the_payroll_month(page):
    # The demo locks every month but the last one that ended: that one is to export.
    last = datetime.date.today().replace(day=1) - datetime.timedelta(days=1)
    locked = last.replace(day=1) - datetime.timedelta(days=1)
    month_nl = f"{MONTHS_NL[last.month - 1]} {last.year}"
    login(page, "financien-groningen")
    page.get_by_role("link", name="Salarisadministratie").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Salarisexport"
    assert_accessible(page)
    page.get_by_role("button", name=f"{month_nl} exporteren en vastzetten").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=f"Salarisexport {month_nl}")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV downloaden").click()
    download = info.value
    assert download.suggested_filename == f"basisbaan-salaris-GM0014-{last:%Y-%m}.csv"
    with open(download.path(), encoding="utf-8") as handle:
        text = handle.read()
    header, *rows = text.splitlines()
    assert header.startswith("municipality_code,export_month,line_type,period,participant_id,bsn")
    assert rows and all(r.startswith(f"GM0014,{last:%Y-%m},") for r in rows)
    # The late sick day in the month exported before: a correction line, not an edit.
    assert any(f",correction,{locked:%Y-%m}," in r for r in rows)
    # The health and well-being pages stay closed to finance.
    assert page.goto("/coach/signalen/").status == 403
    assert page.goto("/begeleiding/verzuim/").status == 403
