"""Hypothesis strategies for input from outside: the values a URL, a query string or a
form field may carry, weighted towards the ones that broke things before (NaN, integers
beyond 64 bits, weeks at the ends of the calendar, digits that are not ASCII, control
characters)."""

import datetime
import re
from urllib.parse import quote

from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import strategies as st

NASTY = [
    "",
    "0",
    "-1",
    "+1",
    " 1",
    "1.5",
    "1e3",
    "NaN",
    "sNaN",
    "-Infinity",
    "1e999999",
    "9" * 30,
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    "²",
    "٣",
    "1_0",
    "1:-15",
    "-1:75",
    "24:15",
    "0001-W01",
    "9999-W52",
    "2026-W00",
    "2026-W99",
    "2099-W53",
    "0001-01-01",
    "9999-12-27",
    "9999-12-31",
    "2026-02-30",
    "2026-1-5",
    "2026-11",
    "9999-12",
    "true",
    "on",
    "csv",
    "xlsx",
    "../..",
    "%",
    "\x00",
    "a\r\nb",
    "<script>",
    "x" * 300,
]

# Query parameters the views read (grep request.GET / query_params), and a stranger.
QUERY_NAMES = [
    "week",
    "page",
    "q",
    "status",
    "neighbourhood",
    "category",
    "kind",
    "open",
    "short",
    "format",
    "programme",
    "role",
    "user",
    "action",
    "type",
    "record",
    "from",
    "to",
    "mine",
    "month",
    "next",
    "zzz",
]


def iso_week(year: int, week: int) -> str:
    return f"{year:04d}-W{week:02d}"


numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-3, max_value=200),
).map(str)
decimals = st.decimals(allow_nan=True, allow_infinity=True).map(str)
dates = st.dates().map(datetime.date.isoformat)
weeks = st.builds(iso_week, st.integers(1, 9999), st.integers(0, 99))
nasty_text = st.one_of(
    st.sampled_from(NASTY),
    numbers,
    decimals,
    dates,
    weeks,
    st.text(max_size=20),
)


def value(known=None) -> st.SearchStrategy[str]:
    """Any nasty value, or (often) the ``known`` good one, so that an example gets past
    the first field it fills and reaches the next."""
    if known is None:
        return nasty_text
    return st.one_of(st.just(str(known)), nasty_text)


def query() -> st.SearchStrategy[dict]:
    return st.dictionaries(st.sampled_from(QUERY_NAMES), nasty_text, max_size=4)


# --- URL patterns ----------------------------------------------------------------------

_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
SKIPPED_PREFIXES = ("beheer/", "i18n/", "api/")  # admin; Django's own; the API: schemathesis


def routes(resolver=None, prefix="", namespace=""):
    """(name, route) of every application URL pattern, e.g.
    ``("guidance:timesheet", "begeleiding/deelnemers/<int:pk>/week/<str:week>/")``."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", route


def _path_value(converter: str, known) -> st.SearchStrategy[str]:
    if converter == "int":
        nasty = st.one_of(
            st.sampled_from(["0", "1", str(2**31), str(2**63 - 1), str(2**63), "9" * 30]),
            st.integers(min_value=0, max_value=10**30).map(str),
        )
    elif converter == "uuid":
        nasty = st.uuids().map(str)
    elif converter == "slug":
        nasty = st.one_of(
            st.sampled_from(["groningen", "assen", "x" * 300]),
            st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True),
        )
    else:
        nasty = st.one_of(nasty_text.filter(bool), st.text(min_size=1, max_size=20))
    return nasty if known is None else st.one_of(st.just(str(known)), nasty)


def path(route: str, known: dict | None = None) -> st.SearchStrategy[str]:
    """A path for ``route`` with every parameter replaced by a drawn value (URL-quoted);
    ``known`` holds values that exist (drawn often too)."""
    known = known or {}
    parts = []
    position = 0
    for match in _PARAMETER.finditer(route):
        parts.append(st.just(route[position : match.start()]))
        converter = match.group("converter") or "str"
        parts.append(
            _path_value(converter, known.get(match.group("name"))).map(
                lambda text: quote(text, safe="")
            )
        )
        position = match.end()
    parts.append(st.just(route[position:]))
    return st.tuples(*parts).map(lambda pieces: "/" + "".join(pieces))
