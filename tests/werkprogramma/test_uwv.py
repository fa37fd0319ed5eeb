"""The UWV list of the prevention route: all-or-nothing import, dry run, re-run, the
upload kept as an import run and applied by a background job (the sync backend in
tests), the run history, the worklist and the result after the WW."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import translation
from stdnum.nl import bsn as bsn_number

from basisbaan.audit.models import AuditEntry
from basisbaan.participants import expiry
from basisbaan.participants.models import ImportRun, Participant, Status
from basisbaan.privacy import retention
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma import uwv
from basisbaan.werkprogramma.models import Enrolment, Route
from tests.conftest import WORLD_TODAY
from tests.werkprogramma.records import groningen

pytestmark = pytest.mark.django_db

HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;telefoon;email;einddatum_ww"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def bsns(count, start=880000001):
    found, n = [], start
    while len(found) < count:
        text = f"{n:09d}"
        if bsn_number.is_valid(text):
            found.append(text)
        n += 1
    return found


def csv(rows) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def row(bsn, ends, surname="Uwvtest"):
    return (
        f"{bsn};A.;;{surname};01-02-1980;9711 AB;12;0612345678;"
        f"{surname.lower()}.{bsn}@example.org;{ends}"
    )


def good_file(count=3):
    ends = WORLD_TODAY + datetime.timedelta(days=40)
    return csv(
        [
            row(b, ends.strftime("%d-%m-%Y") if i % 2 else ends.isoformat())
            for i, b in enumerate(bsns(count))
        ]
    )


def counts():
    return (
        Participant.objects.count(),
        Enrolment.objects.filter(route__kind=Route.Kind.PREVENTION).count(),
    )


def test_bad_bsn_rejects_the_whole_file_naming_the_line():
    ends = (WORLD_TODAY + datetime.timedelta(days=30)).isoformat()
    good = bsns(1)[0]
    data = csv([row(good, ends), row("123456789", ends)])
    before = counts()
    outcome = uwv.import_file(data, groningen(), today=WORLD_TODAY)
    assert not outcome.applied
    assert any(e.startswith("line 3:") and "BSN" in e for e in outcome.errors)
    assert counts() == before


def test_past_ww_end_date_is_rejected_naming_the_line():
    past = (WORLD_TODAY - datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    later = (WORLD_TODAY + datetime.timedelta(days=250)).isoformat()
    first, second = bsns(2)
    outcome = uwv.import_file(
        csv([row(first, past), row(second, later)]), groningen(), today=WORLD_TODAY
    )
    assert not outcome.applied
    assert any(e.startswith("line 2:") and "in the past" in e for e in outcome.errors)
    assert any(e.startswith("line 3:") and "six months" in e for e in outcome.errors)


@pytest.mark.parametrize(
    "today, last_allowed",
    [
        (datetime.date(2027, 12, 31), datetime.date(2028, 6, 30)),
        (datetime.date(2028, 8, 31), datetime.date(2029, 2, 28)),
        (datetime.date(2027, 3, 15), datetime.date(2027, 9, 15)),
    ],
)
def test_six_months_ahead_counts_to_the_same_day_six_months_later(today, last_allowed):
    """The limit is six calendar months from today, not the first of the sixth month
    (on 31 December a WW ending on 4 June is within six months)."""
    assert uwv._check_ww_end(last_allowed.isoformat(), today) == (last_allowed, "")
    beyond = last_allowed + datetime.timedelta(days=1)
    assert "six months" in uwv._check_ww_end(beyond.isoformat(), today)[1]


def test_duplicate_bsn_in_the_file_is_rejected():
    ends = (WORLD_TODAY + datetime.timedelta(days=30)).isoformat()
    one = bsns(1)[0]
    outcome = uwv.import_file(csv([row(one, ends), row(one, ends)]), groningen())
    assert any(e.startswith("line 3:") and "line 2" in e for e in outcome.errors)


def test_dry_run_changes_nothing():
    before = counts()
    outcome = uwv.import_file(good_file(), groningen(), dry_run=True, today=WORLD_TODAY)
    assert outcome.created == 3 and not outcome.applied
    assert counts() == before


def test_good_file_creates_files_and_enrolments_and_a_rerun_creates_nothing(user):
    planner = user("planner-groningen")
    data = good_file()
    outcome = uwv.import_file(data, groningen(), planner, today=WORLD_TODAY)
    assert outcome.applied and (outcome.created, outcome.updated) == (3, 0)
    programme = Programme.objects.get(
        municipality=groningen(), kind=Programme.Kind.WERKPROGRAMMA, name__contains="Groningen"
    )
    people = Participant.objects.filter(surname="Uwvtest")
    assert people.count() == 3
    assert {p.status for p in people} == {Status.REFERRED}
    assert {p.programme_id for p in people} == {programme.pk}
    enrolment = Enrolment.objects.get(participant=people[0], route__kind=Route.Kind.PREVENTION)
    assert enrolment.ww_end_date == WORLD_TODAY + datetime.timedelta(days=40)
    step = enrolment.steps.select_related("step").order_by("step__order").first()
    assert step.due_on == enrolment.enrolled_on + datetime.timedelta(days=step.step.due_days)
    assert AuditEntry.objects.filter(object_type="werkprogramma.enrolment").exists()

    again = uwv.import_file(data, groningen(), planner, today=WORLD_TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert "created 0" in again.summary_line()


def test_rerun_with_a_new_ww_end_date_updates_it_and_a_known_person_keeps_status():
    person = Participant.objects.filter(municipality=groningen(), status=Status.EMPLOYED).first()
    ends = WORLD_TODAY + datetime.timedelta(days=20)
    line = (
        f"{person.bsn};{person.initials or 'A.'};{person.prefix};{person.surname};"
        f"{person.birth_date:%d-%m-%Y};{person.postcode};{person.house_number};"
        f"{person.phone};{person.email};{ends:%d-%m-%Y}"
    )
    first = uwv.import_file(csv([line]), groningen(), today=WORLD_TODAY)
    assert first.applied
    person.refresh_from_db()
    assert person.status == Status.EMPLOYED
    later = ends + datetime.timedelta(days=10)
    second = uwv.import_file(
        csv([line.replace(f"{ends:%d-%m-%Y}", f"{later:%d-%m-%Y}")]), groningen()
    )
    assert (second.created, second.updated) == (0, 1)
    assert (
        Enrolment.objects.get(
            participant=person, route__kind=Route.Kind.PREVENTION, status="active"
        ).ww_end_date
        == later
    )


def english_client(login, username="planner-groningen"):
    client = login(username)
    client.cookies["django_language"] = "en"
    return client


def upload(client, data, name="uwv.csv"):
    """Upload ``data``; returns the stored run the upload redirected to."""
    response = client.post(
        reverse("werkprogramma:uwv_import"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302
    run = ImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])
    assert response.url == reverse("werkprogramma:uwv_run", args=[run.pk])
    return run


def start(client, run):
    return client.post(reverse("werkprogramma:uwv_run", args=[run.pk]))


def test_upload_stores_the_dry_run_and_the_job_applies_it(login):
    client = english_client(login)
    before = counts()
    run = upload(client, good_file(2))
    assert (run.kind, run.state, run.municipality) == ("uwv", "preview", groningen())
    assert (run.preview["created"], run.preview["valid"], run.preview["errors"]) == (2, 2, [])
    assert bytes(run.content) == good_file(2)
    assert counts() == before  # a dry run
    assert not any(key.startswith("werkprogramma") for key, _value in client.session.items())
    assert AuditEntry.objects.filter(
        object_type="participants.importrun",
        object_id=str(run.pk),
        action="create",
        purpose="UWV list upload",
    ).exists()
    page = client.get(reverse("werkprogramma:uwv_run", args=[run.pk]))
    assert page.status_code == 200 and page.context["startable"]
    assert "created 2, updated 0, unchanged 0" in page.content.decode()

    response = start(client, run)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "done" and run.job.kind == "werkprogramma.uwv_import"
    assert run.job.status == "done" and run.job.progress == 1.0
    assert run.job.result["url"] == reverse("werkprogramma:uwv_run", args=[run.pk])
    assert (run.summary["created"], run.summary["updated"], run.summary["applied"]) == (2, 0, True)
    assert bytes(run.content) == b""
    assert counts() == (before[0] + 2, before[1] + 2)
    page = client.get(reverse("werkprogramma:uwv_run", args=[run.pk])).content.decode()
    assert "created 2, updated 0, unchanged 0" in page
    # Started once only.
    assert start(client, run).status_code == 302
    assert counts() == (before[0] + 2, before[1] + 2)
    assert ImportRun.objects.get(pk=run.pk).job_id == run.job_id


def test_a_rerun_of_the_same_file_reports_created_0(login):
    client = english_client(login)
    data = good_file(2)
    start(client, upload(client, data))
    before = counts()
    again = upload(client, data)
    assert (again.preview["created"], again.preview["unchanged"]) == (0, 2)
    start(client, again)
    again.refresh_from_db()
    assert again.state == "done"
    assert (again.summary["created"], again.summary["unchanged"]) == (0, 2)
    page = client.get(reverse("werkprogramma:uwv_run", args=[again.pk])).content.decode()
    assert "created 0, updated 0, unchanged 2" in page
    assert counts() == before


def test_a_bad_file_lists_the_lines_and_cannot_be_started(login):
    client = english_client(login)
    ends = (WORLD_TODAY + datetime.timedelta(days=30)).isoformat()
    before = counts()
    run = upload(client, csv([row(bsns(1)[0], ends), row("111", ends)]))
    assert run.preview["errors"] and run.preview["errors"][0].startswith("line 3:")
    assert bytes(run.content) == b""  # a file that cannot be imported is not kept
    page = client.get(reverse("werkprogramma:uwv_run", args=[run.pk]))
    assert not page.context["startable"]
    assert "line 3:" in page.content.decode()
    response = start(client, run)
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == "preview" and run.job is None
    assert counts() == before


def test_an_empty_or_oversized_file_is_refused(login):
    client = english_client(login)
    run = upload(client, HEADER.encode() + b"\n")
    assert run.preview["file_error"] == "The file holds no people."
    assert start(client, run).status_code == 302
    assert ImportRun.objects.get(pk=run.pk).state == "preview"
    runs = ImportRun.objects.count()
    response = client.post(
        reverse("werkprogramma:uwv_import"),
        {"file": SimpleUploadedFile("uwv.csv", b"x" * (uwv.MAX_BYTES + 1))},
    )
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert ImportRun.objects.count() == runs


def test_a_file_that_no_longer_applies_fails_with_the_reasons(login, one_clock):
    """Checked on one day, started after its WW end date passed: nothing changes."""
    client = english_client(login)
    soon = (WORLD_TODAY + datetime.timedelta(days=1)).isoformat()
    run = upload(client, csv([row(b, soon) for b in bsns(2)]))
    assert run.preview["created"] == 2
    before = counts()
    one_clock.shift(datetime.timedelta(days=3))
    client = english_client(login)  # the session ended meanwhile
    start(client, run)
    run.refresh_from_db()
    assert run.state == "failed" and not run.summary["applied"]
    assert any("in the past" in error for error in run.summary["errors"])
    assert bytes(run.content) == b""
    assert counts() == before
    page = client.get(reverse("werkprogramma:uwv_run", args=[run.pk])).content.decode()
    assert "nothing changed" in page and "in the past" in page


def test_the_upload_page_lists_the_last_uwv_runs_only(login):
    client = english_client(login)
    for _i in range(11):
        upload(client, good_file(1), name="uwv-latest.csv")
    response = client.get(reverse("werkprogramma:uwv_import"))
    runs = list(response.context["runs"])
    assert len(runs) == 10 and {r.kind for r in runs} == {"uwv"}
    assert {r.municipality_id for r in runs} == {groningen().pk}
    page = response.content.decode()
    assert "uwv-latest.csv" in page and "dry run:" in page and "created 1" in page


def test_uwv_runs_and_target_group_runs_keep_to_their_own_pages(login):
    client = english_client(login)
    run = upload(client, good_file(1), name="uwv-only.csv")
    target = ImportRun.objects.create(
        municipality=groningen(), filename="doelgroep-only.csv", state=ImportRun.State.DONE
    )
    assert target.kind == ImportRun.Kind.TARGET_GROUP  # the default
    assert client.get(reverse("participants:import_detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("werkprogramma:uwv_run", args=[target.pk])).status_code == 404
    assert client.post(reverse("participants:import_detail", args=[run.pk])).status_code == 404
    assert client.post(reverse("werkprogramma:uwv_run", args=[target.pk])).status_code == 404
    participants_page = client.get(reverse("participants:import"))
    assert run not in participants_page.context["runs"]
    assert "uwv-only.csv" not in participants_page.content.decode()
    uwv_page = client.get(reverse("werkprogramma:uwv_import"))
    assert target not in uwv_page.context["runs"]
    assert "doelgroep-only.csv" not in uwv_page.content.decode()


def test_another_municipality_gets_404_on_a_groningen_run(login):
    run = upload(english_client(login), good_file(1))
    assen = login("planner-assen")
    url = reverse("werkprogramma:uwv_run", args=[run.pk])
    assert assen.get(url).status_code == 404
    assert assen.post(url).status_code == 404
    run.refresh_from_db()
    assert run.state == "preview"
    assert run not in assen.get(reverse("werkprogramma:uwv_import")).context["runs"]


def test_stale_uwv_runs_are_deleted_by_the_retention_of_import_sources():
    """UWV runs are ImportRuns: the retention of ``import_sources`` covers them."""
    old = ImportRun.objects.create(
        municipality=groningen(),
        kind=ImportRun.Kind.UWV,
        filename="old-uwv.csv",
        content=b"bsn;...",
        state=ImportRun.State.DONE,
    )
    fresh = ImportRun.objects.create(
        municipality=groningen(), kind=ImportRun.Kind.UWV, filename="fresh-uwv.csv"
    )
    moment = retention.day_start(WORLD_TODAY - datetime.timedelta(days=40))
    ImportRun.objects.filter(pk=old.pk).update(created_at=moment)
    cutoff = WORLD_TODAY - datetime.timedelta(days=30)
    expired = expiry.expire_import_sources(groningen(), cutoff, dry_run=False, batch_size=50)
    assert expired.deleted >= 1
    assert not ImportRun.objects.filter(pk=old.pk).exists()
    assert ImportRun.objects.filter(pk=fresh.pk).exists()


def test_worklist_is_ordered_by_ww_end_date_and_the_result_is_recorded(login):
    uwv.import_file(good_file(3), groningen(), today=WORLD_TODAY)
    people = Participant.objects.filter(surname="Uwvtest").order_by("pk")
    for i, person in enumerate(people):
        Enrolment.objects.filter(participant=person).update(
            ww_end_date=WORLD_TODAY + datetime.timedelta(days=90 - 30 * i)
        )
    client = login("planner-groningen")
    response = client.get(reverse("werkprogramma:prevention"))
    assert response.status_code == 200
    dates = [e.ww_end_date for e in response.context["enrolments"]]
    assert dates == sorted(d for d in dates if d) + [None] * dates.count(None)
    enrolment = Enrolment.objects.get(participant=people[0], route__kind=Route.Kind.PREVENTION)
    url = reverse("werkprogramma:prevention_result", args=[enrolment.pk])
    response = client.post(url, {"result": "entered", "version": enrolment.version})
    assert response.status_code == 200  # the date is missing
    entered = WORLD_TODAY - datetime.timedelta(days=1)
    response = client.post(
        url, {"result": "entered", "entered_on": entered.isoformat(), "version": enrolment.version}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.bijstand_result, enrolment.bijstand_entered_on) == ("entered", entered)
    assert AuditEntry.objects.filter(
        object_type="werkprogramma.enrolment", object_id=str(enrolment.pk), action="update"
    ).exists()


def test_demo_records_seed_the_uwv_run_praktijkleren_and_placements():
    import random

    from basisbaan.accounts.models import User
    from basisbaan.demo.context import DemoContext
    from basisbaan.werkprogramma import demo_records
    from basisbaan.werkprogramma import routes as route_rules
    from basisbaan.werkprogramma.models import Placement, Praktijkleren

    ctx = DemoContext(scale="small", today=WORLD_TODAY)
    ctx.users = {u.username: u for u in User.objects.all()}
    ctx._bsn_counter = 7_000_000  # away from the world's BSNs
    programme = route_rules.werkprogramma_of(groningen())
    issued = Praktijkleren.objects.filter(issued_on__isnull=False).count()
    placements = Placement.objects.count()
    runs = ImportRun.objects.filter(kind=ImportRun.Kind.UWV).count()
    summary = demo_records.seed(ctx, random.Random(7), programme)
    assert "UWV import: created 4" in summary
    run = ImportRun.objects.filter(kind=ImportRun.Kind.UWV).latest("pk")
    assert ImportRun.objects.filter(kind=ImportRun.Kind.UWV).count() == runs + 1
    assert (run.state, run.summary["created"], run.municipality) == ("done", 4, groningen())
    assert run.uploaded_by.username == "planner-groningen" and bytes(run.content) == b""
    assert Praktijkleren.objects.filter(issued_on__isnull=False).count() == issued + 2
    assert Placement.objects.count() == placements + 2
    for record in Praktijkleren.objects.filter(issued_on__isnull=False):
        assert record.issued_on <= WORLD_TODAY and len(record.verification_code) == 10
    for placement in Placement.objects.all():
        assert placement.start_date <= WORLD_TODAY
