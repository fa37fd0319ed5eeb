"""The payroll files (CSV, XLSX, API): no spreadsheet formulas from names, numbers stay
numbers, and a locked month keeps the names and BSNs it was exported with."""

import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Q
from openpyxl import load_workbook
from stdnum.nl import bsn as bsn_number

from basisbaan.core import calendar
from basisbaan.guidance import payroll
from basisbaan.guidance.models import PayrollExport, PayrollLine
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
T = WORLD_TODAY
NAMES = ['=HYPERLINK("//e.nl")', "+31 6 1234 5678", "-1+2", "@SUM(A1)", "\tTab", "\rReturn"]
NAME, BSN, PID = payroll.COLUMNS.index("name"), payroll.COLUMNS.index("bsn"), 4


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


def _month_participants(groningen, count):
    """``count`` participants who get a regular line in the last ended month."""
    month = calendar.previous_month(T)
    ids = sorted(
        {pid for pid, period, kind, _h in payroll.preview(groningen, month) if kind == "regular"}
    )
    assert len(ids) >= count
    return ids[:count]


def _export(groningen, user):
    month = calendar.previous_month(T)
    return payroll.export_month(groningen, month, user("financien-groningen"), T)


def _download(client, export, file_format):
    from django.urls import reverse

    response = client.get(reverse("guidance:payroll_download", args=[export.pk, file_format]))
    assert response.status_code == 200
    return response.content


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def _xlsx_rows(content: bytes):
    return list(load_workbook(io.BytesIO(content)).active.iter_rows())


def _new_bsn() -> str:
    used = set(Participant.objects.values_list("bsn", flat=True))
    for n in range(100_000_000, 999_999_999):
        candidate = f"{n:09d}"
        if bsn_number.is_valid(candidate) and candidate not in used:
            return candidate
    raise AssertionError("no free BSN")


def test_formula_names_are_neutralised_in_csv_and_text_in_xlsx(login, user, groningen):
    ids = _month_participants(groningen, len(NAMES))
    for pid, name in zip(ids, NAMES, strict=True):
        # As if imported so: the export must not trust the name.
        Participant.objects.filter(pk=pid).update(initials="", prefix="", surname=name)
    export = _export(groningen, user)
    # A negative correction figure must stay a number, never a quoted text.
    line = export.lines.get(participant_id=ids[0], kind="regular")
    PayrollLine.objects.filter(pk=line.pk).update(worked=Decimal("-6.50"))
    client = login("financien-groningen")

    rows = {
        int(r[PID]): r for r in _csv_rows(_download(client, export, "csv"))[1:] if r[2] == "regular"
    }
    for pid, name in zip(ids, NAMES, strict=True):
        assert rows[pid][NAME] == "'" + name, f"{name!r} reaches the CSV unescaped"
    assert rows[ids[0]][payroll.COLUMNS.index("worked_hours")] == "-6.50"

    cells = {
        r[PID].value: r
        for r in _xlsx_rows(_download(client, export, "xlsx"))[1:]
        if r[2].value == "regular"
    }
    for pid, name in zip(ids, NAMES, strict=True):
        cell = cells[pid][NAME]
        assert cell.data_type == "s", f"{name!r} is a formula cell in the XLSX"
        assert cell.value.strip() == name.strip()
        assert cells[pid][BSN].data_type == "s"
    worked = cells[ids[0]][payroll.COLUMNS.index("worked_hours")]
    assert worked.data_type == "n" and worked.value == -6.5


def test_locked_month_keeps_the_names_and_bsns_it_was_exported_with(login, user, groningen):
    export = _export(groningen, user)
    client = login("financien-groningen")
    csv_before = _download(client, export, "csv")
    xlsx_before = [[c.value for c in row] for row in _xlsx_rows(_download(client, export, "xlsx"))]
    api_before = client.get(f"/api/v1/payroll-exports/{export.pk}/").json()["lines"]

    pid = export.lines.filter(kind="regular").first().participant_id
    before = Participant.objects.get(pk=pid)
    Participant.objects.filter(pk=pid).update(
        initials="X.", prefix="", surname="Veranderd", bsn=_new_bsn()
    )

    assert _download(client, export, "csv") == csv_before
    xlsx_after = [[c.value for c in row] for row in _xlsx_rows(_download(client, export, "xlsx"))]
    assert xlsx_after == xlsx_before
    assert client.get(f"/api/v1/payroll-exports/{export.pk}/").json()["lines"] == api_before
    row = next(r for r in _csv_rows(csv_before)[1:] if int(r[PID]) == pid)
    assert (row[BSN], row[NAME]) == (before.bsn, before.formal_name)


def test_demo_exports_carry_their_names_and_bsns(groningen):
    assert PayrollExport.objects.filter(municipality=groningen).exists()
    assert not PayrollLine.objects.filter(Q(name="") | Q(bsn="")).exists()
    line = PayrollLine.objects.filter(export__municipality=groningen).first()
    assert (line.bsn, line.name) == (line.participant.bsn, line.participant.formal_name)
