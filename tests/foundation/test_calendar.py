"""The programme's calendar (core.calendar): one clock, ISO weeks, months, holidays."""

import datetime as dt

import pytest
import time_machine

from basisbaan.core import calendar

D = dt.date
UTC = dt.UTC


@pytest.mark.parametrize(
    ("moment", "today"),
    [
        # 23:30 UTC is already the next day in Amsterdam (CET, +1).
        (dt.datetime(2027, 12, 31, 23, 30, tzinfo=UTC), D(2028, 1, 1)),
        # Summer time (+2): 22:30 UTC is 00:30 the next day.
        (dt.datetime(2027, 6, 14, 22, 30, tzinfo=UTC), D(2027, 6, 15)),
        # The night of the switch to summer time: 01:30 UTC is 03:30 CEST.
        (dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), D(2027, 3, 28)),
        (dt.datetime(2028, 2, 29, 22, 59, tzinfo=UTC), D(2028, 2, 29)),
        (dt.datetime(2028, 2, 29, 23, 0, tzinfo=UTC), D(2028, 3, 1)),
    ],
)
def test_today_is_the_municipalitys_day_whatever_the_servers_zone(moment, today):
    with time_machine.travel(moment, tick=False):
        assert calendar.today() == today
        assert calendar.now().tzinfo == calendar.TIME_ZONE
        assert calendar.this_monday() == calendar.monday(today)


@pytest.mark.parametrize(
    ("day", "monday", "label"),
    [
        (D(2026, 11, 30), D(2026, 11, 30), "2026-W49"),
        (D(2026, 12, 6), D(2026, 11, 30), "2026-W49"),
        # The ISO year of a week is not always the calendar year of its days.
        (D(2027, 1, 1), D(2026, 12, 28), "2026-W53"),
        (D(2025, 12, 31), D(2025, 12, 29), "2026-W01"),
        (D(2028, 2, 29), D(2028, 2, 28), "2028-W09"),
    ],
)
def test_weeks_start_on_monday_and_carry_their_iso_label(day, monday, label):
    assert calendar.monday(day) == monday
    assert calendar.week_label(monday) == label
    assert calendar.parse_week(label) == monday
    dates = calendar.week_dates(monday)
    assert len(dates) == 7 and dates[0] == monday and day in dates
    assert calendar.coming_monday(day) == monday + dt.timedelta(days=7)


@pytest.mark.parametrize(
    "bad",
    ["2026-49", "W49", "2026-W60", "2026-W00", "", "0001-W01", "9999-W52", "2026-W1x", None],
)
def test_a_week_that_is_not_one_is_refused(bad):
    with pytest.raises(ValueError):
        calendar.parse_week(bad)


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-27", "2026-13-01", "gisteren", ""])
def test_dates_from_outside_are_parsed_within_a_sane_range(bad):
    with pytest.raises(ValueError):
        calendar.parse_date(bad)
    assert calendar.parse_week_start("2026-11-30") == D(2026, 11, 30)
    with pytest.raises(ValueError):
        calendar.parse_week_start("2026-12-01")  # a Tuesday


def test_months_and_years():
    assert calendar.previous_month(D(2027, 1, 15)) == D(2026, 12, 1)
    assert calendar.next_month(D(2026, 12, 31)) == D(2027, 1, 1)
    assert calendar.month_end(D(2028, 2, 10)) == D(2028, 2, 29)
    assert calendar.add_months(D(2026, 3, 31), -13) == D(2025, 2, 1)
    assert calendar.add_years(D(2028, 2, 29), -1) == D(2027, 2, 28)
    assert calendar.add_years(D(2028, 2, 29), 4) == D(2032, 2, 29)


def test_dutch_public_holidays():
    christmas = calendar.public_holidays(D(2026, 12, 21))
    assert list(christmas) == [D(2026, 12, 25), D(2026, 12, 26)]
    assert all(name for name in christmas.values())
    # Across the year end, and King's Day on a weekday.
    assert D(2027, 1, 1) in calendar.public_holidays(D(2026, 12, 28))
    assert calendar.is_public_holiday(D(2027, 4, 27))
    assert not calendar.is_public_holiday(D(2027, 4, 28))
    spring = calendar.public_holidays(D(2027, 3, 1), D(2027, 6, 30))
    assert len(spring) >= 5  # Easter, King's Day, Ascension, Whitsun (and Liberation Day)


def test_the_test_world_and_the_app_share_one_clock():
    from tests.conftest import SESSION_START, WORLD_TODAY

    assert calendar.today() == WORLD_TODAY
    assert abs(calendar.now() - SESSION_START) < dt.timedelta(minutes=5)
