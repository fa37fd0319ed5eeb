"""A planner imports the target group through the UI and takes one person in:
upload, preview with a bad row, fix and import (progress bar), screen, override,
intake and a coach. Guidance staff cannot reach the scan."""

import re
import uuid

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from tests.pdftext import pdf_text

HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"


def _bsn() -> str:
    """A fresh valid BSN (elfproef) starting with 7, unlike the demo's."""
    while True:
        stem = "7" + str(uuid.uuid4().int)[:7]
        total = sum(int(d) * w for d, w in zip(stem, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return stem + str(last)


def test_planner_imports_screens_and_takes_in_a_person(page, tmp_path):
    surname = f"Browsertest{uuid.uuid4().hex[:6]}"
    good, other = _bsn(), _bsn()
    bad_file = tmp_path / "doelgroep.csv"
    bad_file.write_text(
        f"{HEADER}\n"
        f"{good};A.B.;van;{surname};1975-04-03;9711 AB;12;2016-02-01;0612345678;\n"
        f"{other};C.;;{surname}twee;1980-13-01;9712 CD;3;2017-01-01;;\n",
        encoding="utf-8",
    )
    login(page, "planner-groningen")
    page.get_by_role("link", name="Deelnemers").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Deelnemers"
    assert_accessible(page)

    page.get_by_role("link", name="Doelgroep importeren").click()
    assert_accessible(page)
    page.get_by_label("CSV-bestand uit de uitkeringsadministratie").set_input_files(str(bad_file))
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_load_state()
    # The preview names the bad row by line and column; the full import is not offered.
    errors = page.get_by_role("table", name="Ongeldige regels")
    assert "geboortedatum" in errors.inner_text() and "3" in errors.inner_text()
    expect(page.get_by_role("button", name="Import starten")).to_have_count(0)
    assert_accessible(page)

    # Fix the file and upload it again.
    fixed_file = tmp_path / "doelgroep-verbeterd.csv"
    fixed_file.write_text(
        bad_file.read_text(encoding="utf-8").replace("1980-13-01", "1980-12-01"),
        encoding="utf-8",
    )
    page.get_by_role("link", name="Een verbeterd bestand uploaden").click()
    page.get_by_label("CSV-bestand uit de uitkeringsadministratie").set_input_files(str(fixed_file))
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Import starten").click()
    page.wait_for_load_state()
    # Progress bar, then the result. The import runs as a background job on the live
    # server: give a busy machine time. A job that ends before the page is served shows
    # the result at once, without the progress bar and its link.
    result_link = page.get_by_role("link", name="Bekijk het resultaat")
    summary = page.get_by_test_id("import-summary")
    expect(result_link.or_(summary)).to_be_visible(timeout=60000)
    if result_link.is_visible():
        result_link.click()
        page.wait_for_load_state()
    assert summary.inner_text() == "2 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 afgewezen"
    assert_accessible(page)

    # Find the person and open the file.
    page.goto("/deelnemers/")
    page.get_by_label("Zoeken").fill(surname)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name=re.compile(rf"{surname} \(nr\. \d+\)$")).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().endswith(surname)
    assert_accessible(page)

    # Referred -> screening.
    page.get_by_role("link", name="Status wijzigen").click()
    page.get_by_label("Nieuwe status").select_option("screening")
    page.get_by_role("button", name="Status wijzigen").click()
    page.wait_for_load_state()
    assert "De status is nu: screening." in page.content()

    # Screen: no scan yet, so not every rule passes; every rule shows why.
    page.get_by_role("link", name="Screening").click()
    page.get_by_role("button", name="Nu screenen").click()
    page.wait_for_load_state()
    table = page.get_by_role("table", name="Regels en uitkomst")
    assert "Nog geen arbeidsmarktwaardescan." in table.inner_text()
    assert_accessible(page)

    # Override with a reason, then intake.
    page.get_by_role("link", name="Deze uitkomst overrulen (met een reden)").click()
    page.get_by_label("komt in aanmerking", exact=True).check()
    page.get_by_label("Reden voor het overrulen").fill(
        "Scan volgt bij de intake; de coach kent deze persoon goed."
    )
    page.get_by_role("button", name="Overrulen opslaan").click()
    page.wait_for_load_state()
    assert "Het overrulen is opgeslagen." in page.content()

    page.get_by_role("link", name="Profiel").click()
    page.get_by_role("link", name="Status wijzigen").click()
    page.get_by_label("Nieuwe status").select_option("intake")
    page.get_by_role("button", name="Status wijzigen").click()
    page.wait_for_load_state()
    assert "De status is nu: intake." in page.content()

    # Assign a coach: the balancing suggestion is shown; choose coach-groningen.
    page.get_by_role("link", name="Coach en begeleiding toewijzen").click()
    page.wait_for_load_state()
    assert "Voorstel voor een evenwichtige caseload" in page.content()
    assert_accessible(page)
    coach = page.get_by_label("Coach", exact=True)
    option = coach.locator("option", has_text="Karin Coach").get_attribute("value")
    coach.select_option(option)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Coach en begeleidingsorganisatie zijn opgeslagen." in page.content()
    assert "Karin Coach" in page.content()

    # The timeline shows both moves, attributed.
    page.get_by_role("link", name="Tijdlijn").click()
    timeline = page.locator(".bb-timeline").inner_text()
    assert "aangemeld → screening" in timeline and "screening → intake" in timeline
    assert "Petra Planner" in timeline


def test_guidance_staff_see_work_fields_only(page):
    login(page, "begeleider-groningen")
    page.get_by_role("link", name="Deelnemers").first.click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.wait_for_load_state()
    tabs = page.get_by_role("navigation", name="Dossier deelnemer").inner_text()
    assert "Profiel" in tabs and "Scan" not in tabs and "Contract" not in tabs
    assert "BSN" not in page.locator("main").inner_text()
    assert_accessible(page)
    response = page.goto(page.url + "scan/")
    assert response.status == 404


def test_participant_file_on_a_phone(mobile_page):
    login(mobile_page, "coach-groningen")
    mobile_page.goto("/deelnemers/")
    mobile_page.get_by_role("link", name="Dirk Deelnemer").click()
    mobile_page.wait_for_load_state()
    assert mobile_page.get_by_role("heading", level=1).inner_text() == "Dirk Deelnemer"
    assert_accessible(mobile_page)


def test_participant_reads_own_details_on_a_phone(mobile_page):
    login(mobile_page, "deelnemer-groningen")
    mobile_page.get_by_role("link", name="Mijn gegevens").first.click()
    mobile_page.wait_for_load_state()
    assert mobile_page.get_by_role("heading", level=1).inner_text() == "Mijn gegevens"
    text = mobile_page.locator("main").inner_text()
    assert "Karin Coach" in text and "BSN" not in text
    assert_accessible(mobile_page)


def test_planner_produces_a_data_subject_export_and_opens_its_pdf(page, tmp_path):
    """AVG art. 15: register an access request on the file, download the complete export
    as PDF and render it (poppler's pdftoppm)."""
    import shutil
    import subprocess

    login(page, "planner-groningen")
    page.goto("/deelnemers/")
    page.get_by_role("link", name="Dirk Deelnemer").click()
    page.wait_for_load_state()
    page.locator("nav.bb-tabs a[href$='/avg/']").click()
    page.wait_for_load_state()
    assert_accessible(page)

    form = page.locator("main form.bb-form")
    form.locator("#id_kind").select_option("access")
    form.locator("#id_description").fill("Inzage in alle gegevens (browsertest)")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("export-pdf")).to_be_visible()
    assert_accessible(page)

    # The download link (fetched in the browser's session; a click would wait on the
    # navigation that a download never finishes, which times out on a busy machine).
    href = page.get_by_test_id("export-pdf").get_attribute("href")
    response = page.request.get(href, timeout=120_000)
    assert response.ok and response.body().startswith(b"%PDF")
    assert ".pdf" in response.headers.get("content-disposition", "")
    assert "Deelnemer" in pdf_text(response.body())
    pdf = tmp_path / "export.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
            check=True,
        )
        pages = list(tmp_path.glob("p*.png"))
        assert pages and pages[0].stat().st_size > 1000

    # The municipality's register lists the open request with its due date.
    page.goto("/deelnemers/avg-verzoeken/")
    assert "Dirk Deelnemer" in page.locator("main").inner_text()
    assert_accessible(page)
