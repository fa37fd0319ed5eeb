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
    # Locking takes a confirmation step: what is locked, and a box to tick.
    page.get_by_role("link", name=f"{month_nl} exporteren en vastzetten…").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{month_nl} exporteren en vastzetten?"
    )
    assert_accessible(page)
    page.get_by_role("button", name=f"{month_nl} exporteren en vastzetten").click()
    page.wait_for_load_state()
    checked = page.get_by_label(f"Ik heb de cijfers gecontroleerd: zet {month_nl} vast")
    expect(checked).to_have_attribute("aria-invalid", "true")
    checked.check()
    page.get_by_role("button", name=f"{month_nl} exporteren en vastzetten").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name=f"Salarisexport {month_nl}")).to_be_visible()
    expect(page.get_by_role("button", name=f"Export van {month_nl} intrekken")).to_be_visible()
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


def test_coach_saves_a_check_in_leaving_debts_not_asked(page):
    """Issue 19: the check-in saves with only the required answers, debts "niet gevraagd"."""
    login(page, "coach-groningen")
    page.goto("/coach/caseload/")
    page.get_by_role("link", name="Dirk Deelnemer").first.click()
    expect(page.get_by_role("heading", level=1, name="Dirk Deelnemer")).to_be_visible()
    page.get_by_role("link", name="Nieuw gesprek").click()
    expect(page.get_by_role("heading", name="Welbevinden (WHO-5)")).to_be_visible()
    assert_accessible(page)
    # The date is prefilled with today; the debt questions keep "niet gevraagd".
    for name in ("work_fit", "work_satisfaction", "work_relations", "self_rated_health"):
        page.locator(f"select[name={name}]").select_option("4")
    page.locator("select[name=household]").select_option("single")
    page.locator("select[name=social_contacts]").select_option("weekly")
    page.locator("select[name=self_confidence]").select_option("7")
    for item in range(1, 6):
        page.locator(f"input[name=who5_{item}][value='3']").check()
    expect(page.get_by_label("Schulden?")).to_have_value("")
    expect(page.get_by_label("Is er schuldhulp?")).to_have_value("")
    page.get_by_role("button", name="Gesprek opslaan").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Het gesprek is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name="Dirk Deelnemer")).to_be_visible()
    assert_accessible(page)
    # The saved check-in (the newest row of the history) shows the debts as not asked.
    today = datetime.date.today().strftime("%d-%m-%Y")
    page.get_by_role("link", name=today).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(today)
    expect(page.get_by_text("niet gevraagd; schuldhulp: niet gevraagd")).to_be_visible()
    assert_accessible(page)


DAYS_NL = ["Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag", "Zaterdag", "Zondag"]


def test_a_bad_timesheet_cell_is_marked_named_and_reached_from_the_summary(page):
    """A begeleider types a wrong value: the cell keeps it, is marked, and the error
    summary names the day and the row with a link that moves the focus to the cell."""
    login(page, "begeleider-groningen")
    page.get_by_role("link", name="Aan het werk").first.click()
    page.get_by_role("link", name="Dirk Deelnemer").click()
    participant_id = re.search(r"/deelnemers/(\d+)/", page.url).group(1)
    today = datetime.date.today()
    monday = today - datetime.timedelta(days=today.weekday())
    page.goto(f"/begeleiding/deelnemers/{participant_id}/week/{monday:%Y-%m-%d}/")
    tuesday = monday + datetime.timedelta(days=1)
    page.get_by_label(re.compile(r"^dinsdag .*, regel 1$")).fill("abc")
    # Submitting with a wrong cell saves nothing (the shared world stays as it was).
    page.get_by_role("button", name="Opslaan en indienen").click()
    page.wait_for_load_state()

    cell = page.locator("#h_0_1")
    expect(cell).to_have_value("abc")
    expect(cell).to_have_attribute("aria-invalid", "true")
    expect(cell).to_have_attribute("aria-describedby", "h_0_1-error")
    expect(page.locator("#h_0_1-error")).to_have_text(
        "vul een getal van 0 tot 24 in, in kwartieren (bijv. 1,5)"
    )
    day = f"{DAYS_NL[1]} {tuesday.day} {MONTHS_NL[tuesday.month - 1]}"
    link = page.get_by_role("link", name=re.compile(rf"^{day}, .+: vul een getal van 0 tot 24"))
    expect(link).to_have_attribute("href", "#h_0_1")
    assert_accessible(page)

    # Keyboard only: Tab to the summary link, Enter, and the wrong cell has the focus.
    page.locator("body").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#h_0_1":
            break
    else:
        raise AssertionError("the summary link is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(cell).to_be_focused()


def test_coach_asks_a_re_plan_from_the_participant_page(browser, server):
    """Issue 19: the re-plan request on the participant's page, an empty field the label
    focuses, reaching the planner without health data."""
    coach = browser.new_context(base_url=server, locale="nl-NL").new_page()
    coach.set_default_timeout(15000)
    login(coach, "coach-groningen")
    coach.goto("/coach/caseload/")
    coach.get_by_role("link", name="Dirk Deelnemer").first.click()
    coach.get_by_role("link", name="De planner om een nieuwe planning vragen").click()
    field = coach.get_by_label("Waarom is een nieuwe planning nodig?")
    expect(field).to_have_value("")
    assert_accessible(coach)
    coach.locator("label[for=id_reason]").click()
    expect(field).to_be_focused()
    field.fill("WHO-5 score 7, graag minder uren")
    coach.get_by_role("button", name="Herplanning vragen").click()
    expect(coach.locator(".utrecht-form-field-error-message")).to_be_visible()
    reason = "Graag geen werk meer op woensdagmiddag."
    coach.get_by_label("Waarom is een nieuwe planning nodig?").fill(reason)
    coach.get_by_role("button", name="Herplanning vragen").click()
    expect(coach.get_by_text("De planner is gevraagd om een nieuwe planning.")).to_be_visible()
    expect(coach.get_by_text(reason)).to_be_visible()
    assert_accessible(coach)
    coach.context.close()

    planner = browser.new_context(base_url=server, locale="nl-NL").new_page()
    planner.set_default_timeout(15000)
    login(planner, "planner-groningen")
    planner.goto("/planning/")
    item = planner.get_by_role("listitem").filter(has_text=reason)
    expect(item).to_have_count(1)
    assert "WHO-5" not in planner.content()
    item.get_by_role("button", name="Afgehandeld").click()
    planner.wait_for_load_state()
    expect(planner.get_by_role("listitem").filter(has_text=reason)).to_have_count(0)
    planner.context.close()


# --- participant self-service ("Mijn basisbaan", issue 19 finding 9) ----------------------


def _phone(browser, server):
    context = browser.new_context(
        base_url=server, locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_participant_reports_sick_on_a_phone_and_guidance_and_coach_see_it(browser, server):
    phone = _phone(browser, server)
    login(phone, "deelnemer-groningen")
    phone.get_by_role("link", name="Mijn basisbaan").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mijn basisbaan")
    expect(
        phone.get_by_role("heading", name="Waarom minder uren dan mijn contract?")
    ).to_be_visible()
    assert_accessible(phone)
    _fits_the_phone(phone)
    better = phone.get_by_role("link", name="Ik ben weer beter")
    if better.count():  # a case left open by the demo: close it first
        better.click()
        phone.get_by_role("button", name="Ik ben beter").click()
        phone.wait_for_load_state()
    phone.get_by_role("link", name="Ik ben ziek").click()
    expect(phone.get_by_text("U hoeft niet te vertellen wat u heeft.")).to_be_visible()
    assert phone.locator("textarea").count() == 0  # nothing about the illness is asked
    assert_accessible(phone)
    _fits_the_phone(phone)
    phone.get_by_role("button", name="Ziekmelding versturen").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Uw ziekmelding is verstuurd.")).to_be_visible()
    expect(phone.get_by_role("link", name="Ik ben weer beter")).to_be_visible()
    assert_accessible(phone)

    # The guidance organisation and the coach see it at once, on their own pages.
    for username in ("begeleider-groningen", "coach-groningen"):
        staff = browser.new_context(base_url=server, locale="nl-NL").new_page()
        staff.set_default_timeout(15000)
        login(staff, username)
        staff.get_by_role("link", name="Meldingen").first.click()
        expect(staff.get_by_text("Ziekmelding — Dirk Deelnemer").first).to_be_visible()
        staff.context.close()

    # Better again: the case is closed (the shared world's participant stays plannable).
    phone.get_by_role("link", name="Ik ben weer beter").click()
    assert_accessible(phone)
    phone.get_by_role("button", name="Ik ben beter").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Fijn dat u weer beter bent.")).to_be_visible()
    expect(phone.get_by_role("link", name="Ik ben ziek")).to_be_visible()

    # The other participant pages: readable on the phone, axe clean.
    for name, heading in (
        ("Uren en loon", "Uren en loon"),
        ("Waar ik werk", "Waar ik werk"),
    ):
        phone.goto("/mijn-basisbaan/")
        phone.get_by_role("link", name=name).last.click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(phone)
        _fits_the_phone(phone)
    phone.goto("/mijn-basisbaan/loon/")
    expect(phone.get_by_text("schatting van uw brutoloon", exact=False)).to_be_visible()
    phone.context.close()


def test_participant_asks_for_leave_and_the_planner_answers(browser, server, page):
    first = datetime.date.today() + datetime.timedelta(days=40)
    last = first + datetime.timedelta(days=1)
    phone = _phone(browser, server)
    login(phone, "deelnemer-groningen")
    phone.goto("/mijn-basisbaan/")
    phone.get_by_role("link", name="Verlof aanvragen").last.click()
    assert_accessible(phone)
    _fits_the_phone(phone)
    phone.get_by_label("Eerste vrije dag").fill(first.isoformat())
    phone.get_by_label("Laatste vrije dag").fill(last.isoformat())
    phone.get_by_label("Opmerking voor de planner (mag leeg blijven)").fill("Bruiloft zus")
    phone.get_by_role("button", name="Aanvraag versturen").click()
    phone.wait_for_load_state()
    expect(phone.get_by_text("Uw aanvraag is verstuurd.", exact=False)).to_be_visible()
    expect(phone.get_by_text("Wacht op antwoord.")).to_be_visible()
    assert_accessible(phone)

    login(page, "planner-groningen")
    page.get_by_role("link", name="Verlofaanvragen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verlofaanvragen")
    assert_accessible(page)
    request = page.locator("section").filter(has_text="Bruiloft zus")
    request.get_by_label("goedkeuren").check()
    request.get_by_label("Kort antwoord aan de deelnemer").fill("Veel plezier!")
    request.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Het antwoord is opgeslagen.", exact=False)).to_be_visible()
    assert_accessible(page)

    phone.reload()
    expect(phone.get_by_text("Goedgekeurd. Geniet van uw vrije dagen!")).to_be_visible()
    expect(phone.get_by_text("Veel plezier!", exact=False)).to_be_visible()
    assert_accessible(phone)
    phone.context.close()
