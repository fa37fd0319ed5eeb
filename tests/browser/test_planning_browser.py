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
    """The job's progress bar shows; when the run is done the page opens the result."""
    page.get_by_role("heading", name="Kosten van het plan").wait_for(timeout=60000)
    page.wait_for_load_state()


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
    page.get_by_label("Hoe grondig?").select_option("quick")
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

    page.get_by_role("link", name="Publiceer deze versie").click()
    page.get_by_label("Ik heb dit plan gecontroleerd en wil het publiceren.").check()
    page.get_by_role("button", name="Nu publiceren").click()
    page.wait_for_load_state()
    page.get_by_text("Versie 2 is gepubliceerd").wait_for()
    assert_accessible(page)

    # The participant sees the published week on the phone.
    login(mobile_page, "deelnemer-groningen")
    mobile_page.get_by_role("link", name="Mijn week").first.click()
    assert mobile_page.get_by_role("heading", level=1).inner_text() == "Mijn week"
    assert_accessible(mobile_page)
    mobile_page.goto(f"/mijn-week/?week={label}")
    mobile_page.get_by_text(re.compile(r"U werkt deze week [\d,]+ uur")).wait_for()
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


def test_publishing_asks_for_confirmation(page):
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=21)
    year, week, _day = monday.isocalendar()
    label = f"{year}-W{week:02d}"
    login(page, "planner-groningen")
    page.goto(f"/planning/week/{label}/")
    page.get_by_label("Hoe grondig?").select_option("quick")
    page.get_by_role("button", name="Plan deze week").click()
    _wait_for_result(page)
    page.get_by_role("link", name="Publiceer deze versie").click()
    page.wait_for_load_state()
    assert "publiceren?" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_text("Deelnemers en taakaanbieders zien deze week").wait_for()
    assert_accessible(page)
    # Publishing without ticking the box does nothing (the browser asks for the tick).
    page.get_by_role("button", name="Nu publiceren").click()
    assert "publiceren?" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_label("Ik heb dit plan gecontroleerd en wil het publiceren.").check()
    page.get_by_role("button", name="Nu publiceren").click()
    page.wait_for_load_state()
    page.get_by_text(re.compile(r"Versie \d+ is gepubliceerd")).wait_for()
    assert page.get_by_role("link", name="Publiceer deze versie").count() == 0
    assert_accessible(page)


def test_the_planner_prints_a_participants_week_card(page):
    today = datetime.date.today()
    year, week, _day = today.isocalendar()
    label = f"{year}-W{week:02d}"
    login(page, "planner-groningen")
    page.goto("/planning/")
    page.get_by_role("row", name=re.compile(label)).get_by_role("link", name="versie").last.click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile("^Weekkaart \\(printen\\)")).first.click()
    page.wait_for_load_state()
    assert "Weekkaart van" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator(".bb-weekcard__item").count() >= 1
    assert_accessible(page)
    # The calendar link, made to hand over.
    page.get_by_role("button", name=re.compile("^Maak een (nieuwe )?(agenda)?link")).click()
    page.wait_for_load_state()
    page.locator(".bb-calendar-link a").wait_for()
    assert ".ics" in page.locator(".bb-calendar-link a").inner_text()
    assert_accessible(page)
    # Printed: the card shows, the navigation and the calendar link do not.
    page.emulate_media(media="print")
    assert page.locator(".bb-weekcard__item").first.is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    assert not page.locator("nav.bb-nav").is_visible()
    assert not page.locator(".bb-header").is_visible()
    assert not page.locator(".bb-weekcard__calendar").is_visible()
    assert not page.locator(".bb-weekcard__nav").is_visible()
    page.emulate_media(media="screen")
    # The participant's page links to the week card too.
    page.locator("main p.bb-no-print a.utrecht-link").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Weekkaart (printen)").wait_for()
    assert_accessible(page)
