"""The programme's calendar: one clock, ISO weeks, months and Dutch public holidays.

Every app asks this module what day it is and how weeks are labelled; none keeps a copy.

- **The clock.** ``now()`` and ``today()`` are the municipality's time (Europe/Amsterdam),
  read from ``django.utils.timezone.now()``. Functions that depend on the day take
  ``today`` as an argument (defaulting to ``today()``) so tests can hand them any date.
- **Weeks** start on Monday and are labelled as ISO weeks (``"2026-W49"``). The ISO year
  of a week can differ from the calendar year of its days (29-12-2025 is in 2026-W01).
- **The sane range.** Dates before ``EARLIEST`` or after ``LATEST`` are refused at the
  edge with a ``ValueError`` (a URL such as ``.../week/0001-01-01/`` is not a week anyone
  plans), so no arithmetic near ``date.min``/``date.max`` can overflow.
"""

import datetime
import functools
import zoneinfo

import holidays as holiday_calendars
from django.utils import timezone

TIME_ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
EARLIEST = datetime.date(2000, 1, 3)  # a Monday; basisbanen started in 2020
LATEST = datetime.date(2099, 12, 27)  # a Sunday
DAYS_IN_WEEK = 7
WEEK = datetime.timedelta(days=DAYS_IN_WEEK)


# --------------------------------------------------------------------------- the clock


def now() -> datetime.datetime:
    """The current moment in the municipality's time zone (aware)."""
    return timezone.now().astimezone(TIME_ZONE)


def today() -> datetime.date:
    """Today's date for the municipality (Europe/Amsterdam), whatever the server's zone."""
    return now().date()


# --------------------------------------------------------------------------- the sane range


def in_range(date: datetime.date) -> bool:
    return EARLIEST <= date <= LATEST


def check_range(date: datetime.date) -> datetime.date:
    """``date`` itself, or ValueError when it lies outside the range the programme plans."""
    if not in_range(date):
        raise ValueError(f"date outside {EARLIEST.isoformat()}..{LATEST.isoformat()}: {date}")
    return date


def parse_date(text: str) -> datetime.date:
    """An ISO date (``"2026-12-07"``) within the sane range; ValueError otherwise."""
    try:
        date = datetime.date.fromisoformat(str(text))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a date: {text!r}") from exc
    return check_range(date)


# --------------------------------------------------------------------------- weeks


def monday(date: datetime.date) -> datetime.date:
    """The Monday of the week that holds ``date``."""
    return date - datetime.timedelta(days=date.weekday())


def this_monday(today_: datetime.date | None = None) -> datetime.date:
    return monday(today_ or today())


def coming_monday(today_: datetime.date | None = None) -> datetime.date:
    """The start of the coming week (next Monday, also when today is a Monday)."""
    return this_monday(today_) + WEEK


def is_monday(date: datetime.date) -> bool:
    return date.weekday() == 0


def week_dates(week_start: datetime.date) -> list[datetime.date]:
    """The seven dates of the week starting ``week_start``."""
    return [week_start + datetime.timedelta(days=i) for i in range(DAYS_IN_WEEK)]


def week_label(week_start: datetime.date) -> str:
    """``2026-11-30`` -> ``"2026-W49"`` (the ISO week of the date)."""
    year, week, _day = week_start.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(label: str) -> datetime.date:
    """``"2026-W49"`` -> the Monday of that ISO week; ValueError if it is not one or lies
    outside the sane range."""
    try:
        year, week = str(label).split("-W")
        if len(year) != 4 or not year.isdigit() or not week.isdigit() or len(week) > 2:
            raise ValueError
        start = datetime.date.fromisocalendar(int(year), int(week), 1)
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"not an ISO week: {label!r}") from exc
    return check_range(start)


def parse_week_start(text: str) -> datetime.date:
    """A week given by its Monday (``"2026-11-30"``); ValueError otherwise."""
    date = parse_date(text)
    if not is_monday(date):
        raise ValueError(f"not a Monday: {text!r}")
    return date


# --------------------------------------------------------------------------- months


def month_start(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def add_months(date: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after (or before) the one of ``date``."""
    year, month = divmod(date.year * 12 + date.month - 1 + count, 12)
    return datetime.date(year, month + 1, 1)


def months_after(date: datetime.date, count: int) -> datetime.date:
    """The same day ``count`` months later (the month's last day when it is shorter)."""
    first = add_months(date, count)
    return first.replace(day=min(date.day, month_end(first).day))


def previous_month(date: datetime.date) -> datetime.date:
    """The first day of the month before the one holding ``date``."""
    return add_months(date, -1)


def next_month(date: datetime.date) -> datetime.date:
    """The first day of the month after the one holding ``date``."""
    return add_months(date, 1)


def month_end(date: datetime.date) -> datetime.date:
    """The last day of the month holding ``date``."""
    return next_month(date) - datetime.timedelta(days=1)


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The last day of every month from ``first``'s month up to ``last``; ``last`` itself
    closes the list when it is not a month's end."""
    ends, month = [], month_start(first)
    while month_end(month) < last:
        ends.append(month_end(month))
        month = next_month(month)
    return [*ends, last]


def add_years(date: datetime.date, count: int) -> datetime.date:
    """The same day ``count`` years later (or earlier); 29 February becomes 28 February
    in a year without it."""
    try:
        return date.replace(year=date.year + count)
    except ValueError:  # 29 February
        return date.replace(year=date.year + count, day=28)


def year_start(date: datetime.date) -> datetime.date:
    return datetime.date(date.year, 1, 1)


# --------------------------------------------------------------------------- holidays


@functools.lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holiday_calendars.country_holidays("NL", years=year, language="nl").items())


def public_holidays(start: datetime.date, end: datetime.date | None = None) -> dict:
    """Dutch public holidays from ``start`` up to and including ``end`` (date -> name);
    without ``end``: the week starting ``start``."""
    end = end or start + datetime.timedelta(days=DAYS_IN_WEEK - 1)
    found = {}
    for year in range(start.year, end.year + 1):
        found.update(
            {day: name for day, name in _dutch_holidays(year).items() if start <= day <= end}
        )
    return dict(sorted(found.items()))


def is_public_holiday(date: datetime.date) -> bool:
    return date in _dutch_holidays(date.year)
