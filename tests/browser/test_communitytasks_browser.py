"""Community tasks in the browser: a resident submits a task in Dutch, confirms the
e-mail link, a planner assesses it; approved tasks appear in the catalogue and a
rejected submitter sees the reason on the status page."""

import atexit
import datetime
import email
import os
import re
import shutil
import uuid
from email import policy
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import REPO, assert_accessible, login

# The test server writes its mails to files here (settings: EMAIL_FILE_PATH). Set at
# import, before the session's server starts, so the server inherits it.
MAIL_DIR = REPO / "var" / f"browser-mail-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("EMAIL_FILE_PATH", str(MAIL_DIR))

# The session's server may write mails for later test modules too: clean up at exit.
atexit.register(shutil.rmtree, MAIL_DIR, True)


def _mails_to(address: str) -> list[str]:
    """Bodies of the mails sent to ``address``, oldest first."""
    folder = Path(os.environ["EMAIL_FILE_PATH"])
    bodies = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
        for chunk in path.read_text(encoding="utf-8").split("-" * 79):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip(), policy=policy.default)
            if address in (message["To"] or ""):
                bodies.append(message.get_body(preferencelist=("plain",)).get_content())
    return bodies


def _link(body: str, part: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(part) + r"\S+)", body)
    assert match, body
    return match.group(1)


def submit_task(page, title: str, address: str) -> None:
    """Fill in Groningen's public form in Dutch, as a resident would."""
    page.goto("/")
    page.locator("a[href='/groningen/taak-aanmelden/']").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Taak aanmelden in Groningen"
    assert_accessible(page)
    page.get_by_label("Naam van uw organisatie").fill("Bewonersgroep Browsertest")
    page.get_by_label("Wat voor organisatie is het?").select_option(label="Bewonersorganisatie")
    page.get_by_label("Uw naam").fill("Bea Browser")
    page.get_by_label("Uw e-mailadres").fill(address)
    page.get_by_label("In welke wijk of welk dorp is het werk?").select_option(label="Oosterpoort")
    page.get_by_label("Wat voor werk is het?").select_option(label="Zwerfafval rapen")
    page.get_by_label("Geef de taak een korte naam").fill(title)
    page.get_by_label("Wat is het werk?").fill("Elke week het plantsoen en de stoep schoonmaken.")
    page.get_by_label("schoonmaken", exact=True).check()
    page.get_by_label("buitenwerk", exact=True).check()
    page.get_by_label("Elke week, op vaste dagen").check()
    start = datetime.date.today() + datetime.timedelta(days=21)
    page.get_by_label("Vanaf welke datum?").fill(start.isoformat())
    page.locator("#id_slots-0-weekday").select_option("wed")
    page.locator("#id_slots-0-start").select_option("09:00")
    page.locator("#id_slots-0-end").select_option("11:30")
    page.locator("#id_slots-0-people").fill("2")
    for question, answer in (
        ("Doen betaalde krachten dit werk?", "nee"),
        ("Is er geld (budget) voor dit werk?", "nee"),
        ("Doen vrijwilligers dit werk nu elke week?", "nee"),
        ("Is dit werk voor een Participatiebaan?", "nee"),
        ("Blijft het werk liggen zonder basisbaner?", "ja, dan doet niemand het"),
    ):
        page.locator("fieldset", has_text=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Taak versturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in uw e-mail"


def confirm_email(page, address: str) -> str:
    """Open the verification link from the mail; returns the status page's path."""
    verify = _link(_mails_to(address)[-1], "/taak-aanmelden/bevestigen/")
    page.goto(verify)
    assert_accessible(page)
    page.get_by_role("button", name="Mijn e-mailadres bevestigen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Status van uw taak"
    status = _link(_mails_to(address)[-1], "/taak-status/")
    assert page.url.endswith(status)
    return status


def take_step(page, title: str, step: str, reason: str = "") -> None:
    page.goto("/taken/beoordelen/")
    page.get_by_role("link", name=title).click()
    page.get_by_role("link", name=step).click()
    if reason:
        page.locator("#id_reason").fill(reason)
    page.get_by_role("button", name=step).click()
    page.wait_for_load_state()


def test_a_submitted_task_is_verified_approved_and_in_the_catalogue(browser, server):
    title = f"Plantsoen schoon {uuid.uuid4().hex[:6]}"
    address = f"bea-{uuid.uuid4().hex[:8]}@example.org"
    resident = browser.new_context(base_url=server, locale="nl-NL")
    page = resident.new_page()
    submit_task(page, title, address)
    status = confirm_email(page, address)
    assert page.locator(".bb-status").inner_text() == "aangemeld"
    assert_accessible(page)

    staff = browser.new_context(base_url=server, locale="nl-NL")
    planner = staff.new_page()
    login(planner, "planner-groningen")
    take_step(planner, title, "Beoordeling starten")
    planner.get_by_role("link", name="Goedkeuren").click()
    planner.wait_for_load_state()
    assert "laag risico" in planner.content()  # the displacement advice, spelled out
    assert_accessible(planner)
    planner.locator("#id_reason").fill("Extra werk voor de wijk, geen verdringing.")
    planner.locator("#id_consultation_note").fill("Cliëntenraad: positief.")
    planner.get_by_role("button", name="Goedkeuren").click()
    planner.wait_for_load_state()
    assert planner.locator(".bb-status").inner_text() == "goedgekeurd"
    assert_accessible(planner)

    planner.get_by_role("link", name="Taken", exact=True).first.click()
    planner.get_by_label("Wijk", exact=True).select_option(label="Oosterpoort")
    planner.get_by_role("button", name="Filteren").click()
    planner.wait_for_load_state()
    expect(planner.get_by_role("link", name=title)).to_be_visible()
    assert "woensdag 09:00–11:30" in planner.content()
    assert_accessible(planner)
    planner.get_by_role("link", name="Taakuren per wijk").click()
    assert planner.get_by_role("heading", level=1).inner_text() == "Taakuren per wijk"
    assert_accessible(planner)

    page.goto(status)
    assert page.locator(".bb-status").inner_text() == "goedgekeurd"
    resident.close()
    staff.close()


def test_a_rejected_submitter_sees_the_reason(browser, server):
    title = f"Stoep vegen {uuid.uuid4().hex[:6]}"
    address = f"bea-{uuid.uuid4().hex[:8]}@example.org"
    resident = browser.new_context(base_url=server, locale="nl-NL")
    page = resident.new_page()
    submit_task(page, title, address)
    status = confirm_email(page, address)

    staff = browser.new_context(base_url=server, locale="nl-NL")
    planner = staff.new_page()
    login(planner, "planner-groningen")
    take_step(planner, title, "Beoordeling starten")
    reason = "De gemeente veegt deze stoep al met betaalde krachten."
    take_step(planner, title, "Afwijzen", reason)

    page.goto(status)
    assert page.locator(".bb-status").inner_text() == "afgewezen"
    assert page.locator(".bb-rejection-reason").inner_text() == reason
    assert_accessible(page)
    # The rejection mail carries the reason too.
    assert reason in _mails_to(address)[-1]
    resident.close()
    staff.close()


def test_a_provider_reports_the_month_on_a_phone(mobile_page):
    page = mobile_page
    login(page, "aanbieder-groningen")
    page.get_by_role("link", name="Mijn taken").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn taken"
    assert_accessible(page)
    row = page.locator("tr", has_text="goedgekeurd").first
    title = row.locator("a").inner_text()
    row.locator("a").click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert_accessible(page)
    page.locator("fieldset", has_text="Is het werk deze maand gedaan?").get_by_label(
        "gedeeltelijk", exact=True
    ).check()
    page.locator("fieldset", has_text="leefbaarheid").get_by_label("4", exact=True).check()
    page.get_by_label("Opmerking (mag leeg blijven)").fill("Minder mensen door de griep.")
    page.get_by_role("button", name="Maandmelding opslaan").click()
    page.wait_for_load_state()
    assert "Bedankt. Uw maandmelding is opgeslagen." in page.content()
    assert "Minder mensen door de griep." in page.content()


def test_an_information_day_registration_reaches_the_inbox(browser, server):
    name = f"Ina Info {uuid.uuid4().hex[:6]}"
    visitor = browser.new_context(base_url=server, locale="nl-NL")
    page = visitor.new_page()
    page.goto("/")
    page.locator("a[href='/groningen/informatiedag/']").click()
    assert_accessible(page)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert "Kies minstens één onderwerp." in page.content()
    page.get_by_label("Uw naam").fill(name)
    page.get_by_label("Organisatie").fill("Gemeente Zwolle")
    page.get_by_label("Uw e-mailadres").fill("ina@example.org")
    page.get_by_label("werkbezoeken").check()
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt"
    visitor.close()

    staff = browser.new_context(base_url=server, locale="nl-NL")
    planner = staff.new_page()
    login(planner, "planner-groningen")
    planner.locator(".bb-nav summary", has_text="Meer").click()  # the inbox sits under "Meer"
    planner.get_by_role("link", name="Inbox").first.click()
    planner.wait_for_load_state()
    assert name in planner.content()
    assert_accessible(planner)
    staff.close()


# Words in table cells that a line break cuts in two: for every word of every text node
# in the cells, a range over just that word has more than one client rect when wrapped.
_BROKEN_WORDS_JS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_a_providers_task_table_does_not_break_words_on_a_phone(mobile_page):
    """Issue 19, finding 8: "goedg/ekeur/d" on a 390 px phone."""
    page = mobile_page
    login(page, "aanbieder-groningen")
    page.get_by_role("link", name="Mijn taken").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn taken"
    badges = page.locator("table.bb-stack .bb-status")
    assert badges.count() > 0
    assert "goedgekeurd" in badges.all_inner_texts()
    for i in range(badges.count()):
        fits = badges.nth(i).evaluate("(el) => el.scrollWidth <= el.clientWidth")
        assert fits, badges.nth(i).inner_text()
    assert page.evaluate(_BROKEN_WORDS_JS, "table.bb-stack td") == []
    # The stacked cells do not overlap (a fixed cell height would pile them up).
    overlapping = page.evaluate(
        """() => [...document.querySelectorAll("table.bb-stack tbody tr")].filter((row) => {
          const cells = [...row.cells].map((c) => c.getBoundingClientRect());
          return cells.some((c, i) => i > 0 && cells[i - 1].bottom > c.top + 1);
        }).length"""
    )
    assert overlapping == 0
    # Nothing sticks out sideways: the page needs no horizontal scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    row = page.locator("tr", has_text="goedgekeurd").first
    title = row.locator("a").inner_text()
    row.locator("a").click()  # the task link is not covered by another cell
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert_accessible(page)
