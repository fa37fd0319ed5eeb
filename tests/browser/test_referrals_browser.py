"""Issue 22's acceptance: Vaart Welzijn (partner-assen) refers a resident; the Assen
planner sees the referral and takes them into intake; the partner then sees "in intake",
nothing more. Also: the partner brings in a task through the prefilled submission form."""

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login

BSN = "111222333"  # valid (elfproef), unlike the demo's synthetic ones (starting with 9)


def test_partner_refers_planner_takes_into_intake_partner_sees_only_the_stage(browser, server):
    surname = f"Verwijstest{uuid.uuid4().hex[:6]}"
    partner = browser.new_context(base_url=server, locale="nl-NL")
    planner = browser.new_context(base_url=server, locale="nl-NL")
    try:
        page = partner.new_page()
        page.set_default_timeout(15000)
        login(page, "partner-assen")
        page.get_by_role("link", name="Inwoner aanmelden").first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Inwoner aanmelden")
        assert "Vaart Welzijn" in page.content()
        assert_accessible(page)

        page.get_by_label("Voornaam").fill("Roos")
        page.get_by_label("Achternaam").fill(surname)
        page.get_by_label("Telefoon").fill("0612345678")
        motivation = page.get_by_label("Waarom kan een basisbaan bij deze inwoner passen?")
        # Health or income in the motivation is refused, with what to remove.
        motivation.fill("Is al lang ziek en heeft schulden.")
        page.get_by_label(re.compile("De inwoner stemt in met deze aanmelding")).check()
        page.get_by_role("button", name="Aanmelden", exact=True).click()
        expect(
            page.get_by_text(re.compile("Schrijf niets over gezondheid of inkomen"))
        ).not_to_have_count(0)
        assert_accessible(page)
        motivation.fill("Helpt al mee in het buurthuis en zoekt een vaste plek in de wijk.")
        page.get_by_label(re.compile("De inwoner stemt in met deze aanmelding")).check()
        page.get_by_role("button", name="Aanmelden", exact=True).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanmeldingen")
        row = page.get_by_role("row", name=re.compile(surname))
        expect(row.get_by_test_id("stage")).to_have_text("aangemeld")
        assert_accessible(page)

        # The Assen planner: the to-do on the start page, the list, the referral.
        staff = planner.new_page()
        staff.set_default_timeout(15000)
        login(staff, "planner-assen")
        staff.get_by_role(
            "link", name=re.compile("Aanmeldingen van partners om te beoordelen")
        ).click()
        expect(staff.get_by_role("heading", level=1)).to_have_text("Aanmeldingen van partners")
        assert_accessible(staff)
        staff.get_by_role("link", name=f"Roos {surname}").click()
        expect(staff.get_by_test_id("referral-stage")).to_contain_text("aangemeld")
        assert "Vaart Welzijn" in staff.content()
        assert_accessible(staff)
        staff.get_by_label("BSN").fill(BSN)
        staff.get_by_label("Geboortedatum").fill("1980-05-04")
        staff.get_by_label("Postcode").fill("9401 AB")
        staff.get_by_label("Huisnummer").fill("12")
        staff.get_by_role("button", name="In intake nemen").click()
        # The new participant's file: referred by Vaart Welzijn.
        expect(staff.get_by_role("heading", level=1)).to_contain_text(surname)
        file_text = staff.content()
        assert "Vaart Welzijn" in file_text
        number = re.search(r"/deelnemers/(\d+)/$", staff.url)
        assert number, staff.url

        # The partner sees "in intake" and nothing of the file.
        page.reload()
        row = page.get_by_role("row", name=re.compile(surname))
        expect(row.get_by_test_id("stage")).to_have_text("in intake")
        content = page.content()
        for secret in (
            BSN,
            "9401 AB",
            "1980",
            number.group(1),
            "nr.",
            "Coach",
            "Carla",
            "inkomen",
            "Loon",
        ):
            assert secret not in content, secret
        assert page.get_by_role("link", name=re.compile(surname)).count() == 0
        # The file itself stays closed to the partner.
        response = page.goto(f"/deelnemers/{number.group(1)}/")
        assert response.status == 404
    finally:
        partner.close()
        planner.close()


def test_partner_brings_in_a_task_prefilled(page):
    login(page, "partner-assen")
    page.get_by_role("link", name="Taak aanbrengen voor een wijk").first.click()
    expect(page.get_by_test_id("brought-in-by")).to_contain_text("Vaart Welzijn")
    expect(page.get_by_label(re.compile("Naam van uw organisatie"))).to_have_value("Vaart Welzijn")
    assert_accessible(page)
