"""The timesheet lifecycle table: every legal move works through its domain function,
every illegal one is refused and changes nothing, and only draft or returned sheets are
edited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from basisbaan.core import calendar
from basisbaan.guidance import timesheets
from basisbaan.guidance.models import HourKind, Timesheet, TimesheetLine
from basisbaan.participants.models import Participant
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
S = Timesheet.Status
WEEK = calendar.monday(WORLD_TODAY) - 2 * calendar.WEEK  # a week that has started


def _move(sheet, target, user):
    if target == S.SUBMITTED:
        return timesheets.submit(sheet, user)
    if target == S.APPROVED:
        return timesheets.approve(sheet, user)
    if target == S.RETURNED:
        return timesheets.return_for_correction(sheet, user, "Dinsdag ontbreekt.")
    raise AssertionError(f"no action leads to {target}")


TARGETS = [S.SUBMITTED, S.APPROVED, S.RETURNED]  # no action leads back to draft
LEGAL = [(s, t) for s, targets in timesheets.TRANSITIONS.items() for t in targets]
ILLEGAL = [(s, t) for s in S.values for t in TARGETS if (s, t) not in LEGAL]


@pytest.fixture
def sheet_in():
    person = Participant.objects.get(user__username="deelnemer-groningen")

    def _sheet(status):
        sheet, _ = Timesheet.objects.get_or_create(participant=person, week_start=WEEK)
        if not sheet.lines.exists():
            TimesheetLine.objects.create(
                timesheet=sheet, date=WEEK, kind=HourKind.WORKED, hours=Decimal("4")
            )
        Timesheet.objects.filter(pk=sheet.pk).update(status=status)
        sheet.refresh_from_db()
        return sheet

    return _sheet


def test_table_covers_every_status():
    assert set(timesheets.TRANSITIONS) == set(S.values)
    assert all(set(targets) <= set(S.values) for targets in timesheets.TRANSITIONS.values())
    assert not any(S.DRAFT in targets for targets in timesheets.TRANSITIONS.values())


@pytest.mark.parametrize("status", S.values)
def test_editable_exactly_where_the_sheet_can_be_submitted(status):
    assert Timesheet(status=status).editable == timesheets.is_allowed(status, S.SUBMITTED)


@pytest.mark.parametrize(("source", "target"), LEGAL, ids=[f"{s}->{t}" for s, t in LEGAL])
def test_every_legal_transition_works(source, target, sheet_in, user):
    sheet = sheet_in(source)
    _move(sheet, target, user("planner-groningen"))
    sheet.refresh_from_db()
    assert sheet.status == target


@pytest.mark.parametrize(("source", "target"), ILLEGAL, ids=[f"{s}->{t}" for s, t in ILLEGAL])
def test_every_illegal_transition_is_refused(source, target, sheet_in, user):
    sheet = sheet_in(source)
    version = sheet.version
    with pytest.raises(ValidationError):
        _move(sheet, target, user("planner-groningen"))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version) == (source, version)


@pytest.mark.parametrize("status", S.values)
def test_rows_are_saved_only_on_an_editable_sheet(status, sheet_in, user):
    sheet = sheet_in(status)
    row = timesheets.Row(kind=HourKind.WORKED, task_label="Buurthuis")
    row.hours[1] = Decimal("6")
    if sheet.editable:
        timesheets.save_rows(sheet, [row], user("begeleider-groningen"))
        assert sheet.lines.get().date == WEEK + dt.timedelta(days=1)
    else:
        before = list(sheet.lines.values_list("pk", flat=True))
        with pytest.raises(ValidationError):
            timesheets.save_rows(sheet, [row], user("begeleider-groningen"))
        assert list(sheet.lines.values_list("pk", flat=True)) == before
