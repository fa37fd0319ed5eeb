"""Schemathesis over the API as served (``/api/schema/``, drf-spectacular), as a planner
and as guidance staff: every operation, hypothesis-generated path and query parameters,
requests through the WSGI application. No server error, and every answer (status code,
content type, headers, body) conforms to the schema.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    load_all_checks,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

# Checks of one response against the schema; the stateful checks (links between
# operations, unsupported methods) do not apply: a session only reads, and the write
# endpoints answer a session 401 (they are for API tokens: tests/api/test_schema_writes.py).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
ROLES = ["planner-groningen", "begeleider-groningen"]


@pytest.fixture
def served_schema(client, db):
    from basisbaan.accounts.models import User

    client.force_login(User.objects.get(username="planner-groningen"))
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    client.logout()
    return response.json()


def test_the_schema_says_what_the_api_answers(served_schema):
    """The three errors of the outside check stay fixed, and 403/404 are documented."""
    components = served_schema["components"]["schemas"]
    month = components["PayrollExport"]["properties"]["month"]
    assert month.get("format") != "date" and "pattern" in month
    for name in ("start", "end"):
        slot = components["TaskSlot"]["properties"][name]
        assert slot.get("format") != "time" and "pattern" in slot
    instance = served_schema["paths"]["/api/v1/plan-versions/{id}/instance/"]["get"]
    body = instance["responses"]["200"]["content"]["application/json"]["schema"]
    assert body.get("$ref") != "#/components/schemas/PlanVersionDetail"
    assert "basisbaan-planning/1" in body["description"]
    for path_item in served_schema["paths"].values():
        for operation in path_item.values():
            assert {"403", "404"} <= set(operation["responses"])


def known_ids(client, path: str) -> list[int]:
    """Ids the caller can see for a detail ``path`` (from its list), so that examples
    reach real objects too, not only 404s."""
    listing = client.get(path.split("{id}")[0])
    if listing.status_code != 200:
        return []
    return [row["id"] for row in listing.json()["results"][:2]]


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_api_conforms_to_its_schema(client, served_schema, username, request):
    from basisbaan.accounts.models import User

    load_all_checks()
    schema = schemathesis.openapi.from_dict(served_schema)
    schema.app = WSGIHandler()  # requests go through the WSGI application, in-process
    client.force_login(User.objects.get(username=username))
    session = client.cookies["sessionid"].value

    # The session cookie as the schema's declared authentication (cookieAuth), so that the
    # ignored-auth check knows it and probes without it and with invalid credentials
    # (an invalid cookie, an invalid API token: both refused).
    @schema.auth()
    class SessionCookie:
        def get(self, case, context):
            return session

        def set(self, case, data, context):
            case.cookies = {**(case.cookies or {}), "sessionid": data}

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    # Real ids first, through the test client (which reconnects Django's
    # close_old_connections after each of its requests).
    ids = {op.label: known_ids(client, op.path) for op in operations if "{id}" in op.path}
    # As Django's test client does: a request must not close the test's database
    # connection (on PostgreSQL that would end the test's transaction).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    failures = []
    answered: set[int] = set()
    for operation in operations:
        cases = [operation.as_strategy()]
        cases += [
            operation.as_strategy(path_parameters={"id": pk}) for pk in ids.get(operation.label, [])
        ]

        @given(case=st.one_of(cases))
        @settings(max_examples=settings.default.max_examples + 2)
        def check(case):
            response = case.call_and_validate(base_url="http://localhost", checks=CHECKS)
            answered.add(response.status_code)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every operation, then report all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert 200 in answered  # the session's requests were authenticated
