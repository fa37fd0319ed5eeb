"""Lists that show who is sick (or other health, well-being and pay data) are audited:
one read entry per record shown, naming the record by type and id, never its content."""

import datetime as dt

import pytest
from django.urls import reverse

from basisbaan.audit.models import AuditEntry
from basisbaan.guidance import sickness
from basisbaan.guidance.models import SicknessCase
from basisbaan.participants.models import Participant
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
T = WORLD_TODAY
DAY = dt.timedelta(days=1)


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


def _reads(username: str, object_type: str, after: int) -> dict[str, list[str]]:
    entries = AuditEntry.objects.filter(
        pk__gt=after, actor_username=username, action="read", object_type=object_type
    )
    return {e.object_id: e.fields for e in entries}


def _last() -> int:
    last = AuditEntry.objects.order_by("-pk").first()
    return last.pk if last else 0


def test_sickness_list_audits_every_case_it_shows(login):
    before = _last()
    page = login("planner-groningen").get(reverse("guidance:sickness_list"))
    shown = [*page.context["open_cases"], *page.context["closed_cases"]]
    assert shown
    reads = _reads("planner-groningen", "guidance.sicknesscase", before)
    assert {str(case.pk) for case in shown} <= set(reads)
    # The entry names fields, not values.
    assert all("first_sick_day" in fields for fields in reads.values())


def test_poortwachter_list_audits_every_case_it_shows(login, user, person):
    SicknessCase.objects.filter(participant=person, recovered_on__isnull=True).update(
        recovered_on=T - 22 * DAY
    )
    sickness.report_sick(person, user("planner-groningen"), T - 34 * DAY, "full", today=T)
    before = _last()
    page = login("planner-groningen").get(reverse("guidance:poortwachter"))
    steps = page.context["steps"]
    assert steps
    reads = _reads("planner-groningen", "guidance.sicknesscase", before)
    assert {str(step.case_id) for step in steps} <= set(reads)


def test_work_list_with_its_sick_column_is_audited(login):
    before = _last()
    page = login("begeleider-groningen").get(reverse("guidance:work_list"))
    shown = list(page.context["object_list"])
    assert shown
    reads = _reads("begeleider-groningen", "participants.participant", before)
    assert {str(p.pk) for p in shown} <= set(reads)
    assert all("sick" in fields for fields in reads.values())


def test_signal_list_is_audited(login):
    before = _last()
    page = login("coach-groningen").get(reverse("guidance:signals") + "?status=all")
    shown = list(page.context["object_list"])
    assert shown
    reads = _reads("coach-groningen", "guidance.signal", before)
    assert {str(s.pk) for s in shown} <= set(reads)


def test_payroll_preview_with_sick_hours_is_audited(login):
    before = _last()
    page = login("financien-groningen").get(reverse("guidance:payroll"))
    shown = {row["participant"].pk for row in page.context["preview"] if row["participant"]}
    reads = _reads("financien-groningen", "participants.participant", before)
    assert {str(pk) for pk in shown} <= set(reads)
