from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_planner_logs_in_switches_language_and_logs_out(page):
    page.goto("/")
    assert_accessible(page)
    login(page, "planner-groningen")
    assert page.get_by_role("heading", level=1).inner_text() == "Basisbaan Groningen"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)

    page.get_by_role("link", name="Organisaties").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Organisaties"
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()
    page.goto("/overzicht/")
    assert "/account/login/" in page.url


def test_planner_assen_cannot_open_groningen_objects(page):
    login(page, "planner-assen")
    response = page.goto("/organisaties/1/")
    assert response.status == 404
