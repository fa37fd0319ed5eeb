"""Locking a payroll month takes an explicit confirmation that says what is locked and
how many timesheets are not approved; until its file is downloaded for the first time the
export can be withdrawn, after that it cannot, and the page says why."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar
from basisbaan.guidance import payroll
from basisbaan.guidance.models import PayrollExport, PayrollLine, Timesheet
from basisbaan.tenants.models import Municipality
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
MONTH = calendar.previous_month(WORLD_TODAY)  # the last month that has ended: to export


@pytest.fixture
def groningen():
    return Municipality.objects.get(cbs_code="GM0014")


@pytest.fixture
def finance(login):
    return login("financien-groningen")


def _lock(client):
    data = {"month": MONTH.isoformat(), "confirm": "on"}
    return client.post(reverse("guidance:payroll_export"), data)


def _export(groningen):
    return PayrollExport.objects.get(municipality=groningen, month=MONTH)


def test_the_payroll_page_leads_to_the_confirmation_not_to_the_lock(finance):
    html = unescape(finance.get(reverse("guidance:payroll")).content.decode())
    assert f'href="{reverse("guidance:payroll_confirm")}"' in html
    assert f'action="{reverse("guidance:payroll_export")}"' not in html


def test_confirmation_page_says_what_is_locked_and_counts_unapproved_timesheets(finance, groningen):
    pending = (
        Timesheet.objects.filter(participant__municipality=groningen)
        .exclude(status="approved")
        .filter(
            week_start__lte=calendar.month_end(MONTH),
            week_start__gte=MONTH - datetime.timedelta(days=6),
        )
        .count()
    )
    lines = payroll.preview(groningen, MONTH)
    response = finance.get(reverse("guidance:payroll_confirm"))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert response.context["month"] == MONTH
    assert response.context["pending"] == pending
    assert response.context["line_count"] == len(lines)
    if pending:
        assert f"{pending} urenbriefje" in html and "nog niet goedgekeurd" in html
    assert 'name="confirm"' in html and "required" in html
    assert "tot het bestand voor het eerst is gedownload" in html
    assert not PayrollExport.objects.filter(municipality=groningen, month=MONTH).exists()


@pytest.mark.parametrize("confirm", [None, "", "off"])
def test_export_without_confirmation_changes_nothing(finance, groningen, confirm):
    exports, lines = PayrollExport.objects.count(), PayrollLine.objects.count()
    data = {"month": MONTH.isoformat()}
    if confirm is not None:
        data["confirm"] = confirm
    response = finance.post(reverse("guidance:payroll_export"), data)
    assert response.status_code == 200
    assert "Vink aan dat je" in unescape(response.content.decode())
    assert (PayrollExport.objects.count(), PayrollLine.objects.count()) == (exports, lines)


def test_with_confirmation_it_locks(finance, groningen):
    response = _lock(finance)
    export = _export(groningen)
    assert response.status_code == 302
    assert response["Location"] == reverse("guidance:payroll_detail", args=[export.pk])
    assert export.lines.exists()
    assert export.first_downloaded_at is None
    assert payroll.exportable_month(groningen, WORLD_TODAY) is None


def test_undo_before_download_unlocks_and_removes_the_export(finance, groningen):
    _lock(finance)
    export = _export(groningen)
    detail = finance.get(reverse("guidance:payroll_detail", args=[export.pk])).content.decode()
    assert reverse("guidance:payroll_undo", args=[export.pk]) in detail
    response = finance.post(reverse("guidance:payroll_undo", args=[export.pk]), follow=True)
    assert response.status_code == 200
    assert "ingetrokken" in unescape(response.content.decode())
    assert not PayrollExport.objects.filter(pk=export.pk).exists()
    assert not PayrollLine.objects.filter(export_id=export.pk).exists()
    assert payroll.exportable_month(groningen, WORLD_TODAY) == MONTH
    assert AuditEntry.objects.filter(
        object_type="guidance.payrollexport", object_id=str(export.pk), action="delete"
    ).exists()


def test_first_download_is_recorded_and_audited_once(finance, groningen, user):
    _lock(finance)
    export = _export(groningen)
    finance.get(reverse("guidance:payroll_download", args=[export.pk, "csv"]))
    export.refresh_from_db()
    first = export.first_downloaded_at
    assert first is not None
    assert export.first_downloaded_by == user("financien-groningen")
    finance.get(reverse("guidance:payroll_download", args=[export.pk, "xlsx"]))
    export.refresh_from_db()
    assert export.first_downloaded_at == first
    downloads = AuditEntry.objects.filter(
        object_type="guidance.payrollexport", object_id=str(export.pk), action="export"
    )
    assert downloads.count() == 2
    assert [e.purpose for e in downloads.filter(purpose__contains="first download")] == [
        f"payroll csv; {payroll.FIRST_DOWNLOAD}"
    ]


def test_after_download_undo_is_refused_with_a_clear_message(finance, groningen):
    _lock(finance)
    export = _export(groningen)
    finance.get(reverse("guidance:payroll_download", args=[export.pk, "csv"]))
    lines = export.lines.count()
    response = finance.post(reverse("guidance:payroll_undo", args=[export.pk]), follow=True)
    html = unescape(response.content.decode())
    assert "niet meer worden ingetrokken" in html
    assert PayrollExport.objects.filter(pk=export.pk).exists()
    assert export.lines.count() == lines
    # The page no longer offers the undo and says why.
    detail = finance.get(reverse("guidance:payroll_detail", args=[export.pk])).content.decode()
    assert reverse("guidance:payroll_undo", args=[export.pk]) not in detail
    assert "niet meer worden ingetrokken" in unescape(detail)


def test_a_fetch_over_the_api_counts_as_the_first_download(finance, groningen):
    _lock(finance)
    export = _export(groningen)
    assert finance.get(f"/api/v1/payroll-exports/{export.pk}/").status_code == 200
    export.refresh_from_db()
    assert export.first_downloaded_at is not None


def test_only_the_last_export_can_be_withdrawn(finance, groningen):
    _lock(finance)
    earlier = PayrollExport.objects.filter(municipality=groningen, month__lt=MONTH).first()
    PayrollExport.objects.filter(pk=earlier.pk).update(first_downloaded_at=None)
    finance.post(reverse("guidance:payroll_undo", args=[earlier.pk]))
    assert PayrollExport.objects.filter(pk=earlier.pk).exists()


def test_programme_staff_cannot_withdraw(login, finance, groningen):
    _lock(finance)
    export = _export(groningen)
    response = login("planner-groningen").post(reverse("guidance:payroll_undo", args=[export.pk]))
    assert response.status_code in (403, 404)
    assert PayrollExport.objects.filter(pk=export.pk).exists()
