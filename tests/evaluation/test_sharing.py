"""Sharing indicators: the basisbaan-indicators/1 export, its schema and the import."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from jsonschema import Draft202012Validator

from basisbaan.evaluation import sharing
from basisbaan.evaluation.models import SharedIndicators
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY
from tests.evaluation.conftest import TODAY


def upload(client, content: bytes, name="teststad.json"):
    return client.post(
        reverse("evaluation:indicators_import"),
        {"action": "preview", "file": SimpleUploadedFile(name, content, "application/json")},
    )


def confirm(client, response):
    return client.post(
        reverse("evaluation:indicators_import"),
        {"action": "confirm", "token": response.context["token"]},
        follow=True,
    )


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(sharing.schema())


def test_export_validates_against_the_schema_with_small_groups_as_null(world):
    for _ in range(3):
        world.person()
    document = sharing.export(world.municipality, TODAY)
    Draft202012Validator(sharing.schema()).validate(document)
    assert document["format"] == "basisbaan-indicators/1"
    assert document["municipality"] == {"cbs_code": "GM9999", "name": "Teststad"}
    figures = {f["key"]: f for f in document["figures"]}
    assert set(figures) == {i.key for i in sharing.INDICATORS}
    in_service = figures["in_service"]
    assert in_service["suppressed"] is True and in_service["value"] is None
    assert in_service["n"] is None, "the size of a small group is not given either"
    assert all(f["definition"] for f in figures.values())


def test_the_demo_export_validates_and_shows_figures(db):
    groningen = Municipality.objects.get(cbs_code="GM0014")
    document = sharing.export(groningen, WORLD_TODAY)
    Draft202012Validator(sharing.schema()).validate(document)
    figures = {f["key"]: f for f in document["figures"]}
    assert figures["in_service"]["value"] > 0 and not figures["in_service"]["suppressed"]
    assert 1 <= figures["liveability_average"]["value"] <= 5


def test_download_button_gives_json(login):
    response = login("financien-groningen").get(reverse("evaluation:indicators_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["municipality"]["cbs_code"] == "GM0014"


def test_round_trip_preview_then_confirm_shows_the_figures(world, login):
    for _ in range(6):
        world.person()
    content = sharing.dumps(sharing.export(world.municipality, TODAY)).encode()
    client = login("planner-groningen")
    preview = upload(client, content)
    assert preview.status_code == 200
    assert preview.context["preview"]["municipality"]["name"] == "Teststad"
    assert not SharedIndicators.objects.exists(), "a dry run stores nothing"
    page = confirm(client, preview)
    assert page.status_code == 200
    stored = SharedIndicators.objects.get()
    assert stored.municipality.cbs_code == "GM0014" and stored.source_cbs_code == "GM9999"
    table = page.context["table"]
    assert [c["name"] for c in table["columns"]] == ["Groningen", "Teststad"]
    in_service = next(r for r in table["rows"] if r["key"] == "in_service")
    assert in_service["cells"][1] == {"value": 6, "suppressed": False}
    assert "Teststad" in page.content.decode()
    # The same municipality and period again: a preview that says it replaces, then one row.
    again = upload(client, content)
    assert again.context["replaces"] == stored
    confirm(client, again)
    assert SharedIndicators.objects.count() == 1


def test_malformed_files_change_nothing_and_say_why(world, login, settings):
    client = login("planner-groningen")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the reasons in English
    good = sharing.export(world.municipality, TODAY)
    cases = {
        b"{not json": "not valid JSON",
        b"\xff\xfe": "not UTF-8",
        json.dumps({"format": "other/1"}).encode(): "format",
        json.dumps({**good, "figures": [{"key": "x"}]}).encode(): "figures/0",
        json.dumps({**good, "period": {"from": "2026-12-01", "to": "2026-01-01"}}).encode(): (
            "ends before"
        ),
        json.dumps(
            {**good, "municipality": {"cbs_code": "GM0014", "name": "Groningen"}}
        ).encode(): "your own municipality",
    }
    for content, reason in cases.items():
        response = upload(client, content)
        assert response.status_code == 400
        assert any(reason in error for error in response.context["errors"]), (content, reason)
    suppressed_with_value = json.loads(json.dumps(good))
    suppressed_with_value["figures"][0].update(value=3, suppressed=True)
    response = upload(client, json.dumps(suppressed_with_value).encode())
    assert response.status_code == 400
    assert not SharedIndicators.objects.exists()
    # A confirm without a checked file stores nothing either.
    page = client.post(
        reverse("evaluation:indicators_import"), {"action": "confirm", "token": "x"}, follow=True
    )
    assert "upload it again" in page.content.decode()
    assert not SharedIndicators.objects.exists()


def test_another_municipality_never_sees_the_import(world, login):
    content = sharing.dumps(sharing.export(world.municipality, TODAY)).encode()
    groningen = login("planner-groningen")
    confirm(groningen, upload(groningen, content))
    assert SharedIndicators.objects.filter(municipality__cbs_code="GM0014").count() == 1
    assen = login("planner-assen").get(reverse("evaluation:indicators_import"))
    assert assen.status_code == 200
    assert not assen.context["imports"]
    assert "Teststad" not in assen.content.decode()


def test_coach_may_not_import_or_export(login):
    client = login("coach-groningen")
    assert client.get(reverse("evaluation:indicators_import")).status_code == 403
    assert client.get(reverse("evaluation:indicators_export")).status_code == 403
