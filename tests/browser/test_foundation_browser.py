from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login


def test_planner_logs_in_switches_language_and_logs_out(page):
    page.goto("/")
    assert_accessible(page)
    login(page, "planner-groningen")
    assert page.get_by_role("heading", level=1).inner_text() == "Basisbaan Groningen"
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)

    # Rarely used pages sit under "Meer" in the menu.
    page.locator(".bb-nav summary", has_text="Meer").click()
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


def test_tab_from_the_top_reaches_the_first_to_do_with_a_visible_focus_ring(page):
    """Issue 19: the start page lists the planner's to-dos; the keyboard gets there in
    document order and shows where it is."""
    login(page, "planner-groningen")
    page.goto("/overzicht/")
    first_todo = page.locator("[data-testid=todos] a").first
    expect(first_todo).to_be_visible()
    assert_accessible(page)
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if first_todo.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the first to-do link")
    ring = first_todo.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {width: parseFloat(s.outlineWidth), style: s.outlineStyle}; }"
    )
    assert ring["style"] != "none" and ring["width"] >= 2, ring


def test_a_forbidden_page_answers_in_dutch_with_a_way_back(page):
    """Issue 19: a 403 in the site's own layout and language, with a link home."""
    login(page, "coach-groningen")
    response = page.goto("/planning/")
    assert response.status == 403
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang tot deze pagina")
    assert_accessible(page)
    page.get_by_role("link", name="Naar de startpagina").click()
    page.wait_for_load_state()
    assert "/planning/" not in page.url
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_error_summary_takes_the_keyboard_to_each_field(page):
    """Issue 19: after a failed submit the keyboard starts at the error summary; its links
    lead to the fields (a radio group: its first radio), the inputs are described by their
    errors, the focus ring is strong and checkboxes are at least 24px."""
    page.goto("/groningen/taak-aanmelden/")
    page.get_by_role("button", name="Taak versturen").click()
    page.wait_for_load_state()
    summary = page.locator("[data-testid=error-summary]")
    expect(summary).to_be_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert_accessible(page)
    page.keyboard.press("Tab")
    first_link = summary.locator("a").first
    assert first_link.evaluate("el => el === document.activeElement")
    targets = summary.locator("a").evaluate_all("links => links.map(a => a.hash.slice(1))")
    assert "id_paid_staff_0" in targets
    for target in targets:
        field = page.locator(f"[id='{target}']")
        expect(field).to_have_count(1)
        if target.endswith("-errors"):
            continue  # an error about all time slots: it links to that message
        assert field.get_attribute("aria-invalid") == "true"
        described = field.get_attribute("aria-describedby") or ""
        assert target.rsplit("_0", 1)[0] + "_error" in described
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#" + targets[0]
    title = page.locator("#id_title")
    title.focus()
    ring = title.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {width: parseFloat(s.outlineWidth), style: s.outlineStyle}; }"
    )
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    box = page.locator("input[type=checkbox]").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box
