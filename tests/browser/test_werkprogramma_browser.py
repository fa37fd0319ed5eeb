"""Acceptance: a coach enrols a person from the scan's advice, records a step, and
issues a Verklaring Praktijkleren whose PDF opens and names the competences; an
employer checks its code on the public page.

Selectors use form field names and URLs where the text would follow the language."""

import re

from tests.browser.conftest import assert_accessible, login
from tests.pdftext import pdf_text

# The labels as the Dutch page shows them (Dutch is the first language).
COMPETENCES = ["Werkt veilig en hygiënisch", "Volgt instructies en procedures"]
OWN = "Decorates cakes for the shop window"


PREVENTION = "Van WW naar bijstand voorkomen (met het UWV)"


def _enrol_from_advice(page) -> int:
    """Take a person of the coach's caseload in no route yet, record a scan whose advice
    is Praktijkleren, and enrol them as advised. Returns the enrolment's id."""
    page.goto("/werkprogramma/aanmelden/?q=e")
    links = [
        a.get_attribute("href")
        for a in page.locator("a[href^='/werkprogramma/aanmelden/']").all()
        if re.search(r"/aanmelden/\d+/$", a.get_attribute("href") or "")
    ]
    assert links, "nobody found in the coach's caseload"
    for href in links:
        page.goto(href)
        advice = page.locator("h2#advice + p strong")
        shown = advice.inner_text().strip() if advice.count() else ""
        if shown == PREVENTION or page.locator("main div[role=status]").count():
            continue  # on WW, or already in a route
        person = re.search(r"/aanmelden/(\d+)/$", href).group(1)
        page.goto(f"/deelnemers/{person}/scan/nieuw/")
        page.locator("select[name=advice]").select_option("praktijkleren")
        page.locator("textarea[name=reasoning]").fill(
            "Learns best on the job; no startkwalificatie yet."
        )
        page.locator("form:has(select[name=advice]) button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(href)
        assert page.locator("h2#advice + p strong").inner_text().strip() == "Praktijkleren"
        assert_accessible(page)
        page.get_by_label("Praktijkleren", exact=True).check()
        page.locator("input[name=confirmed][value=no_mbo2]").check()
        page.locator("form.bb-form button[type=submit]").click()
        page.wait_for_load_state()
        match = re.search(r"/werkprogramma/traject/(\d+)/", page.url)
        assert match, f"not enrolled: {page.url}"
        return int(match.group(1))
    raise AssertionError("nobody in the coach's caseload is free to enrol")


def test_coach_enrols_records_a_step_and_issues_a_verklaring(page):
    login(page, "coach-groningen")
    pk = _enrol_from_advice(page)

    # Record the first step of the route on the enrolment page.
    step = page.locator("form:has(input[name=action][value=step])").first
    step.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("form:has(input[name=action][value=step])").count() == 3
    assert_accessible(page)

    # The Praktijkleren record, both sign-offs, then the Verklaring.
    page.goto(f"/werkprogramma/praktijkleren/{pk}/")
    assert_accessible(page)
    form = page.locator("form:has(input[name=action][value=save])")
    form.locator("input[name=company]").fill("Bakkerij De Korenschoof")
    form.locator("input[name=company_registration]").fill("203456")
    form.locator("input[name=work_process]").fill("Baking and selling bread")
    form.locator("input[name=supervisor]").fill("J. de Vries")
    page.evaluate(
        "document.querySelector('input[name=completed_on]').value = "
        "document.querySelector('input[name=started_on]').value"
    )
    for competence in COMPETENCES:
        form.get_by_label(competence).check()
    form.locator("textarea[name=other]").fill(OWN)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    issue = page.locator("form:has(input[name=action][value=issue]) button")
    assert issue.is_disabled()
    page.locator("form:has(input[name=action][value=coach_sign]) button").click()
    page.wait_for_load_state()
    page.locator("form:has(input[name=action][value=supervisor_sign]) button").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.locator("form:has(input[name=action][value=issue]) button").click()
    page.wait_for_load_state()
    code = page.get_by_test_id("code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)

    # The PDF opens and names the competences.
    href = page.locator(f"a[href='/werkprogramma/praktijkleren/{pk}/verklaring.pdf']").first
    response = page.request.get(href.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    text = pdf_text(response.body())
    for competence in [*COMPETENCES, OWN]:
        assert competence in text
    assert code in text

    # An employer checks the code: valid, initials only.
    page.context.clear_cookies()
    page.goto(f"/verklaring-praktijkleren/controleren/?code={code}")
    result = page.get_by_test_id("verify-result")
    assert "Baking and selling bread" in result.inner_text()
    assert "Bakkerij De Korenschoof" in result.inner_text()
    assert_accessible(page)
