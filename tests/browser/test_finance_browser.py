"""Browser test of the finance app: finance opens the budgets from the menu, makes two
scenarios, compares them and downloads the workbook and the council PDF; axe finds no
serious violation on the overview, budget, scenario and compare pages."""

import uuid

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def _make_scenario(page, name: str, jobs: str) -> None:
    page.goto("/financien/scenarios/")
    page.fill("#id_name", name)
    page.fill("#id_start_date", "2025-01-01")
    page.fill("#id_end_date", "2026-12-31")
    page.fill("#id_jobs", jobs)
    page.fill("#id_growth_per_year", "10")
    page.fill("#id_hours_per_week", "32")
    page.fill("#id_budget_eur", "3000000")
    page.get_by_role("button", name="Berekenen en opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def test_finance_makes_compares_and_downloads_scenarios(page):
    login(page, "financien-groningen")
    page.get_by_role("link", name="Financiën").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Financiën")
    expect(page.get_by_role("link", name="Projectbudget basisbaan Groningen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Projectbudget basisbaan Groningen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Per maand")).to_be_visible()
    assert page.locator("svg.bb-fin-chart rect").count() > 0
    assert_accessible(page)

    tag = uuid.uuid4().hex[:6]
    first, second = f"Vijftig banen {tag}", f"Zeventig banen {tag}"
    _make_scenario(page, first, "50")
    expect(page.get_by_role("rowheader", name="Nettokosten", exact=True)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel (XLSX) downloaden").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    with open(info.value.path(), "rb") as handle:
        workbook = load_workbook(handle)
    assert workbook.sheetnames[:3] == ["Cijfers", "Per jaar", "Parameters"]
    with page.expect_download() as info:
        page.get_by_role("link", name="Pdf voor de raad downloaden").click()
    assert info.value.suggested_filename.endswith(".pdf")
    with open(info.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    _make_scenario(page, second, "70")
    page.goto("/financien/scenarios/")
    page.get_by_label(f"{first} als A").check()
    page.get_by_label(f"{second} als B").check()
    page.get_by_role("button", name="Vergelijk de twee").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario's vergelijken")
    expect(page.get_by_role("columnheader", name="Verschil")).to_be_visible()
    assert_accessible(page)
