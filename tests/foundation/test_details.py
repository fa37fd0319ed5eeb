"""Issue 19, finding 11 ("Language and details"): Dutch everywhere, no raw codes, error
pages in the site's own look, a favicon, spreadsheet-friendly CSV files, accessible error
summaries."""

import csv
import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from basisbaan.communitytasks import services as task_services
from basisbaan.communitytasks.models import Task, TaskEvent
from basisbaan.core import calendar, exports
from basisbaan.tenants.models import Municipality
from tests.communitytasks.conftest import valid_post
from tests.communitytasks.test_workflow import make_task

SUBMIT = reverse("communitytasks:submit", kwargs={"slug": "groningen"})


@pytest.fixture
def groningen(db):
    return Municipality.objects.get(cbs_code="GM0014")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- 1. the task history names the displacement advice in words ------------------------


def test_the_task_history_shows_the_displacement_advice_in_dutch(login, groningen):
    task = make_task(groningen, status=Task.Status.SUBMITTED)
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.TRANSITION,
        from_status=Task.Status.SUBMITTED,
        to_status=Task.Status.UNDER_ASSESSMENT,
        actor_label="Planner",
        displacement_risk="low",
    )
    body = text_of(login("planner-groningen").get(reverse("communitytasks:detail", args=[task.pk])))
    assert "advies verdringing op dat moment: laag risico" in body
    assert ": low<" not in body


# --- 2. the import job's result line is Dutch ------------------------------------------


def test_the_import_job_and_result_pages_show_the_result_in_dutch(login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import resolve

    from basisbaan.participants.models import ImportRun
    from tests.participants.test_views import HEADER

    client = login("planner-groningen")
    born = calendar.add_years(calendar.today(), -40)
    since = calendar.add_years(calendar.today(), -5)
    data = f"{HEADER}\n111222333;A.;;Jansen;{born:%Y-%m-%d};9711 AB;1;{since:%Y-%m-%d};;\n"
    response = client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile("doelgroep.csv", data.encode(), content_type="text/csv")},
    )
    run = ImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])
    client.post(reverse("participants:import_detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == "done"
    pages = [
        client.get(reverse("participants:import_detail", args=[run.pk])),
        client.get(reverse("participants:import")),
        client.get(reverse("jobs:detail", args=[run.job.pk])),
        client.get(reverse("jobs:detail", args=[run.job.pk]), HTTP_HX_REQUEST="true"),
    ]
    for page in pages:
        body = text_of(page)
        assert "created 1" not in body and "rejected" not in body
        assert "participants.import" not in body
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 afgewezen" in text_of(pages[0])
    assert "Bekijk het resultaat" in text_of(pages[2])


# --- 3. no Dutch on the English plan pages --------------------------------------------


def visible_text(html: str) -> str:
    import html as htmllib

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_english_plan_pages_carry_no_dutch_interface_text(login):
    from basisbaan.planning import notes as plan_notes
    from basisbaan.planning.models import PlanVersion
    from tests.access.rules_planning import WEEK, groningen_version

    version = groningen_version()
    # A note written while the run was made in Dutch is read in the reader's language.
    with translation.override("nl"):
        note = plan_notes.encode([("%(n)d participant(s) absent on some days.", {"n": 2})])
    PlanVersion.objects.filter(pk=version["pk"]).update(note=note)
    catalog = translation.trans_real.translation("nl")._catalog
    dutch = {
        value
        for key, value in catalog.items()
        if isinstance(value, str)
        and len(value) >= 12
        and "%" not in value
        and value != (key[0] if isinstance(key, tuple) else key)
    }
    client = login("planner-groningen")
    client.cookies["django_language"] = "en"
    pages = {
        url: visible_text(client.get(url).content.decode())
        for url in (
            reverse("planning:index"),
            reverse("planning:week", kwargs=WEEK),
            reverse("planning:version", kwargs=version),
            reverse("planning:version_tasks", kwargs=version),
            reverse("planning:gaps", kwargs=version),
        )
    }
    data = {"Bewonersorganisatie"}  # part of an organisation's name in the test world
    for url, text in pages.items():
        assert sorted(d for d in dutch - data if d in text) == [], url
    assert (
        "2 participant(s) absent on some days."
        in pages[reverse("planning:version", kwargs=version)]
    )
    client.cookies["django_language"] = "nl"
    dutch_page = visible_text(
        client.get(reverse("planning:version", kwargs=version)).content.decode()
    )
    assert "2 deelnemer(s) op sommige dagen afwezig." in dutch_page


def test_a_plan_note_is_translated_when_shown():
    from basisbaan.planning import notes as plan_notes

    note = plan_notes.encode([("Replacement on %(date)s accepted.", {"date": "07-12-2026"})])
    with translation.override("en"):
        assert plan_notes.text(note) == "Replacement on 07-12-2026 accepted."
    assert plan_notes.encode([]) == ""
    assert plan_notes.text("Oude notitie") == "Oude notitie"  # written before the format
    assert plan_notes.text("{kapot") == "{kapot"


# --- 4. labels, never raw codes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "username"),
    [("werkprogramma:enrol", "coach-groningen"), ("guidance:rules", "planner-groningen")],
)
def test_pages_show_labels_not_codes(login, name, username):
    from tests.test_access_matrix import RULES

    rule = RULES[name]
    if username not in rule.allowed:
        username = sorted(u for u in rule.allowed if "groningen" in u)[0]
    url = reverse(name, kwargs=rule.kwargs() if rule.kwargs else None)
    response = login(username).get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == []


# --- 5. one clear message for a wrong number of people ---------------------------------


@pytest.mark.parametrize("people", ["-3", "0", "11"])
def test_a_wrong_number_of_people_gives_one_clear_message(client, groningen, people):
    response = client.post(SUBMIT, valid_post(groningen, **{"slots-0-people": people}))
    assert response.status_code == 400
    errors = [str(e) for e in response.context["slots"].forms[0].errors["people"]]
    assert errors == [
        "U heeft minstens 1 persoon nodig en hoogstens 10. Vul een aantal van 1 tot en met 10 in."
    ]


# --- 6. error summaries link to their fields; radio errors are described ----------------


def test_the_error_summary_links_every_error_to_its_field(client, groningen):
    data = valid_post(groningen, title="", paid_staff="", **{"slots-0-people": "-3"})
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    body = response.content.decode()
    summary = re.search(r'<div[^>]*data-testid="error-summary".*?</div></div>', body, re.S)
    assert summary, "an error summary at the top"
    links = re.findall(r'href="#([^"]+)"', summary.group(0))
    assert "id_title" in links
    assert "id_paid_staff_0" in links  # a radio group: its first radio
    assert "id_slots-0-people" in links
    for target in links:
        assert f'id="{target}"' in body, target
    # Every radio of the group is described by the error and marked invalid.
    radios = re.findall(r'<input type="radio" name="paid_staff"[^>]*>', body)
    assert radios
    for radio in radios:
        assert 'aria-describedby="id_paid_staff_error"' in radio
        assert 'aria-invalid="true"' in radio
    assert 'id="id_paid_staff_error"' in body
    people = re.search(r'<input[^>]*name="slots-0-people"[^>]*>', body).group(0)
    assert "id_slots-0-people_error" in people and 'aria-invalid="true"' in people
    # No time slot at all: the summary links to that message, which describes the fieldset.
    blank = {"slots-0-weekday": "", "slots-0-start": "", "slots-0-end": "", "slots-0-people": ""}
    body = client.post(SUBMIT, valid_post(groningen, **blank)).content.decode()
    assert 'href="#slots-errors"' in body and 'id="slots-errors"' in body
    assert 'aria-describedby="slots-errors"' in body


def test_the_shared_form_template_has_a_linked_summary(rf):
    from django import forms

    class Sample(forms.Form):
        name = forms.CharField()
        colour = forms.ChoiceField(
            choices=[("r", "rood"), ("g", "groen")], widget=forms.RadioSelect
        )
        days = forms.MultipleChoiceField(
            choices=[("mon", "ma"), ("tue", "di")], widget=forms.CheckboxSelectMultiple
        )

    form = Sample(data={})
    html = str(form)
    assert 'href="#id_name"' in html and 'href="#id_colour_0"' in html
    assert 'href="#id_days_0"' in html
    for box in re.findall(r'<input type="checkbox" name="days"[^>]*>', html):
        assert 'aria-describedby="id_days_error"' in box and 'aria-invalid="true"' in box


# --- 8. error pages in the site's look and language -------------------------------------


def test_a_forbidden_page_answers_in_dutch_in_the_site_layout(login):
    client = login("coach-groningen")
    response = client.get(reverse("planning:index"), HTTP_REFERER="http://testserver/overzicht/")
    assert response.status_code == 403
    body = text_of(response)
    assert '<html lang="nl"' in body
    assert "Geen toegang tot deze pagina" in body
    assert 'class="bb-nav"' in body or "bb-header" in body
    assert f'href="{reverse("core:dashboard")}"' in body
    assert "Naar de startpagina" in body and "Terug naar de vorige pagina" in body
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        english = text_of(client.get(reverse("planning:index")))
    assert "You do not have access to this page" in english


def test_the_previous_page_link_never_leaves_the_site(login):
    client = login("coach-groningen")
    body = text_of(client.get(reverse("planning:index"), HTTP_REFERER="https://evil.example/x"))
    assert "evil.example" not in body and "Terug naar de vorige pagina" not in body


@override_settings(DEBUG=True)
def test_the_demo_shows_the_site_404_not_the_technical_page(client, db):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = text_of(response)
    assert "Deze pagina bestaat niet" in body and "Naar de startpagina" in body
    assert "URLconf" not in body


@override_settings(DEBUG=True, BASISBAAN_TECHNICAL_404=True)
def test_developers_can_ask_for_the_technical_404(client, db):
    assert "URLconf" in client.get("/bestaat-niet/").content.decode()


@override_settings(DEBUG=True)
def test_a_missing_object_in_the_demo_gets_the_site_404(login):
    response = login("planner-assen").get("/organisaties/1/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text_of(response)


@pytest.mark.parametrize("name", ["400.html", "500.html"])
def test_400_and_500_render_without_a_request(name):
    with translation.override("nl"):
        html = render_to_string(name)
    assert '<html lang="nl"' in html and 'href="/"' in html and "Naar de startpagina" in html
    assert "<script" not in html


# --- 9. a favicon ------------------------------------------------------------------------


def test_the_favicon_is_linked_and_served(client, db):
    body = client.get("/").content.decode()
    assert 'rel="icon"' in body and "favicon.svg" in body
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("basisbaan/favicon.ico")


# --- 10. CSV files for Dutch spreadsheets ------------------------------------------------


def test_spreadsheet_csv_is_dutch_excel_friendly():
    with translation.override("nl"):
        text = exports.spreadsheet_csv(
            [[datetime.date(2026, 3, 1), 2.5, 3, "=1+1", None]],
            header=[_lazy("name")],
        )
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["naam"]
    assert rows[1] == ["01-03-2026", "2,5", "3", "'=1+1", ""]


def _lazy(text):
    from django.utils.translation import gettext_lazy

    return gettext_lazy(text)


def test_the_inbox_csv_has_dutch_headers_and_dates(client, login):
    url = reverse("communitytasks:cofinancing", kwargs={"slug": "groningen"})
    data = {
        "name": "Fonds Proef",
        "organisation": "Fonds Proef",
        "email": "fonds@example.org",
        "message": "Wij willen bijdragen.",
    }
    assert client.post(url, data).status_code == 302
    response = login("planner-groningen").get(reverse("communitytasks:inbox_export"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:3] == ["ontvangen op", "soort", "naam"]
    mine = [row for row in rows if "fonds@example.org" in row][0]
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", mine[0])
    assert mine[1] == "contact over cofinanciering"


def test_the_gap_csv_has_decimal_commas_and_a_byte_order_mark():
    from basisbaan.planning import gaps

    line = gaps.Line(key="x", label="Schoonmaak", people=2, hours=2.5, open_places=1)
    analysis = gaps.Analysis(obstacles=[line], categories=[], neighbourhoods=[], windows=[])
    with translation.override("nl"):
        text = gaps.as_csv(analysis)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][0] == "onderdeel"
    assert rows[1][3] == "2,5"


# --- 11. the status page shows the task's period -----------------------------------------


def _status(task):
    token = task.submission.issue_status_token()
    task.submission.save()
    return reverse("communitytasks:status", kwargs={"token": token})


def test_the_status_page_shows_the_period(client, groningen):
    task = make_task(groningen)
    start = calendar.today()
    body = text_of(client.get(_status(task)))
    assert "Periode" in body and "doorlopend" in body
    task.end_date = start + datetime.timedelta(days=60)
    task.save(update_fields=["end_date"])
    body = text_of(client.get(_status(task)))
    assert f"{start:%d-%m-%Y} tot en met {task.end_date:%d-%m-%Y}" in body


def test_the_status_page_of_an_event_shows_its_day(client, groningen):
    task = make_task(groningen)
    day = calendar.today() + datetime.timedelta(days=10)
    Task.objects.filter(pk=task.pk).update(is_one_off=True, event_date=day)
    task.refresh_from_db()
    body = text_of(client.get(_status(task)))
    assert f"{day:%d-%m-%Y}" in body


_unused = task_services  # the services module registers the task signals
