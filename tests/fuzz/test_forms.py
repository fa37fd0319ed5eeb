"""Every form x hypothesis-drawn field values (text, huge integers, NaN, weeks at the ends
of the calendar, control characters): posting it never answers a server error.

The forms are found by rendering every page of the authorization matrix as an account
allowed on it and reading its ``<form method="post">`` elements (so a new form is fuzzed
without a change here); each field gets either the value the page offered or a nasty
one, or is left out. POST-only URLs are fuzzed with the fields of their rule's data.
"""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies
from tests.fuzz.test_urls import ACCOUNTS, ROUTES, answer
from tests.test_access_matrix import RULES

# The header's forms are on every page: fuzzed once, on the dashboard.
HEADER_FORMS = {"/account/municipality/", "/i18n/setlang/", "/account/logout/"}
MAX_FORMS_PER_PAGE = 3


class _Forms(HTMLParser):
    """The POST forms of a page: action and field name -> the first value offered."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.types: dict[str, str] = {}  # field name -> input type ("date", "number", ...)
        self._fields: dict[str, str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._fields = {}
                self.forms.append((attrs.get("action") or "", self._fields))
            return
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self.types.setdefault(name, attrs.get("type") or "text")
        if tag == "input" and name and attrs.get("type") != "file":
            checkable = attrs.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in attrs or name not in self._fields:
                self._fields.setdefault(name, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._fields.setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
            self._fields.setdefault(name, "")
        elif tag == "option" and self._select and not self._fields[self._select]:
            self._fields[self._select] = attrs.get("value") or ""
        elif tag == "button" and name:
            self._fields.setdefault(name, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def post_forms(html: str, page_url: str, name: str, types: dict | None = None):
    """Up to three distinct POST forms of the page as (url, fields); ``types`` collects
    the input type of every field."""
    parser = _Forms()
    parser.feed(html)
    if types is not None:
        types.update(parser.types)
    found, seen = [], set()
    for action, fields in parser.forms:
        target = urlsplit(urljoin(page_url, action))
        if target.netloc not in ("", "testserver"):
            continue
        url = target.path + (f"?{target.query}" if target.query else "")
        if target.path in HEADER_FORMS and name != "core:dashboard":
            continue
        key = (target.path, frozenset(fields))
        if key not in seen:
            seen.add(key)
            found.append((url, fields))
    return found[:MAX_FORMS_PER_PAGE]


def account(rule) -> str | None:
    """The account to fill the form as: anonymous on public pages, else an allowed one."""
    if rule.anonymous == rule.ok:
        return None
    return next((name for name in ACCOUNTS if name in rule.allowed), None)


def fields_strategy(fields: dict[str, str]):
    """Each field: the value the page offered, a nasty one, or left out (None)."""
    return st.fixed_dictionaries(
        {name: st.one_of(strategies.value(known), st.none()) for name, known in fields.items()}
    )


def _draft_timesheet():
    """A draft timesheet week of the demo participant: the hours grid is on the page."""
    from basisbaan.core import calendar
    from basisbaan.guidance.models import Timesheet
    from basisbaan.participants.models import Participant
    from tests.conftest import WORLD_TODAY

    person = Participant.objects.get(user__username="deelnemer-groningen")
    monday = calendar.monday(WORLD_TODAY) + 4 * calendar.WEEK
    Timesheet.objects.filter(participant=person, week_start=monday).delete()
    return reverse("guidance:timesheet", args=[person.pk, monday.isoformat()])


# Pages whose forms the rules do not reach (the rule's object is in another state).
EXTRA_PAGES = {"guidance:timesheet (draft)": ("begeleider-groningen", _draft_timesheet)}
PAGES = sorted(name for name in ROUTES if RULES[name].method == "get") + sorted(EXTRA_PAGES)
POSTS = sorted(name for name in ROUTES if RULES[name].method == "post" and RULES[name].data)


def _fuzz(client, user, forms):
    @given(
        choice=st.sampled_from(forms),
        data=st.data(),
    )
    def check(choice, data):
        url, fields = choice
        values = data.draw(fields_strategy(fields))
        client.logout()
        if user is not None:
            client.force_login(user)
        answer(client, "post", url, {k: v for k, v in values.items() if v is not None})

    check()


def _open(client, name):
    """Log in as an account allowed on page ``name`` and GET it: (user, url, response)."""
    from basisbaan.accounts.models import User

    if name in EXTRA_PAGES:
        username, make_url = EXTRA_PAGES[name]
        url = make_url()
    else:
        rule = RULES[name]
        username = account(rule)
        url = reverse(name, kwargs=rule.kwargs() if rule.kwargs else None) + rule.query
    user = User.objects.get(username=username) if username else None
    if user is not None:
        client.force_login(user)
    return user, url, client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_no_server_error_on_any_form_input(client, name):
    user, url, page = _open(client, name)
    assert page.status_code < 500
    forms = post_forms(page.content.decode(errors="replace"), url, name) if page.content else []
    if forms:
        _fuzz(client, user, forms)


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTS)
def test_no_server_error_on_any_post_data(client, name):
    from basisbaan.accounts.models import User

    rule = RULES[name]
    username = account(rule)
    user = User.objects.get(username=username) if username else None
    url = reverse(name, kwargs=rule.kwargs() if rule.kwargs else None)
    fields = {key: (v[0] if isinstance(v, list) else v) for key, v in rule.data().items()}
    _fuzz(client, user, [(url, fields)])


# One field at a time at the ends of its range, the others as the page offered them:
# what random drawing rarely hits (a date field at 9999-12-31 whose date plus six weeks
# overflows).
EXTREMES = {
    "date": ["0001-01-01", "9999-12-31", "9999-12-27"],
    "number": ["9" * 30, "NaN", "-1"],
    "time": ["23:59:59.999999", "24:00"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_no_server_error_on_extreme_values(client, name):
    user, url, page = _open(client, name)
    types: dict[str, str] = {}
    forms = post_forms(page.content.decode(errors="replace"), url, name, types)
    for action, fields in forms:
        for field, known in fields.items():
            for extreme in EXTREMES.get(types.get(field, ""), []):
                if user is not None:
                    client.force_login(user)
                answer(client, "post", action, {**fields, field: extreme})
                fields[field] = known
