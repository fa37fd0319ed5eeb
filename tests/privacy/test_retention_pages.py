"""The retention pages: periods with their history, the rule form (validation, audit),
the dry run, and the register of processing activities."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from basisbaan.audit.models import AuditEntry
from basisbaan.participants.models import Participant
from basisbaan.privacy.models import RetentionRule
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def login(login):
    """The demo login, with the pages in English (the msgids)."""

    def _login(username):
        client = login(username)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return _login


def _post(client, **data):
    values = {"days": "800", "valid_from": WORLD_TODAY.isoformat(), "legal_ground": "Besluit X"}
    values.update(data)
    return client.post(reverse("privacy:rule_create", args=["participant_file"]), values)


def test_an_administrator_sets_a_new_period_and_it_is_audited(login):
    client = login("admin")
    response = _post(client)
    assert response.status_code == 302
    rule = RetentionRule.objects.get(record_type="participant_file")
    assert (rule.days, rule.valid_from, rule.set_by.username) == (800, WORLD_TODAY, "admin")
    assert rule.municipality.cbs_code in ("GM0014", "GM0106")  # the active one
    assert AuditEntry.objects.filter(
        object_type="privacy.retentionrule", object_id=rule.pk, action="create"
    ).exists()
    page = client.get(reverse("privacy:retention")).content.decode()
    assert "Besluit X" in page and "800" in page


@pytest.mark.parametrize(
    "data",
    [
        {"days": "0"},
        {"days": "-5"},
        {"days": "99999999"},
        {"days": "many"},
        {"legal_ground": "   "},
        {"valid_from": (WORLD_TODAY - datetime.timedelta(days=1)).isoformat()},
        {"valid_from": "1899-01-01"},
        {"valid_from": "tomorrow"},
    ],
)
def test_the_rule_form_refuses_wrong_input(login, data):
    response = _post(login("admin"), **data)
    assert response.status_code == 200
    assert not RetentionRule.objects.exists()


def test_an_unknown_record_type_is_not_found(login):
    response = login("admin").get(reverse("privacy:rule_create", args=["no_such_type"]))
    assert response.status_code == 404


def test_the_dry_run_page_changes_nothing(login):
    before = list(Participant.objects.order_by("pk").values_list("bsn", "surname"))
    audit_before = AuditEntry.objects.count()
    response = login("admin").get(reverse("privacy:dry_run"))
    assert response.status_code == 200
    assert "Participant file" in response.content.decode()
    assert list(Participant.objects.order_by("pk").values_list("bsn", "surname")) == before
    assert AuditEntry.objects.count() == audit_before


def test_the_register_lists_every_record_type_with_its_period(login):
    RetentionRule.objects.create(
        municipality_id=_groningen_pk(),
        record_type="payroll",
        days=2600,
        legal_ground="AWR art. 52, besluit 2026",
        valid_from=WORLD_TODAY,
    )
    page = login("planner-groningen").get(reverse("privacy:register")).content.decode()
    for label in ("Participant file", "Payroll and timesheets", "Audit trail", "Sick reports"):
        assert label in page
    assert "AWR art. 52, besluit 2026" in page and "2600 days" in page


def _groningen_pk():
    from basisbaan.tenants.models import Municipality

    return Municipality.objects.get(cbs_code="GM0014").pk


def test_run_now_runs_the_job_in_the_background(login):
    from basisbaan.jobs.models import Job

    response = login("admin").post(reverse("privacy:run_now"))
    assert response.status_code == 302
    job = Job.objects.get(kind="privacy.retention")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE
    assert {"anonymised", "deleted", "kept", "url"} <= set(job.result)
    assert login("admin").get(reverse("privacy:run_now")).status_code == 405
