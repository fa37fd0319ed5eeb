"""The authorization matrix: every URL pattern x every demo account (and anonymous).

Fails when a URL pattern has no rule, so a new view cannot ship without one.
Rules live in ``tests/access/rules_*.py``.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.conftest import DEMO_USERS

# URL patterns that are not application views.
NOT_APPLICATION = {"set_language"}
NOT_APPLICATION_NAMESPACES = {"admin"}


def _collect_rules():
    rules = {}
    for module_info in pkgutil.iter_modules(tests.access.__path__):
        if not module_info.name.startswith("rules_"):
            continue
        module = importlib.import_module(f"tests.access.{module_info.name}")
        for rule in module.RULES:
            assert rule.name not in rules, f"two rules for {rule.name}"
            rules[rule.name] = rule
    return rules


RULES = _collect_rules()


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in NOT_APPLICATION_NAMESPACES:
                continue
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_has_a_rule():
    names = set(_url_names()) - NOT_APPLICATION
    missing = sorted(names - set(RULES))
    assert not missing, f"URL patterns without an authorization rule: {missing}"
    stale = sorted(set(RULES) - names)
    assert not stale, f"rules for URL patterns that do not exist: {stale}"


CASES = [(name, username) for name in sorted(RULES) for username in [*DEMO_USERS, None]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "username"), CASES, ids=[f"{n}-{u or 'anonymous'}" for n, u in CASES]
)
def test_matrix(client, name, username):
    from basisbaan.accounts.models import User

    rule = RULES[name]
    if username:
        client.force_login(User.objects.get(username=username))
    url = reverse(name, kwargs=rule.kwargs() if rule.kwargs else None) + rule.query
    data = rule.data() if rule.data else {}
    response = getattr(client, rule.method)(url, data)
    expected = rule.expected(username)
    assert response.status_code == expected, (
        f"{rule.method.upper()} {url} as {username or 'anonymous'}: "
        f"{response.status_code}, expected {expected}"
    )
