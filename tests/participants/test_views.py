"""The screens: scoping per role, what guidance staff may never see, the file's forms,
and the import through the UI (upload, preview, job, result)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.participants.models import ImportRun, Participant, Scan, StatusChange
from basisbaan.tenants.models import MinimumWage

SENSITIVE = ["screening", "scan", "scan_new", "contract", "contract_new", "timeline"]


@pytest.fixture
def own(db):
    return Participant.objects.get(user__username="deelnemer-groningen")


def test_guidance_staff_never_open_income_health_or_scan_pages(login, own):
    client = login("begeleider-groningen")
    for name in SENSITIVE:
        response = client.get(reverse(f"participants:{name}", args=[own.pk]))
        assert response.status_code == 404, name
    screening = own.screenings.first()
    response = client.get(reverse("participants:override", args=[own.pk, screening.pk]))
    assert response.status_code == 404
    assert client.post(reverse("participants:screen", args=[own.pk])).status_code == 404
    page = client.get(reverse("participants:detail", args=[own.pk])).content.decode()
    assert own.bsn not in page and own.postcode not in page
    for name in SENSITIVE:  # no tabs or links to those pages
        assert reverse(f"participants:{name}", args=[own.pk]) not in page
    assert client.get(reverse("participants:waiting_list")).status_code == 403


def test_guidance_list_shows_only_their_organisation(login, user):
    organisation = user("begeleider-groningen").role_assignments.get().organisation
    response = login("begeleider-groningen").get(reverse("participants:list"))
    shown = list(response.context["object_list"])
    assert shown and all(p.guidance_organisation == organisation for p in shown)
    assert (
        response.context["paginator"].count
        == Participant.objects.filter(guidance_organisation=organisation).count()
    )


def test_coach_sees_own_caseload_only(login, user):
    response = login("coach-groningen").get(reverse("participants:list"))
    coach = user("coach-groningen")
    assert response.context["paginator"].count == coach.caseload.count() > 0


def test_planner_assen_sees_no_groningen_people(login, own):
    client = login("planner-assen")
    assert client.get(reverse("participants:detail", args=[own.pk])).status_code == 404
    response = client.get(reverse("participants:list"))
    assert all(p.municipality.cbs_code == "GM0106" for p in response.context["object_list"])


def test_search_by_name_and_bsn(login, own):
    client = login("planner-groningen")
    response = client.get(reverse("participants:list"), {"q": "Deelnemer"})
    assert own in response.context["object_list"]
    response = client.get(reverse("participants:list"), {"q": own.bsn})
    assert list(response.context["object_list"]) == [own]
    # Guidance staff cannot find people by BSN.
    response = login("begeleider-groningen").get(reverse("participants:list"), {"q": own.bsn})
    assert list(response.context["object_list"]) == []


def test_opening_the_file_is_audited(login, own, user):
    login("planner-groningen").get(reverse("participants:detail", args=[own.pk]))
    entry = AuditEntry.objects.filter(
        object_type="participants.participant", object_id=str(own.pk), action="read"
    ).latest("timestamp")
    assert entry.actor == user("planner-groningen") and "bsn" in entry.fields


def test_profile_edit_validates_and_saves(login, own):
    client = login("coach-groningen")
    url = reverse("participants:profile_edit", args=[own.pk])
    base = {
        "first_name": "Dirk",
        "phone": "0612345678",
        "email": "dirk@example.org",
        "home_neighbourhood": own.home_neighbourhood_id,
        "contract_hours": 20,
        "hours_agreement": "",
        "max_hours_per_day": 6,
        "max_travel_km": 5,
        "travel_mode": "bike",
        "wishes": ["litter_picking"],
        "skills": ["gardening"],
        "limitations": ["no_heavy_physical"],
        "mon_from": "09:00",
        "mon_to": "15:00",
        "tue_from": "09:00",
        "tue_to": "15:00",
        "wed_from": "09:00",
        "wed_to": "15:00",
        "thu_from": "09:00",
        "thu_to": "15:00",
    }
    response = client.post(url, base)
    assert response.status_code == 200
    assert "hours_agreement" in response.context["form"].errors  # 20 < 24 needs a reason
    response = client.post(url, {**base, "contract_hours": 32, "mon_to": "08:00"})
    assert "mon_to" in response.context["form"].errors
    response = client.post(url, {**base, "contract_hours": 32})
    assert response.context["form"].non_field_errors()  # 24 h available < 32 contracted
    base["version"] = Participant.objects.get(pk=own.pk).version  # as read from the page
    response = client.post(url, {**base, "hours_agreement": "Combines work with care."})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.contract_hours == 20 and own.limitations == ["no_heavy_physical"]
    assert own.availability["mon"] == [["09:00", "15:00"]] and "fri" not in own.availability


def test_transition_through_the_ui(login, make_participant):
    participant = make_participant("waiting_list")
    client = login("planner-groningen")
    url = reverse("participants:transition", args=[participant.pk])
    assert "matching" in client.get(url).content.decode()
    response = client.post(url, {"target": "employed", "expected": "waiting_list"})
    assert response.status_code == 200  # not offered: the form refuses it
    response = client.post(url, {"target": "matching", "expected": "waiting_list"})
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.status == "matching"
    response = client.post(url, {"target": "waiting_list", "expected": "waiting_list"})
    assert response.status_code == 200
    assert "intussen" in str(response.context["form"].non_field_errors())  # Dutch UI
    assert StatusChange.objects.filter(participant=participant).count() == 1


def test_screen_and_override_through_the_ui(login, make_participant):
    participant = make_participant(birth_date=datetime.date(2003, 1, 1))
    client = login("planner-groningen")
    client.post(reverse("participants:screen", args=[participant.pk]))
    screening = participant.screenings.get()
    assert not screening.eligible
    page = client.get(reverse("participants:screening", args=[participant.pk])).content.decode()
    assert "jonger dan 27" in page  # the Dutch UI
    url = reverse("participants:override", args=[participant.pk, screening.pk])
    response = client.post(url, {"eligible": "yes", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = client.post(url, {"eligible": "yes", "reason": "Agreed with the team leader."})
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.outcome is True


def test_coach_cannot_override(login, own):
    screening = own.screenings.first()
    url = reverse("participants:override", args=[own.pk, screening.pk])
    assert (
        login("coach-groningen").post(url, {"eligible": "yes", "reason": "x" * 20}).status_code
        == 404
    )


def test_new_scan_version_through_the_ui(login, own):
    client = login("coach-groningen")
    before = own.scans.count()
    url = reverse("participants:scan_new", args=[own.pk])
    response = client.post(url, {"advice": "basisbaan", "reasoning": ""})
    assert response.status_code == 200 and own.scans.count() == before
    response = client.post(
        url,
        {
            "advice": "praktijkleren",
            "reasoning": "Ready to learn on the job at a recognised company.",
            "skills": ["cooking"],
            "zrm_finances": "3",
        },
    )
    assert response.status_code == 302
    latest = own.scans.order_by("-version").first()
    assert latest.version == before + 1 and latest.advice == Scan.Advice.PRAKTIJKLEREN
    assert latest.zrm_scores == {"finances": 3}


def test_contract_through_the_ui(login, make_participant):
    participant = make_participant("matching")
    client = login("planner-groningen")
    url = reverse("participants:contract_new", args=[participant.pk])
    seen = participant.version  # as read from the page
    response = client.post(
        url,
        {"kind": "temporary", "start_date": "2026-12-01", "hours_per_week": 32, "version": seen},
    )
    assert response.status_code == 200 and "end_date" in response.context["form"].errors
    response = client.post(
        url,
        {
            "kind": "temporary",
            "start_date": "2026-12-01",
            "end_date": "2027-11-30",
            "hours_per_week": 32,
            "version": seen,  # the refused post changed nothing, the version neither
        },
    )
    assert response.status_code == 302
    contract = participant.contracts.get()
    # The wage is the minimum wage of the day at the employer's full-time week.
    assert contract.employer == participant.programme.employer
    assert contract.wage_supplement_eur == 0
    assert contract.hourly_wage_eur == MinimumWage.on(calendar.today()).hourly_eur
    page = client.get(reverse("participants:contract", args=[participant.pk])).content.decode()
    assert "14,71" in page and "Loonhistorie" in page


def test_assign_with_suggestion(login, make_participant, user):
    participant = make_participant("intake")
    client = login("planner-groningen")
    url = reverse("participants:assign", args=[participant.pk])
    response = client.get(url)
    suggested = response.context["suggested_coach"]
    assert response.context["form"].initial["coach"] == suggested
    organisation = user("begeleider-groningen").role_assignments.get().organisation
    response = client.post(
        url,
        {
            "coach": user("coach-groningen").pk,
            "guidance_organisation": organisation.pk,
            "version": response.context["form"]["version"].value(),
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.coach.username == "coach-groningen"
    assert participant.guidance_organisation == organisation


def test_waiting_list_and_caseloads_pages(login):
    client = login("planner-groningen")
    response = client.get(reverse("participants:waiting_list"))
    waiting = response.context["waiting"]
    assert waiting and all(p.status == "waiting_list" for p in waiting)
    assert waiting[0].priority_reason  # priority first
    response = client.get(reverse("participants:caseloads"))
    assert response.context["coaches"]


def test_rules_page_changes_the_rules(login):
    client = login("planner-groningen")
    response = client.get(reverse("participants:rules"))
    programme = response.context["programme"]
    data = {"programme": programme.pk}
    for field in response.context["form"].fields:
        data[field] = response.context["form"][field].value()
    data = {k: v for k, v in data.items() if v is not None and v is not False}  # keeps 0
    data["min_age_value"] = "25"
    assert client.post(reverse("participants:rules"), data).status_code == 302
    assert programme.eligibility_rules.get(kind="min_age").value == "25"
    data["min_age_value"] = ""
    response = client.post(reverse("participants:rules"), data)
    assert response.status_code == 200 and "min_age_value" in response.context["form"].errors


HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"


def test_import_through_the_ui(login):
    client = login("planner-groningen")
    bad = f"{HEADER}\n111222333;A.;;Jansen;1970-01-01;9711 AB;1;2015-01-01;;\n123456789;B.;;Fout;1970-01-01;9711 AB;2;2015-01-01;;\n"
    response = client.post(
        reverse("participants:import"),
        {"file": SimpleUploadedFile("doelgroep.csv", bad.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get(pk=resolve(response.url).kwargs["pk"])  # the upload's own run
    assert run.preview["rejected"] == 1 and run.preview["errors"][0][:2] == [3, "bsn"]
    # With invalid rows the full import is refused.
    client.post(reverse("participants:import_detail", args=[run.pk]))
    run.refresh_from_db()
    assert run.state == "preview" and not Participant.objects.filter(bsn="111222333").exists()
    # Only the valid rows, as a job.
    client.post(reverse("participants:import_detail", args=[run.pk]), {"skip_invalid": "1"})
    run.refresh_from_db()
    assert run.state == "done" and run.job.status == "done"
    assert run.summary["summary"] == "created 1, updated 0, unchanged 0, rejected 1"
    assert run.content in (b"", memoryview(b"")) or bytes(run.content) == b""
    page = client.get(reverse("participants:import_detail", args=[run.pk])).content.decode()
    assert "1 nieuw, 0 gewijzigd, 0 ongewijzigd, 1 afgewezen" in page
    assert Participant.objects.get(bsn="111222333").status == "referred"


def test_import_upload_refuses_other_files(login):
    client = login("planner-groningen")
    response = client.post(
        reverse("participants:import"),
        {
            "file": SimpleUploadedFile(
                "doelgroep.xlsx", b"PK\x03\x04", content_type="application/zip"
            )
        },
    )
    assert response.status_code == 200 and "file" in response.context["form"].errors


def test_participant_sees_own_details_only(login, own):
    response = login("deelnemer-groningen").get(reverse("participants:my_details"))
    assert response.status_code == 200 and response.context["participant"] == own
    page = response.content.decode()
    assert own.bsn not in page and "Karin Coach" in page
    assert (
        login("deelnemer-groningen").get(reverse("participants:detail", args=[own.pk])).status_code
        == 404
    )


def test_contract_signal_lists(login, make_participant, with_contract):
    today = datetime.date.today()
    ending = make_participant("employed")
    with_contract(
        ending, start=today - datetime.timedelta(days=300), end=today + datetime.timedelta(days=20)
    )
    veteran = make_participant("employed")
    with_contract(
        veteran,
        start=today - datetime.timedelta(days=3 * 365),
        end=today - datetime.timedelta(days=400),
    )
    with_contract(
        veteran,
        start=today - datetime.timedelta(days=399),
        end=today + datetime.timedelta(days=300),
    )
    client = login("planner-groningen")
    shown = client.get(reverse("participants:list"), {"status": "contract_ending"}).context[
        "object_list"
    ]
    assert ending in shown and veteran not in shown
    shown = client.get(reverse("participants:list"), {"status": "three_years"}).context[
        "object_list"
    ]
    assert veteran in shown and ending not in shown
    # Guidance staff cannot filter on contracts.
    response = login("begeleider-groningen").get(
        reverse("participants:list"), {"status": "three_years"}
    )
    assert (
        response.status_code == 200
        and "three_years" not in response.content.decode().split("<select")[1]
    )


def test_api_gives_work_fields_only_in_scope(login, own, user):
    client = login("begeleider-groningen")
    data = client.get("/api/v1/participants/", {"status": "in_service"}).json()
    organisation = user("begeleider-groningen").role_assignments.get().organisation
    assert (
        data["count"]
        == Participant.objects.in_service().filter(guidance_organisation=organisation).count()
    )
    row = client.get(f"/api/v1/participants/{own.pk}/").json()
    assert row["display_name"] == "Dirk Deelnemer"
    assert "bsn" not in row and "birth_date" not in row and "benefit_since" not in row
    assert AuditEntry.objects.filter(
        actor=user("begeleider-groningen"), object_id=str(own.pk), action="read"
    ).exists()
    assert login("planner-assen").get(f"/api/v1/participants/{own.pk}/").status_code == 404
