"""Timesheet errors per cell: a wrong hour cell keeps what was typed, is marked invalid
with its message tied to it, and the error summary names the day and the row with a
link to the cell. The status, the button and the message use one word for submitting."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from basisbaan.core import calendar
from basisbaan.guidance import timesheets
from basisbaan.guidance.models import HourKind, Timesheet
from basisbaan.participants.models import Participant
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db
WEEK = calendar.monday(WORLD_TODAY) - calendar.WEEK  # a week that has started


def _grid(**cells):
    data = {"row_count": "1", "kind_0": "worked", "task_0": "Buurthuis"}
    data.update({f"h_0_{day}": value for day, value in cells.items()})
    return data


# --- parsing the grid -------------------------------------------------------------------


def test_parse_grid_keeps_typed_values_and_names_each_wrong_cell():
    data = _grid(**{"0": "25", "1": "abc", "2": "1:10", "3": "1,5", "4": "1:15"})
    with translation.override("en"):
        rows, errors = timesheets.parse_grid(data, WEEK)
    assert rows[0].hours[3] == Decimal("1.5")
    assert rows[0].hours[4] == Decimal("1.25")
    assert rows[0].raw[:3] == ["25", "abc", "1:10"]
    assert [(e.row, e.day, e.cell_id) for e in errors] == [
        (0, 0, "h_0_0"),
        (0, 1, "h_0_1"),
        (0, 2, "h_0_2"),
    ]
    with translation.override("en"):
        assert "24" in errors[0].message
        assert "quarters" in errors[1].message
        assert "1:10" in errors[2].message and "1:15" in errors[2].message
        assert errors[1].summary.startswith(
            f"{capfirst(date_format(WEEK + datetime.timedelta(days=1), 'l j F'))}, Worked (Buurthuis): "
        )


def test_summary_names_the_day_and_row_in_dutch():
    with translation.override("nl"):
        _rows, errors = timesheets.parse_grid(_grid(**{"1": "abc"}), WEEK)
        day = capfirst(date_format(WEEK + datetime.timedelta(days=1), "l j F"))
        assert errors[0].summary == (
            f"{day}, Gewerkt (Buurthuis): vul een getal van 0 tot 24 in, in kwartieren (bijv. 1,5)"
        )


def test_a_row_without_a_task_is_named_by_its_number():
    data = {"row_count": "2", "kind_0": "worked", "kind_1": "sick", "h_1_0": "x"}
    with translation.override("en"):
        _rows, errors = timesheets.parse_grid(data, WEEK)
        assert errors[0].row_name == "Sick (row 2)"


# --- the page ---------------------------------------------------------------------------


@pytest.fixture
def person():
    person = Participant.objects.get(user__username="deelnemer-groningen")
    sheet, _ = Timesheet.objects.get_or_create(participant=person, week_start=WEEK)
    Timesheet.objects.filter(pk=sheet.pk).update(status=Timesheet.Status.DRAFT)
    sheet.lines.all().delete()
    return person


def _url(person):
    return reverse("guidance:timesheet", args=[person.pk, WEEK.isoformat()])


def _input(html, cell_id):
    match = re.search(rf'<input id="{cell_id}"[^>]*>', html)
    assert match, f"no input {cell_id}"
    return match.group(0)


def test_wrong_cells_come_back_typed_marked_and_linked(login, person):
    client = login("begeleider-groningen")
    version = Timesheet.objects.get(participant=person, week_start=WEEK).version
    data = {**_grid(**{"0": "25", "1": "abc", "2": "1:10", "3": "1,5"}), "version": version}
    with translation.override("nl"):
        response = client.post(_url(person), {**data, "action": "save"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for cell_id, typed in (("h_0_0", "25"), ("h_0_1", "abc"), ("h_0_2", "1:10")):
        field = _input(html, cell_id)
        assert f'value="{typed}"' in field
        assert 'aria-invalid="true"' in field
        assert f'aria-describedby="{cell_id}-error"' in field
        assert f'id="{cell_id}-error"' in html
        assert f'href="#{cell_id}"' in html
    # The right cell keeps its value and is not marked.
    assert 'value="1,5"' in _input(html, "h_0_3")
    assert "aria-invalid" not in _input(html, "h_0_3")
    with translation.override("nl"):
        day = capfirst(date_format(WEEK + datetime.timedelta(days=1), "l j F"))
    assert f"{day}, Gewerkt (Buurthuis): vul een getal van 0 tot 24 in" in html
    # Nothing saved.
    assert not Timesheet.objects.get(participant=person, week_start=WEEK).lines.exists()


def test_decimal_comma_and_quarter_notation_are_saved(login, person):
    client = login("begeleider-groningen")
    version = Timesheet.objects.get(participant=person, week_start=WEEK).version
    data = {**_grid(**{"0": "1,5", "1": "2:45"}), "version": version, "action": "save"}
    response = client.post(_url(person), data)
    assert response.status_code == 302
    lines = Timesheet.objects.get(participant=person, week_start=WEEK).lines.order_by("date")
    assert [line.hours for line in lines] == [Decimal("1.50"), Decimal("2.75")]
    assert all(line.kind == HourKind.WORKED for line in lines)


def test_status_and_message_say_the_same_word_after_submitting(login, person):
    client = login("begeleider-groningen")
    version = Timesheet.objects.get(participant=person, week_start=WEEK).version
    data = {**_grid(**{"0": "4"}), "version": version, "action": "submit"}
    response = client.post(_url(person), data, follow=True, HTTP_ACCEPT_LANGUAGE="nl")
    html = unescape(response.content.decode())
    assert Timesheet.objects.get(participant=person, week_start=WEEK).status == "submitted"
    assert "Het urenbriefje is ingediend ter goedkeuring." in html
    assert re.search(r"Status: <strong>ingediend</strong>", html), "status is not ingediend"
    with translation.override("nl"):
        assert str(Timesheet.Status.SUBMITTED.label) == "ingediend"
        assert str(Timesheet.Status.APPROVED.label) == "goedgekeurd"
        assert str(Timesheet.Status.DRAFT.label) == "concept"
