"""Small parsers for values that come from outside: URL path and query parameters, form
fields, imported files. Every app uses these; none keeps a copy.

They accept only plain ASCII notation and check the range, so that nothing further in
raises on odd input: ``str.isdigit()`` accepts ``"²"`` (then ``int()`` fails), ``int()``
accepts ``"٣"``, ``"+1"`` and ``" 1"``, ``Decimal()`` accepts ``"NaN"``, ``"sNaN"``,
``"Infinity"``, ``"1_0"`` and ``"1e999999"``, and a 30-digit id overflows the database
driver. Each parser raises ``ValueError`` (a ``ParseError`` with a ``code``: ``"invalid"``,
``"range"`` or ``"step"``) that the caller turns into a 404, a form error or "ignore the
filter". Dates and weeks: ``core.calendar`` (``parse_date``, ``parse_week``, ...).
"""

import re
from decimal import Decimal

from django.utils.http import url_has_allowed_host_and_scheme

MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField) on any database we run on
MAX_INT_DIGITS = 18  # any integer with at most this many digits fits a 64-bit column
MAX_DECIMAL_LENGTH = 40

QUARTER = Decimal("0.25")
MAX_HOURS_PER_DAY = Decimal(24)

_ID = re.compile(r"[0-9]{1,19}")
_INT = re.compile(rf"[+-]?[0-9]{{1,{MAX_INT_DIGITS}}}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_HOURS_MINUTES = re.compile(r"([0-9]{1,2}):([0-5][0-9])")
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")  # "/..." but not "//host" or "/\host"
MAX_URL_LENGTH = 2000


class ParseError(ValueError):
    """Why a value was refused: ``code`` is ``"invalid"`` (not the notation),
    ``"range"`` (outside the bounds) or ``"step"`` (not a multiple of the step)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _text(value) -> str:
    return "" if value is None else str(value)


def parse_id(value) -> int:
    """A primary key: ASCII digits, 1..MAX_ID."""
    text = _text(value)
    if not _ID.fullmatch(text):
        raise ParseError("invalid", f"not an id: {text[:40]!r}")
    number = int(text)
    if not 1 <= number <= MAX_ID:
        raise ParseError("range", f"id out of range: {text[:40]!r}")
    return number


def optional_id(value) -> int | None:
    """``parse_id`` or None (for filters that ignore what is not an id)."""
    try:
        return parse_id(value)
    except ValueError:
        return None


def ids(values) -> list[int]:
    """The ids among ``values`` (e.g. ``request.POST.getlist("timesheet")``); others are
    dropped."""
    return [number for number in map(optional_id, values) if number is not None]


def parse_int(value, *, minimum: int, maximum: int) -> int:
    """An integer in ASCII notation (optional sign) within ``minimum..maximum``."""
    text = _text(value).strip()
    if not _INT.fullmatch(text):
        raise ParseError("invalid", f"not an integer: {text[:40]!r}")
    number = int(text)
    if not minimum <= number <= maximum:
        raise ParseError("range", f"outside {minimum}..{maximum}: {number}")
    return number


def parse_decimal(value, *, minimum, maximum, step=None) -> Decimal:
    """A finite decimal in plain notation (``"12"``, ``"-1.5"``, ``".25"``; no exponent,
    no ``NaN``/``Infinity``, no ``_``, at most 40 characters) within ``minimum..maximum``,
    and a multiple of ``step`` when given."""
    text = _text(value).strip()
    if len(text) > MAX_DECIMAL_LENGTH or not _DECIMAL.fullmatch(text):
        raise ParseError("invalid", f"not a number: {text[:40]!r}")
    number = Decimal(text)
    if not Decimal(minimum) <= number <= Decimal(maximum):
        raise ParseError("range", f"outside {minimum}..{maximum}: {text}")
    if step is not None and number % Decimal(step):
        raise ParseError("step", f"not a multiple of {step}: {text}")
    return number


def parse_hours(value) -> Decimal:
    """Hours worked on one day: ``"6.5"``, ``"6,5"`` or ``"6:30"``; empty is 0.

    Non-negative, at most 24, in quarters of an hour; minutes are ``00``..``59`` (so
    ``"1:-15"``, ``"-1:75"`` and ``"1:60"`` are refused). Two decimals at most in the
    result."""
    text = _text(value).strip().replace(",", ".")
    if not text:
        return Decimal("0.00")
    match = _HOURS_MINUTES.fullmatch(text)
    if match:
        hours = Decimal(int(match.group(1))) + Decimal(int(match.group(2))) / 60
        if hours > MAX_HOURS_PER_DAY:
            raise ParseError("range", f"outside 0..24: {text}")
        if hours % QUARTER:
            raise ParseError("step", f"not in quarters of an hour: {text}")
    else:
        hours = parse_decimal(text, minimum=0, maximum=MAX_HOURS_PER_DAY, step=QUARTER)
    if not hours:
        return Decimal("0.00")  # also "-0"
    return hours.quantize(Decimal("0.01"))


def next_url(request, default: str) -> str:
    """Where to go after a form: its ``next`` (posted or in the query) when it stays on
    this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    return local_url(target, request) or default


def local_url(value, request) -> str | None:
    """A ``next`` target that stays on this site: a path (``/...``, printable ASCII, no
    ``//host``) that Django also deems safe; None otherwise. ``redirect("0")`` would look
    ``"0"`` up as a view name and fail, and ``//evil.example`` is another site."""
    text = _text(value)
    if len(text) > MAX_URL_LENGTH or not _LOCAL_PATH.fullmatch(text):
        return None
    if not url_has_allowed_host_and_scheme(text, {request.get_host()}, request.is_secure()):
        return None
    return text
