"""Planning in the browser: plan the coming week, pin, re-run, publish; the week card."""

import datetime
import re

from tests.browser.conftest import assert_accessible, login


def _coming_week() -> str:
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _wait_for_result(page) -> None:
    """The job's progress bar shows, then the link to the result appears; follow it."""
    page.locator("progress.bb-progress").first.wait_for()
    page.get_by_role("link", name="Bekijk het resultaat").click(timeout=60000)
    page.wait_for_load_state()
    page.get_by_role("heading", name="Kosten van het plan").wait_for()


def test_planner_plans_pins_reruns_and_publishes_and_the_participant_sees_the_week(
    page, mobile_page
):
    label = _coming_week()
    login(page, "planner-groningen")
    page.get_by_role("link", name="Planning", exact=True).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Planning"
    assert_accessible(page)

    page.get_by_role("link", name=label).click()
    assert label in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.get_by_label("Rekentijd (seconden)").fill("3")
    page.get_by_role("button", name="Plan deze week").click()
    page.wait_for_load_state()
    assert "versie 1" in page.get_by_role("heading", level=1).inner_text()
    _wait_for_result(page)
    assert_accessible(page)

    # Pin the first assignment, then run again.
    page.get_by_role("button", name=re.compile("^Vastzetten")).first.click()
    page.wait_for_load_state()
    page.get_by_text("Vastgezet. Plan opnieuw om het te gebruiken.").wait_for()
    page.get_by_role("button", name="Opnieuw plannen met de vastzettingen en verboden").click()
    page.wait_for_load_state()
    assert "versie 2" in page.get_by_role("heading", level=1).inner_text()
    _wait_for_result(page)
    assert page.locator(".bb-tag", has_text="vastgezet").count() >= 1

    page.get_by_role("button", name="Publiceer deze versie").click()
    page.wait_for_load_state()
    page.get_by_text("Versie 2 is gepubliceerd").wait_for()
    assert_accessible(page)

    # The participant sees the published week on the phone.
    login(mobile_page, "deelnemer-groningen")
    mobile_page.get_by_role("link", name="Mijn week").first.click()
    assert mobile_page.get_by_role("heading", level=1).inner_text() == "Mijn week"
    assert_accessible(mobile_page)
    mobile_page.goto(f"/mijn-week/?week={label}")
    mobile_page.get_by_text(re.compile(r"Je werkt deze week [\d,]+ uur")).wait_for()
    assert mobile_page.locator(".bb-weekcard__item").count() >= 1
    assert mobile_page.locator(".bb-weekcard__item svg.bb-pictogram").count() >= 1
    assert_accessible(mobile_page)


def test_planner_reads_tasks_gaps_absences_and_weights_accessibly(page):
    today = datetime.date.today()
    year, week, _day = today.isocalendar()
    label = f"{year}-W{week:02d}"
    login(page, "planner-groningen")
    page.goto("/planning/")
    page.get_by_role("row", name=re.compile(label)).get_by_role("link", name="versie").last.click()
    page.wait_for_load_state()
    assert "gepubliceerd" in page.locator("main").inner_text()
    assert_accessible(page)
    for tab, heading in (
        ("Taken en open plaatsen", "Taken en open plaatsen"),
        ("Takentekort", "Takentekort"),
    ):
        page.get_by_role("link", name=tab, exact=True).click()
        page.wait_for_load_state()
        page.get_by_role("heading", name=heading, level=2).wait_for()
        assert_accessible(page)
    page.goto(f"/planning/week/{label}/onverwacht/")
    assert "Afwezigheid en vervanging" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.goto("/planning/")
    page.get_by_role("link", name="Planningsgewichten").click()
    page.get_by_label("Per km reisafstand").fill("-1")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.locator(".bb-errorlist, .utrecht-form-field-error-message").count() >= 1
    assert_accessible(page)
