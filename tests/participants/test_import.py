"""The target-group import: validation per kind of bad row, all-or-nothing,
--skip-invalid, --dry-run, idempotent re-runs, encodings and delimiters, the command's
summary line and exit codes."""

import datetime

import pytest
from django.core.management import call_command

from basisbaan.audit.models import AuditEntry
from basisbaan.participants import importer
from basisbaan.participants.models import ImportMapping, ImportRun, Participant, StatusChange
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

HEADER = "bsn;voorletters;tussenvoegsel;achternaam;geboortedatum;postcode;huisnummer;uitkering_sinds;telefoon;email"
TODAY = WORLD_TODAY
# Valid BSNs (elfproef) that the demo does not use (it uses 9xxxxxxxx).
GOOD = ["111222333", "123456782", "100000009", "100000010"]


def row(bsn="111222333", **overrides):
    values = {
        "bsn": bsn,
        "voorletters": "J.",
        "tussenvoegsel": "van",
        "achternaam": "Dijk",
        "geboortedatum": "1980-01-02",
        "postcode": "9711 AB",
        "huisnummer": "12",
        "uitkering_sinds": "2019-05-01",
        "telefoon": "0612345678",
        "email": "j.vandijk@example.org",
    }
    values.update(overrides)
    return ";".join(values.values())


def csv_bytes(*rows, header=HEADER, delimiter=";", bom=False, newline="\n"):
    lines = [header, *rows]
    text = newline.join(line.replace(";", delimiter) for line in lines) + newline
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


@pytest.fixture
def groningen(db):
    return Municipality.objects.get(cbs_code="GM0014")


def run(data, municipality, **kwargs):
    return importer.import_file(data, municipality, today=TODAY, **kwargs)


@pytest.mark.parametrize(
    ("overrides", "column", "reason_part"),
    [
        ({"bsn": "123456789"}, "bsn", "BSN"),
        ({"bsn": "12345"}, "bsn", "BSN"),
        ({"bsn": ""}, "bsn", "empty"),
        ({"geboortedatum": "1980-02-30"}, "geboortedatum", "does not exist"),
        ({"geboortedatum": "2/1/1980"}, "geboortedatum", "YYYY-MM-DD"),
        ({"geboortedatum": "1890-01-01"}, "geboortedatum", "plausible"),
        ({"postcode": "0711 AB"}, "postcode", "postcode"),
        ({"postcode": "9711 SS"}, "postcode", "postcode"),
        ({"postcode": "97111"}, "postcode", "postcode"),
        ({"uitkering_sinds": str(TODAY + datetime.timedelta(days=1))}, "uitkering_sinds", "future"),
        ({"uitkering_sinds": "1970-01-01"}, "uitkering_sinds", "before the date of birth"),
        ({"achternaam": ""}, "achternaam", "empty"),
        ({"voorletters": ""}, "voorletters", "empty"),
        ({"huisnummer": "twaalf"}, "huisnummer", "house number"),
        ({"email": "not-an-address"}, "email", "e-mail"),
        ({"telefoon": "call me"}, "telefoon", "phone"),
    ],
)
def test_each_kind_of_bad_row_is_reported_by_line_and_column(
    groningen, overrides, column, reason_part
):
    data = csv_bytes(row(GOOD[1]), row(**{"bsn": GOOD[0], **overrides}))
    parsed = importer.parse(data, today=TODAY)
    assert [(e.line, e.column) for e in parsed.errors] == [(3, column)]
    assert reason_part.lower() in parsed.errors[0].reason.lower()
    assert parsed.rejected == 1 and len(parsed.rows) == 1


def test_duplicate_bsn_in_the_file_names_the_first_line(groningen):
    parsed = importer.parse(csv_bytes(row(), row(GOOD[1]), row()), today=TODAY)
    assert [(e.line, e.column, e.reason) for e in parsed.errors] == [(4, "bsn", "also on line 2")]


def test_wrong_number_of_fields(groningen):
    parsed = importer.parse(csv_bytes(row(), "111222333;J."), today=TODAY)
    assert parsed.errors[0].line == 3 and "fields" in parsed.errors[0].reason


def test_missing_required_column_is_a_file_error(groningen):
    header = HEADER.replace("achternaam", "naam")
    outcome = run(csv_bytes(row(), header=header), groningen)
    assert "achternaam" in outcome.file_error
    assert not outcome.applied


def test_any_invalid_row_changes_nothing(groningen):
    before = Participant.objects.count()
    outcome = run(csv_bytes(row(GOOD[0]), row(GOOD[1], postcode="nope")), groningen)
    assert not outcome.applied
    assert outcome.summary_line() == "created 0, updated 0, unchanged 0, rejected 1"
    assert Participant.objects.count() == before
    assert not ImportRun.objects.filter(filename="x").exists()


def test_skip_invalid_applies_the_valid_rows(groningen):
    outcome = run(
        csv_bytes(row(GOOD[0]), row(GOOD[1], postcode="nope"), row(GOOD[2])),
        groningen,
        skip_invalid=True,
    )
    assert outcome.summary_line() == "created 2, updated 0, unchanged 0, rejected 1"
    created = Participant.objects.filter(municipality=groningen, bsn__in=GOOD)
    assert set(created.values_list("bsn", flat=True)) == {GOOD[0], GOOD[2]}
    person = created.get(bsn=GOOD[0])
    assert person.status == "referred" and person.programme.name == "Basisbaan Groningen"
    assert person.postcode == "9711 AB" and person.birth_date == datetime.date(1980, 1, 2)
    assert StatusChange.objects.filter(participant=person, to_status="referred").count() == 1
    run_record = ImportRun.objects.get(summary__created=2)
    assert sorted(run_record.summary["created_ids"]) == sorted(created.values_list("pk", flat=True))
    assert AuditEntry.objects.filter(
        object_type="participants.importrun", object_id=str(run_record.pk), action="create"
    ).exists()


def test_rerun_is_idempotent_and_changes_are_updates(groningen):
    data = csv_bytes(row(GOOD[0]), row(GOOD[1], achternaam="Bos"))
    first = run(data, groningen)
    assert first.summary_line() == "created 2, updated 0, unchanged 0, rejected 0"
    again = run(data, groningen)
    assert again.summary_line() == "created 0, updated 0, unchanged 2, rejected 0"
    changed = run(
        csv_bytes(row(GOOD[0], telefoon="0687654321"), row(GOOD[1], achternaam="Bos")), groningen
    )
    assert changed.summary_line() == "created 0, updated 1, unchanged 1, rejected 0"
    assert Participant.objects.get(municipality=groningen, bsn=GOOD[0]).phone == "0687654321"
    assert Participant.objects.filter(municipality=groningen, bsn__in=GOOD).count() == 2


def test_same_bsn_in_another_municipality_is_another_person(groningen):
    assen = Municipality.objects.get(cbs_code="GM0106")
    run(csv_bytes(row(GOOD[0])), groningen)
    outcome = run(csv_bytes(row(GOOD[0])), assen)
    assert outcome.created == 1
    assert Participant.objects.filter(bsn=GOOD[0]).count() == 2


def test_dry_run_counts_but_changes_nothing(groningen):
    before = Participant.objects.count()
    outcome = run(csv_bytes(row(GOOD[0]), row(GOOD[1])), groningen, dry_run=True)
    assert outcome.summary_line() == "created 2, updated 0, unchanged 0, rejected 0"
    assert not outcome.applied and Participant.objects.count() == before


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encoding_and_delimiter_variants(groningen, delimiter, bom, newline):
    data = csv_bytes(
        row(GOOD[0], achternaam="Ëlzinga", geboortedatum="02-01-1980"),
        row(GOOD[1], uitkering_sinds="01-05-2019"),
        delimiter=delimiter,
        bom=bom,
        newline=newline,
    )
    outcome = run(data, groningen)
    assert outcome.summary_line() == "created 2, updated 0, unchanged 0, rejected 0"
    person = Participant.objects.get(municipality=groningen, bsn=GOOD[0])
    assert person.surname == "Ëlzinga" and person.birth_date == datetime.date(1980, 1, 2)


def test_not_utf8_is_refused_plainly(groningen):
    data = (HEADER + "\n" + row(achternaam="Müller") + "\n").encode("latin-1")
    outcome = run(data, groningen)
    assert "UTF-8" in outcome.file_error and not outcome.applied


def test_leading_zero_of_bsn_restored_and_postcode_normalised(groningen):
    outcome = run(csv_bytes(row("12345672", postcode="9711ab")), groningen)
    assert outcome.created == 1
    person = Participant.objects.get(municipality=groningen, bsn="012345672")
    assert person.postcode == "9711 AB"


def test_column_mapping_per_municipality(groningen):
    ImportMapping.objects.create(municipality=groningen, columns={"surname": "naam"})
    outcome = run(csv_bytes(row(GOOD[0]), header=HEADER.replace("achternaam", "naam")), groningen)
    assert outcome.created == 1


# --- the management command -------------------------------------------------------


def command(tmp_path, data, *args):
    path = tmp_path / "doelgroep.csv"
    path.write_bytes(data)
    out, err = __import__("io").StringIO(), __import__("io").StringIO()
    code = 0
    try:
        call_command(
            "import_target_group",
            str(path),
            "--municipality",
            "GM0014",
            *args,
            stdout=out,
            stderr=err,
        )
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_command_invalid_rows_exit_1_and_list_each_row(tmp_path, groningen):
    data = csv_bytes(row(GOOD[0]), row("123456789"), row(GOOD[1], geboortedatum="1980-13-01"))
    before = Participant.objects.count()
    code, out, err = command(tmp_path, data)
    assert code == 1
    assert out.strip() == "created 0, updated 0, unchanged 0, rejected 2"
    assert "3" in err and "bsn" in err and "4" in err and "geboortedatum" in err
    assert len([line for line in err.splitlines() if line.strip()]) == 2
    assert Participant.objects.count() == before


def test_command_skip_invalid_and_rerun(tmp_path, groningen):
    data = csv_bytes(row(GOOD[0]), row("123456789"))
    code, out, _err = command(tmp_path, data, "--skip-invalid")
    assert (code, out.strip()) == (0, "created 1, updated 0, unchanged 0, rejected 1")
    code, out, _err = command(tmp_path, data, "--skip-invalid")
    assert (code, out.strip()) == (0, "created 0, updated 0, unchanged 1, rejected 1")


def test_command_dry_run(tmp_path, groningen):
    code, out, _err = command(tmp_path, csv_bytes(row(GOOD[0])), "--dry-run")
    assert (code, out.strip()) == (0, "created 1, updated 0, unchanged 0, rejected 0")
    assert not Participant.objects.filter(bsn=GOOD[0]).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_two_concurrent_imports_of_one_file_create_each_person_once(monkeypatch):
    """Two uploads of the same file at once: the second waits for the first and then finds
    everyone known (no duplicate-key failure). Threads with their own committing
    connections; the rows are removed afterwards."""
    import threading
    import time

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    data = csv_bytes(row("100000046"), row("100000058"))
    last_run = ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    outcomes, barrier = [], threading.Barrier(2)
    insert = importer._insert_rows

    def insert_slowly(*args, **kwargs):
        time.sleep(0.5)  # widen the window between comparing and writing
        return insert(*args, **kwargs)

    monkeypatch.setattr(importer, "_insert_rows", insert_slowly)

    def run_import():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            municipality = Municipality.objects.get(cbs_code="GM0014")
            outcomes.append(importer.import_file(data, municipality, today=TODAY).summary_line())
        finally:
            thread_connection.close()

    def cleanup():
        from django.db import connection as thread_connection

        try:
            Participant.objects.filter(bsn__in=["100000046", "100000058"]).delete()
            ImportRun.objects.filter(pk__gt=last_run).delete()
        finally:
            thread_connection.close()

    try:
        threads = [threading.Thread(target=run_import) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == [
            "created 0, updated 0, unchanged 2, rejected 0",
            "created 2, updated 0, unchanged 0, rejected 0",
        ]
    finally:
        thread = threading.Thread(target=cleanup)
        thread.start()
        thread.join()
