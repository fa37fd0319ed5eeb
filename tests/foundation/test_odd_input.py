"""Odd input answers 4xx or a form error, never 500: one test per finding of the outside
check (oversized CSV fields, NaN hours, integers beyond any id, weeks at the ends of the
calendar, control characters in imported names, negative hours:minutes), and the shared
parsers of ``core.parsing`` that the edges use."""

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from basisbaan.core import calendar
from basisbaan.guidance import timesheets
from basisbaan.guidance.models import Timesheet
from basisbaan.participants import importer
from basisbaan.participants.models import ImportRun, Participant
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # beyond any 64-bit integer
MAX_ID = 2**63 - 1  # the largest BigAutoField
HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"


def row(bsn="111222333", surname="Dijk"):
    return f"{bsn};J.;van;{surname};1980-01-02;9711 AB;12;2019-05-01;0612345678;j.dijk@example.org"


def csv_bytes(*rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English (the msgids); the UI default is Dutch."""
    with translation.override("en"):
        yield


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def draft_week_url(person):
    """A draft timesheet week of ``person`` a few weeks ahead (nobody else touches it)."""
    monday = calendar.monday(WORLD_TODAY) + 3 * calendar.WEEK
    sheet, _created = Timesheet.objects.get_or_create(participant=person, week_start=monday)
    Timesheet.objects.filter(pk=sheet.pk).update(status="draft")
    return sheet, reverse("guidance:timesheet", args=[person.pk, monday.isoformat()])


def post_grid(client, url, data):
    """POST the timesheet grid as the page would: with the version the page shows (the
    edit is refused as stale without it)."""
    found = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode())
    return client.post(url, {**({"version": found.group(1)} if found else {}), **data})


# --- cause 1: a CSV field over the csv module's limit --------------------------------------

OVERSIZED = csv_bytes(row(surname="x" * 140_000))


def test_oversized_csv_field_is_a_file_error(groningen):
    before = Participant.objects.count()
    outcome = importer.import_file(OVERSIZED, groningen, skip_invalid=True)
    assert outcome.file_error and not outcome.applied
    assert "Line 2" in outcome.file_error and "131072" in outcome.file_error
    assert Participant.objects.count() == before


def test_oversized_csv_field_upload_answers_with_the_reason(login, groningen):
    client = login("planner-groningen")
    upload = io.BytesIO(OVERSIZED)
    upload.name = "doelgroep.csv"
    response = client.post(reverse("participants:import"), {"file": upload})
    assert response.status_code == 302
    run = ImportRun.objects.filter(municipality=groningen).latest("pk")
    assert "131072" in run.preview["file_error"]


def test_oversized_csv_field_command_exits_1_with_the_reason(tmp_path, groningen):
    path = tmp_path / "doelgroep.csv"
    path.write_bytes(OVERSIZED)
    out, err = io.StringIO(), io.StringIO()
    before = Participant.objects.count()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_target_group", str(path), "--municipality", "GM0014", stdout=out, stderr=err
        )
    assert exit_.value.code == 1
    assert "131072" in err.getvalue()
    assert Participant.objects.count() == before


# --- control characters in imported fields --------------------------------------------------


@pytest.mark.parametrize("surname", ["Di\x00jk", '"Di\njk"', '"Di\rjk"', "Di\x1bjk", "Di\x85jk"])
def test_control_characters_in_a_name_reject_the_row(groningen, surname):
    before = Participant.objects.count()
    outcome = importer.import_file(csv_bytes(row(surname=surname)), groningen)
    assert not outcome.applied and outcome.rejected == 1
    assert [e.column for e in outcome.errors] == ["achternaam"]
    assert "control character" in outcome.errors[0].reason
    assert Participant.objects.count() == before


def test_tab_separated_file_still_imports(groningen):
    data = csv_bytes(row()).replace(b";", b"\t")
    outcome = importer.import_file(data, groningen, dry_run=True)
    assert not outcome.errors and outcome.created == 1


# --- cause 2: NaN hours; negative hours:minutes --------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "NaN",
        "sNaN",
        "-NaN",
        "Infinity",
        "-inf",
        "1e999999",
        "1:-15",
        "-1:75",
        "1:60",
        "+1:15",
        " 1: 15",
        "٣",
        "1_0",
    ],
)
def test_odd_hours_are_a_form_error(login, person, bad):
    sheet, url = draft_week_url(person)
    client = login("begeleider-groningen")
    before = list(sheet.lines.values_list("pk", flat=True))
    response = post_grid(client, url, {"row_count": "1", "kind_0": "worked", "h_0_0": bad})
    assert response.status_code == 200
    assert list(sheet.lines.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("bad", ["1:-15", "-1:75", "1:60", "1:10", "NaN", "sNaN", "-0:15"])
def test_parse_hours_refuses(bad):
    with pytest.raises(ValidationError):
        timesheets.parse_hours(bad)


@pytest.mark.parametrize(
    ("text", "hours"),
    [("", "0"), ("6,5", "6.5"), ("6:30", "6.5"), ("0:15", "0.25"), ("24", "24"), ("1.250", "1.25")],
)
def test_parse_hours_accepts(text, hours):
    assert timesheets.parse_hours(text) == Decimal(hours)


# --- cause 3: integers too large -------------------------------------------------------------


@pytest.mark.parametrize("field", ["taskid_0", "row_count"])
@pytest.mark.parametrize("value", [HUGE, "²", "-1"])
def test_huge_integers_in_a_timesheet_post(login, person, field, value):
    sheet, url = draft_week_url(person)
    client = login("begeleider-groningen")
    data = {"row_count": "1", "kind_0": "worked", "h_0_0": "2", "version": sheet.version}
    data[field] = value
    response = post_grid(client, url, data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("row_count", [None, "", "x", "²", HUGE, "-1"])
def test_a_broken_row_count_changes_nothing(login, person, row_count):
    """The grid's row count is not the page's: refused, the saved hours stay."""
    sheet, url = draft_week_url(person)
    client = login("begeleider-groningen")
    saved = {"row_count": "1", "kind_0": "worked", "h_0_0": "2"}
    assert post_grid(client, url, saved).status_code == 302
    before = list(sheet.lines.values_list("pk", flat=True))
    assert before
    data = {"kind_0": "worked", "h_0_0": "3"}
    if row_count is not None:
        data["row_count"] = row_count
    response = post_grid(client, url, data)
    assert response.status_code == 200
    assert "Het formulier is onvolledig" in response.content.decode()
    assert list(sheet.lines.values_list("pk", flat=True)) == before


@pytest.mark.parametrize("param", ["neighbourhood", "category"])
@pytest.mark.parametrize("value", [HUGE, "²", "-3", "1e3"])
def test_huge_integers_in_catalogue_filters(login, param, value):
    response = login("planner-groningen").get(reverse("communitytasks:catalogue"), {param: value})
    assert response.status_code == 200


# --- cause 4: weeks at the ends of the calendar ---------------------------------------------


@pytest.mark.parametrize(
    "week", ["0001-01-01", "9999-12-27", "1999-12-27", "2100-01-04", "2026-1-5"]
)
def test_timesheet_week_out_of_range_is_404(login, person, week):
    url = reverse("guidance:timesheet", args=[person.pk, week])
    assert login("begeleider-groningen").get(url).status_code == 404


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2026-W99", "x"])
def test_my_week_out_of_range_shows_this_week(login, week):
    response = login("deelnemer-groningen").get(reverse("planning:my_week"), {"week": week})
    assert response.status_code == 200


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "2099-W53"])
def test_planning_week_out_of_range_is_404(login, week):
    client = login("planner-groningen")
    assert client.get(reverse("planning:week", args=[week])).status_code == 404


def test_the_edges_of_the_sane_range_render(login, person):
    """The first and last plannable weeks work, including their previous/next links."""
    client = login("begeleider-groningen")
    for monday in (calendar.EARLIEST, calendar.monday(calendar.LATEST)):
        url = reverse("guidance:timesheet", args=[person.pk, monday.isoformat()])
        assert client.get(url).status_code == 200
    planner = login("planner-groningen")
    for monday in (calendar.EARLIEST, calendar.monday(calendar.LATEST)):
        url = reverse("planning:week", args=[calendar.week_label(monday)])
        assert planner.get(url).status_code == 200


# --- the shared parsers ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1", "42", str(MAX_ID)])
def test_parse_id_accepts(text):
    from basisbaan.core import parsing

    assert parsing.parse_id(text) == int(text)


@pytest.mark.parametrize(
    "text", ["", "0", "-1", "+1", " 1", "1.0", "²", "١", HUGE, str(MAX_ID + 1), None]
)
def test_parse_id_refuses(text):
    from basisbaan.core import parsing

    with pytest.raises(ValueError):
        parsing.parse_id(text)
    assert parsing.optional_id(text) is None


@pytest.mark.parametrize("text", ["NaN", "sNaN", "Infinity", "-inf", "1e999999999", "", "x", "1,5"])
def test_parse_decimal_refuses(text):
    from basisbaan.core import parsing

    with pytest.raises(ValueError):
        parsing.parse_decimal(text, minimum=Decimal("-1e6"), maximum=Decimal("1e6"))


def test_parse_decimal_accepts():
    from basisbaan.core import parsing

    assert parsing.parse_decimal(" 2.50 ", minimum=0, maximum=10) == Decimal("2.5")
    with pytest.raises(ValueError):
        parsing.parse_decimal("11", minimum=0, maximum=10)


# --- found by the fuzz tests ------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["1.5", HUGE, "²", "x"])
def test_signal_rule_id_that_is_not_one_is_404(login, rule):
    response = login("planner-groningen").post(reverse("guidance:rules"), {"rule": rule})
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("kind", "parameters"),
    [
        ("sick_reports", {"count": "nan"}),
        ("sick_reports", {"weeks": HUGE}),
        ("sick_reports", {"weeks": "٣"}),
        ("hours_below_contract", {"below_fraction": "nan"}),
        ("hours_below_contract", {"below_fraction": "1e-400"}),
    ],
)
def test_signal_rule_parameters_are_finite_and_bounded(kind, parameters):
    from basisbaan.guidance import earlywarning

    with pytest.raises(earlywarning.RuleParameterError):
        earlywarning.clean_parameters(kind, parameters)


@pytest.mark.parametrize(
    "target", ["0", "deelnemers", "//evil.example/", "/\\evil.example", "/a\x00b"]
)
def test_a_next_that_is_no_local_path_goes_to_the_default(login, target):
    response = login("planner-groningen").post(
        reverse("guidance:timesheets_approve"), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:timesheets")


def test_a_local_next_is_followed(login):
    response = login("planner-groningen").post(
        reverse("guidance:timesheets_approve"),
        {"next": "/begeleiding/urenbriefjes/?status=approved"},
    )
    assert response["Location"] == "/begeleiding/urenbriefjes/?status=approved"


@pytest.mark.parametrize("date", ["0001-01-01", "today"])
def test_a_checkin_without_income_or_norm_saves(login, person, date):
    """No income given, or a date before the first bijstand norm: saved, not a 500."""
    from basisbaan.guidance.models import CheckIn

    data = {
        "date": WORLD_TODAY.isoformat() if date == "today" else date,
        "work_fit": "3",
        "work_satisfaction": "3",
        "work_relations": "3",
        "household": "single",
        "net_income_eur": "",
        "self_rated_health": "3",
        "social_contacts": "daily",
        "self_confidence": "6",
        **{f"who5_{i}": "3" for i in range(1, 6)},
    }
    before = CheckIn.objects.filter(participant=person).count()
    url = reverse("guidance:checkin_create", args=[person.pk])
    response = login("coach-groningen").post(url, data)
    assert response.status_code == 302, response.context_data["form"].errors.as_json()
    assert CheckIn.objects.filter(participant=person).count() == before + 1
