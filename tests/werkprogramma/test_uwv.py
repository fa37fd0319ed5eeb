"""The UWV list of the prevention route: all-or-nothing import, dry run, re-run, the
worklist and the result after the WW."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from stdnum.nl import bsn as bsn_number

from basisbaan.audit.models import AuditEntry
from basisbaan.participants.models import Participant, Status
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


def test_upload_shows_the_dry_run_then_applies(login):
    client = login("planner-groningen")
    client.cookies["django_language"] = "en"
    url = reverse("werkprogramma:uwv_import")
    before = counts()
    response = client.post(
        url, {"action": "check", "file": SimpleUploadedFile("uwv.csv", good_file(2))}
    )
    assert response.status_code == 200
    assert "created 2" in response.content.decode()
    assert counts() == before
    token = response.context["token"]
    response = client.post(url, {"action": "apply", "token": token})
    assert response.status_code == 200 and response.context["done"]
    assert counts()[1] == before[1] + 2


def test_upload_of_a_bad_file_lists_the_lines(login):
    client = login("planner-groningen")
    client.cookies["django_language"] = "en"
    ends = (WORLD_TODAY + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("werkprogramma:uwv_import"),
        {"action": "check", "file": SimpleUploadedFile("uwv.csv", csv([row("111", ends)]))},
    )
    assert "line 2:" in response.content.decode()
    assert not response.context["token"]


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
    summary = demo_records.seed(ctx, random.Random(7), programme)
    assert "UWV import: created 4" in summary
    assert Praktijkleren.objects.filter(issued_on__isnull=False).count() == issued + 2
    assert Placement.objects.count() == placements + 2
    for record in Praktijkleren.objects.filter(issued_on__isnull=False):
        assert record.issued_on <= WORLD_TODAY and len(record.verification_code) == 10
    for placement in Placement.objects.all():
        assert placement.start_date <= WORLD_TODAY
