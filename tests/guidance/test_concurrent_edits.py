"""Lost updates on a timesheet week: ``save_rows`` rewrites every line, so a second
session that saves what it read earlier would wipe the first one's hours. It gets a
conflict with both versions instead."""

from decimal import Decimal

import pytest
from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.guidance import timesheets
from basisbaan.guidance.models import Timesheet
from basisbaan.participants.models import Participant
from tests.concurrent import session, timesheet_data
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return Participant.objects.get(user__username="deelnemer-groningen")


def empty_row(data) -> int:
    """The index of the first row without hours (the page always adds empty rows)."""
    count = int(data["row_count"])
    return next(
        i for i in range(count) if not any(data[f"h_{i}_{d}"] for d in range(timesheets.DAYS))
    )


@pytest.mark.parametrize("started", [False, True], ids=["new-week", "existing-draft"])
def test_a_stale_timesheet_save_is_a_conflict_and_keeps_the_first_hours(person, started):
    monday = calendar.monday(WORLD_TODAY) + 4 * calendar.WEEK
    Timesheet.objects.filter(participant=person, week_start=monday).delete()
    if started:
        Timesheet.objects.create(participant=person, week_start=monday)
    url = reverse("guidance:timesheet", args=[person.pk, monday.isoformat()])
    guidance, planner = session("begeleider-groningen"), session("planner-groningen")
    guidance_read = timesheet_data(guidance.get(url))
    planner_read = timesheet_data(planner.get(url))

    i = empty_row(guidance_read)
    first = guidance.post(
        url, {**guidance_read, f"kind_{i}": "worked", f"task_{i}": "Tuinen", f"h_{i}_0": "4"}
    )
    assert first.status_code == 302
    j = empty_row(planner_read)
    second = planner.post(url, {**planner_read, f"kind_{j}": "leave", f"h_{j}_1": "3"})

    assert second.status_code == 409  # a conflict, not "saved"
    sheet = Timesheet.objects.get(participant=person, week_start=monday)
    lines = list(sheet.lines.values_list("kind", "task_label", "date", "hours"))
    assert ("worked", "Tuinen", monday, Decimal("4.00")) in lines  # the first survives
    assert not any(kind == "leave" for kind, *_rest in lines)  # the stale save wrote nothing
    page = second.content.decode()
    assert "Tuinen" in page  # the other version is shown
    assert second.context["conflict"]  # next to the planner's own rows, still in the form
    assert any(row.kind == "leave" for row in second.context["rows"])


def test_a_stale_adjustment_from_a_signal_is_a_conflict(person):
    from basisbaan.guidance import signals
    from basisbaan.guidance.models import EarlyWarningRule, Signal
    from tests.concurrent import form_data

    signals.ensure_rules(person.municipality)
    rule = EarlyWarningRule.objects.filter(municipality=person.municipality).first()
    signal = Signal.objects.create(
        participant=person, rule=rule, reason="x", raised_on=calendar.today()
    )
    url = reverse("guidance:signal_detail", args=[signal.pk])
    first, second = session("coach-groningen"), session("coach-groningen")
    first_read = form_data(first.get(url), "adjust_form")
    second_read = form_data(second.get(url), "adjust_form")
    hours = person.contract_hours
    first_post = {**first_read, "action": "adjust", "contract_hours": str(hours - 1)}
    assert first.post(url, {**first_post, "reason": "Lichter"}).status_code == 302
    limitations = [*second_read.get("limitations", []), "no_heavy_physical"]
    response = second.post(url, {**second_read, "action": "adjust", "limitations": limitations})
    assert response.status_code == 409
    person.refresh_from_db()
    assert person.contract_hours == hours - 1  # the first change survives
    conflict = {row.name for row in response.context["adjust_form"].conflict}
    assert "contract_hours" in conflict
