"""Messages in the browser: the participant chooses on a phone how to hear that their
week changed, and sees the choice kept."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_participant_chooses_the_channel_on_a_phone(mobile_page):
    phone = mobile_page
    login(phone, "deelnemer-groningen")
    phone.get_by_role("link", name="Mijn basisbaan").first.click()
    phone.get_by_role("link", name="Berichten over mijn week").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Berichten over mijn week")
    assert_accessible(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    # A large target: the whole label is the button to tap.
    label = phone.locator("label", has_text="E-mail").first
    assert label.bounding_box()["height"] >= 44
    phone.get_by_label("E-mail", exact=True).check()
    phone.get_by_role("button", name="Mijn keuze bewaren").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Dank u. Uw keuze is bewaard.")).to_be_visible()
    expect(phone.get_by_label("E-mail", exact=True)).to_be_checked()
    assert_accessible(phone)
    # Back to the choice the demo made (the shared world's participant).
    phone.get_by_label("Sms-bericht", exact=True).check()
    phone.get_by_role("button", name="Mijn keuze bewaren").click()
    phone.wait_for_load_state()
    expect(phone.get_by_label("Sms-bericht", exact=True)).to_be_checked()


def test_the_coach_sees_the_messages_from_the_participant_file(page):
    login(page, "coach-groningen")
    page.goto("/deelnemers/")
    page.get_by_role("link", name="Dirk Deelnemer").first.click()
    page.get_by_role("link", name="Berichten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Berichten aan Dirk Deelnemer")
    expect(page.get_by_role("heading", name="Verstuurde berichten")).to_be_visible()
    expect(page.locator("input[name=channel]:checked")).to_have_count(1)
    assert_accessible(page)
