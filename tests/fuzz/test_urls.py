"""Every URL pattern x hypothesis-drawn path parameters and query strings, as the demo
accounts the page is for: the answer is never a server error.

The patterns come from Django's URL resolver (so a new view is fuzzed without a change
here); the accounts and the objects that exist come from the authorization matrix rules
(``tests/access``), which every pattern must have.
"""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import strategies
from tests.test_access_matrix import RULES

# The accounts that reach most pages, in order of preference (the rules' objects are
# Groningen's).
ACCOUNTS = [
    "planner-groningen",
    "begeleider-groningen",
    "coach-groningen",
    "deelnemer-groningen",
    "financien-groningen",
    "aanbieder-groningen",
    "onderzoeker-groningen",
    "admin",
]
ROUTES = dict(strategies.routes())


def accounts_for(rule, count=2) -> list[str | None]:
    """A few accounts allowed on the page; anonymous for public pages."""
    allowed = [name for name in ACCOUNTS if name in rule.allowed][:count]
    return allowed or [None]


def test_every_route_is_fuzzed():
    assert set(ROUTES) <= set(RULES), sorted(set(ROUTES) - set(RULES))
    assert len(ROUTES) > 80


def answer(client, method: str, url: str, data: dict):
    """The response; an exception in the view (the test client re-raises it) fails with
    the request that caused it."""
    try:
        response = getattr(client, method)(url, data)
    except Exception as exc:
        pytest.fail(f"{method.upper()} {url} {data!r} raised {type(exc).__name__}: {exc}")
    assert response.status_code < 500, f"{method.upper()} {url} {data!r}"
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_no_server_error_on_any_path_or_query(client, name):
    from basisbaan.accounts.models import User

    rule = RULES[name]
    known = rule.kwargs() if rule.kwargs else {}
    users = {
        username: User.objects.get(username=username) for username in accounts_for(rule) if username
    }
    method = "post" if rule.method == "post" else "get"
    form = rule.data() if rule.data else {}

    @given(
        url=strategies.path(ROUTES[name], known),
        params=strategies.query(),
        username=st.sampled_from(accounts_for(rule)),
    )
    def check(url, params, username):
        client.logout()
        if username:
            client.force_login(users[username])
        if method == "post":
            # The query string goes on the URL; the rule's form as it is.
            query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
            answer(client, "post", f"{url}?{query}" if query else url, form)
        else:
            answer(client, "get", url, params)

    check()
