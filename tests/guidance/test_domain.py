"""Pure domain rules: poortwachter due dates, WHO-5 scoring, early-warning rules on
hand-made histories, payroll contracted hours and correction lines."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from basisbaan.core import calendar
from basisbaan.guidance import earlywarning, payroll, poortwachter, wellbeing
from basisbaan.guidance.earlywarning import Contact, History, Week

D = dt.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- poortwachter -------------------------------------------------------------------------


def test_timeline_due_dates_count_weeks_from_the_first_sick_day():
    first = D(2026, 3, 2)  # a Monday; week 1 runs 2-8 March
    due = {step.code: date for step, date in poortwachter.timeline(first)}
    assert due == {
        "company_doctor": D(2026, 3, 8),  # within a week
        "problem_analysis": D(2026, 4, 12),  # end of week 6: day 42
        "plan_of_action": D(2026, 4, 26),  # end of week 8: day 56
        "uwv_report": D(2026, 12, 20),  # end of week 42: day 294
    }
    uwv = poortwachter.STEP_BY_CODE["uwv_report"]
    assert poortwachter.earliest_date(first, uwv) == D(2026, 12, 14)  # start of week 42
    assert (D(2026, 12, 20) - D(2026, 12, 14)).days == 6


def test_timeline_from_a_mid_week_first_sick_day():
    first = D(2026, 11, 19)  # Thursday
    due = dict((s.code, d) for s, d in poortwachter.timeline(first))
    assert due["company_doctor"] == D(2026, 11, 25)
    assert due["problem_analysis"] - first == dt.timedelta(days=41)
    assert due["plan_of_action"] - first == dt.timedelta(days=55)


def test_urgency_and_sickness_week():
    today = D(2026, 11, 23)
    assert poortwachter.urgency(D(2026, 11, 22), today, False) == "overdue"
    assert poortwachter.urgency(D(2026, 11, 30), today, False) == "due_soon"
    assert poortwachter.urgency(D(2026, 12, 1), today, False) == "later"
    assert poortwachter.urgency(D(2026, 11, 1), today, True) == "done"
    assert poortwachter.sickness_week(D(2026, 11, 23), today) == 1
    assert poortwachter.sickness_week(D(2026, 11, 16), today) == 2


# --- WHO-5 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "raw", "pct", "poor"),
    [
        ([0, 0, 0, 0, 0], 0, 0, True),
        ([5, 5, 5, 5, 5], 25, 100, False),
        ([3, 3, 2, 2, 2], 12, 48, True),
        ([3, 3, 3, 2, 2], 13, 52, False),
    ],
)
def test_who5_scoring(items, raw, pct, poor):
    assert wellbeing.who5_raw(items) == raw
    assert wellbeing.who5_percentage(raw) == pct
    assert wellbeing.who5_poor(raw) is poor


@pytest.mark.parametrize(
    "items",
    [[1, 2, 3, 4], [1, 2, 3, 4, 5, 0], [6, 0, 0, 0, 0], [-1, 0, 0, 0, 0], [1.5, 1, 1, 1, 1]],
)
def test_who5_rejects_bad_answers(items):
    with pytest.raises(ValueError):
        wellbeing.who5_raw(items)


def test_income_compared_to_norm():
    assert wellbeing.income_compared_to_norm(Decimal("1600"), Decimal("1369.06")) == Decimal(
        "230.94"
    )


# --- early-warning rules --------------------------------------------------------------------

TODAY = D(2026, 11, 23)


def fires(kind, history, **parameters):
    return earlywarning.evaluate(kind, parameters, history, TODAY)


def test_sick_reports_rule_counts_reports_in_the_window():
    inside = [TODAY - dt.timedelta(weeks=w) for w in (1, 5, 12)]
    assert "3 sick reports" in fires("sick_reports", History(sick_report_dates=inside))
    outside = [TODAY - dt.timedelta(weeks=w) for w in (1, 5, 14)]
    assert fires("sick_reports", History(sick_report_dates=outside)) is None
    assert fires("sick_reports", History(sick_report_dates=outside), weeks=15) is not None
    assert fires("sick_reports", History(sick_report_dates=inside), count=4) is None


def test_who5_low_looks_at_the_latest_held_contact():
    history = History(
        contacts=[
            Contact(D(2026, 9, 1), True, 10),
            Contact(D(2026, 10, 1), True, 14),
            Contact(D(2026, 11, 1), False),  # missed: no score
        ]
    )
    assert fires("who5_low", history) is None
    history.contacts.append(Contact(D(2026, 11, 15), True, 12))
    assert "12 of 25" in fires("who5_low", history)
    assert fires("who5_low", history, below_raw=12) is None


def test_who5_drop_compares_the_last_two_scores_on_the_0_100_scale():
    dropped = History(
        contacts=[Contact(D(2026, 9, 1), True, 20), Contact(D(2026, 10, 1), True, 17)]
    )
    assert "80 to 68" in fires("who5_drop", dropped)  # 12 points on the 0-100 scale
    small = History(contacts=[Contact(D(2026, 9, 1), True, 20), Contact(D(2026, 10, 1), True, 18)])
    assert fires("who5_drop", small) is None  # 8 points
    assert fires("who5_drop", History(contacts=[Contact(D(2026, 9, 1), True, 5)])) is None
    future = History(contacts=[Contact(D(2026, 9, 1), True, 20), Contact(D(2026, 12, 1), True, 5)])
    assert fires("who5_drop", future) is None


def test_missed_contacts_needs_the_last_two_missed():
    two = History(
        contacts=[
            Contact(D(2026, 8, 1), True, 15),
            Contact(D(2026, 9, 1), False),
            Contact(D(2026, 10, 1), False),
        ]
    )
    assert "2 contacts were missed" in fires("missed_contacts", two)
    interrupted = History(
        contacts=[
            Contact(D(2026, 9, 1), False),
            Contact(D(2026, 10, 1), True, 15),
            Contact(D(2026, 11, 1), False),
        ]
    )
    assert fires("missed_contacts", interrupted) is None
    assert fires("missed_contacts", History(contacts=[Contact(D(2026, 9, 1), False)])) is None


def test_hours_below_contract_needs_every_recent_week_below():
    monday = D(2026, 10, 26)
    weeks = [Week(monday + dt.timedelta(weeks=i), 32, 24) for i in range(4)]
    assert "4 weeks in a row" in fires("hours_below_contract", History(weeks=weeks))
    weeks[2] = Week(weeks[2].week_start, 32, 30)  # one normal week breaks the run
    assert fires("hours_below_contract", History(weeks=weeks)) is None
    assert fires("hours_below_contract", History(weeks=weeks[:3])) is None  # too few weeks
    assert fires("hours_below_contract", History(weeks=weeks), below_fraction=0.95) is not None


def test_rule_parameters_are_validated():
    assert earlywarning.clean_parameters("sick_reports", {"count": "4"}) == {
        "count": 4,
        "weeks": 13,
    }
    for bad in ({"count": "many"}, {"count": 0}, {"unknown": 1}):
        with pytest.raises(earlywarning.RuleParameterError):
            earlywarning.clean_parameters("sick_reports", bad)
    with pytest.raises(earlywarning.RuleParameterError):
        earlywarning.clean_parameters("hours_below_contract", {"below_fraction": 1.5})


# --- payroll -------------------------------------------------------------------------------


def test_contracted_hours_count_weekdays_in_the_contract():
    november = D(2026, 11, 1)  # 21 weekdays
    assert payroll.contracted_for_month([(D(2020, 1, 1), None, 32)], november) == Decimal("134.40")
    # The contract starts on Monday 16 November: 11 weekdays.
    assert payroll.contracted_for_month([(D(2026, 11, 16), None, 30)], november) == Decimal("66.00")
    assert payroll.contracted_for_month([(D(2026, 12, 1), None, 30)], november) == Decimal("0.00")


def H(**values):
    return payroll.Hours(**{k: Decimal(str(v)) for k, v in values.items()})


def test_compute_lines_regular_and_corrections():
    oct_, nov = D(2026, 10, 1), D(2026, 11, 1)
    current = {
        (1, nov): H(contracted=134.4, worked=120, sick=14.4),
        (2, nov): H(contracted=100, worked=100),
        (1, oct_): H(contracted=140.8, worked=132.8, sick=8),  # changed after export
        (2, oct_): H(contracted=100, worked=100),  # unchanged
    }
    exported = {
        (1, oct_): H(contracted=140.8, worked=140.8),
        (2, oct_): H(contracted=100, worked=100),
        (3, oct_): H(contracted=10, worked=10),  # hours withdrawn since
    }
    lines = payroll.compute_lines(nov, current, exported)
    regular = [(pid, h) for pid, period, kind, h in lines if kind == "regular"]
    corrections = {pid: (period, h) for pid, period, kind, h in lines if kind == "correction"}
    assert [pid for pid, _h in regular] == [1, 2]
    assert corrections == {
        1: (oct_, H(worked=-8, sick=8)),
        3: (oct_, H(contracted=-10, worked=-10)),
    }


def test_month_helpers():
    assert calendar.next_month(D(2026, 12, 1)) == D(2027, 1, 1)
    assert calendar.month_end(D(2028, 2, 1)) == D(2028, 2, 29)


@pytest.mark.parametrize("weeks", [7, 51])
def test_demo_timesheets_always_reach_into_the_month_to_lock(weeks) -> None:
    """Every day of the year, the demo's timesheets cover at least two weeks of the month
    before the last ended one (the demo locks it; the browser test needs its correction)."""
    from basisbaan.guidance.demo import timesheet_weeks

    day = D(2026, 1, 1)
    while day.year == 2026:
        first_week, last_week = timesheet_weeks(day, weeks)
        last_ended = calendar.previous_month(day)
        assert first_week.weekday() == 0
        assert last_week == day - dt.timedelta(days=day.weekday() + 7)
        assert first_week <= last_ended - dt.timedelta(days=14), day
        assert (last_week - first_week).days >= 7 * weeks
        day += dt.timedelta(days=1)
