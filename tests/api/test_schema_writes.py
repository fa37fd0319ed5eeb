"""Schemathesis over the partner write API as served (``/api/schema/``): every write
operation with a guidance organisation's token (all scopes), hypothesis-generated path
parameters, headers and bodies, also for the organisation's own participant and a week
that has started. No server error, and every answer conforms to the schema (status code,
content type, headers, body). Also: the served schema is valid OpenAPI and documents the
token, the Idempotency-Key and If-Match headers and the error answers."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
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

from basisbaan.core import calendar
from basisbaan.guidance.models import SicknessCase, Timesheet
from basisbaan.participants.models import Participant
from tests.conftest import WORLD_TODAY

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
]
WRITE_PATHS = (
    "/api/v1/sickness-cases/",
    "/api/v1/sickness-cases/{id}/recovery/",
    "/api/v1/timesheets/{participant}/{week}/",
)


@pytest.fixture
def served_schema(client, db, planner):
    client.force_login(planner)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    client.logout()
    return response.json()


def test_the_served_schema_documents_the_write_api(served_schema):
    validate_schema(served_schema)  # valid OpenAPI 3 (drf-spectacular's JSON schema)
    schemes = served_schema["components"]["securitySchemes"]
    assert schemes["apiToken"] == {**schemes["apiToken"], "type": "http", "scheme": "bearer"}
    paths = served_schema["paths"]
    report = paths["/api/v1/sickness-cases/"]["post"]
    week = paths["/api/v1/timesheets/{participant}/{week}/"]
    for operation in (report, paths["/api/v1/sickness-cases/{id}/recovery/"]["post"], week["put"]):
        headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
        assert "Idempotency-Key" in headers
        assert operation["security"] == [{"apiToken": []}]
        assert {"400", "401", "403", "404", "409", "422"} <= set(operation["responses"])
        assert "requestBody" in operation
    put_headers = {p["name"]: p for p in week["put"]["parameters"] if p["in"] == "header"}
    assert put_headers["If-Match"]["required"] is True
    assert {"412", "428"} <= set(week["put"]["responses"])
    assert "ETag" in week["get"]["responses"]["200"]["headers"]
    body = served_schema["components"]["schemas"]["SickReportIn"]["properties"]
    assert "diagnosis" not in body and set(body) >= {"participant", "first_sick_day"}


@pytest.mark.django_db
def test_the_write_api_conforms_to_its_schema(
    served_schema, token, own_participant, organisation, request
):
    _token, secret = token
    load_all_checks()
    schema = schemathesis.openapi.from_dict(served_schema)
    schema.app = WSGIHandler()
    operations = [
        result.ok() for result in schema.get_all_operations() if result.ok().path in WRITE_PATHS
    ]
    assert len(operations) == 4  # report sick, recovered, read and write a week
    headers = {"Authorization": f"Bearer {secret}"}
    started = (calendar.monday(WORLD_TODAY) - calendar.WEEK).isoformat()
    SicknessCase.objects.filter(participant=own_participant).delete()
    # The recovery's case is someone else's of the organisation: the sick report is free.
    colleague = (
        Participant.objects.filter(guidance_organisation=organisation)
        .exclude(pk=own_participant.pk)
        .first()
    )
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request.addfinalizer(lambda: signals.request_started.connect(close_old_connections))
    request.addfinalizer(lambda: signals.request_finished.connect(close_old_connections))
    Timesheet.objects.filter(participant=own_participant, week_start=started).delete()
    case = SicknessCase.objects.create(
        participant=colleague,
        first_sick_day=WORLD_TODAY - datetime.timedelta(days=3),
        extent="full",
    )
    # Besides generated requests: ones that reach the success answers (the first time;
    # their repetitions get the stored answer again, through their Idempotency-Key).
    real = {
        "POST /api/v1/sickness-cases/": {
            "headers": {"Idempotency-Key": "real-report"},
            "body": {"participant": own_participant.pk, "first_sick_day": str(WORLD_TODAY)},
        },
        "POST /api/v1/sickness-cases/{id}/recovery/": {
            "path_parameters": {"id": case.pk},
            "headers": {"Idempotency-Key": "real-recovery"},
            "body": {"recovered_on": str(WORLD_TODAY)},
        },
        "GET /api/v1/timesheets/{participant}/{week}/": {
            "path_parameters": {"participant": own_participant.pk, "week": started}
        },
        "PUT /api/v1/timesheets/{participant}/{week}/": {
            "path_parameters": {"participant": own_participant.pk, "week": started},
            "headers": {"If-Match": '"0"', "Idempotency-Key": "real-week"},
            "body": {"rows": [{"kind": "worked", "hours": ["4", "", "", "", "", "", ""]}]},
        },
    }
    failures = []
    for operation in operations:
        cases = [operation.as_strategy()]
        if operation.label in real:
            given_body = (
                {"media_type": "application/json"} if "body" in real[operation.label] else {}
            )
            # Once as given (whatever the hypothesis profile's number of examples), then
            # again among the generated ones (a repetition gets the stored answer).
            explicit = operation.Case(**real[operation.label], **given_body)
            try:
                explicit.call_and_validate(
                    base_url="http://localhost", headers=headers, checks=CHECKS
                )
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.label} (as given): {exc}")
            cases.append(operation.as_strategy(**real[operation.label], **given_body))
            if "path_parameters" in real[operation.label]:
                path_only = {"path_parameters": real[operation.label]["path_parameters"]}
                cases.append(operation.as_strategy(**path_only))

        @given(case=st.one_of(cases))
        @settings(
            max_examples=settings.default.max_examples + 2,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case):
            case.call_and_validate(base_url="http://localhost", headers=headers, checks=CHECKS)

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    # The success paths were reached, not only refusals.
    assert SicknessCase.objects.filter(participant=own_participant).count() == 1
    case.refresh_from_db()
    assert case.recovered_on == WORLD_TODAY
    assert Timesheet.objects.get(participant=own_participant, week_start=started).version >= 1
