"""The write API for partner systems (issue 22): a guidance organisation's system reports
sick and recovered and submits a week's timesheet with its API token; the same rules as
the pages; another organisation's participants answer 404; scopes, revocation, expiry and
rotation; idempotency keys; lost-update protection with If-Match."""

import datetime
import uuid

import pytest
import time_machine
from django.utils import timezone

from basisbaan.api import tokens
from basisbaan.api.models import IdempotencyRecord
from basisbaan.audit.models import AuditEntry
from basisbaan.core import calendar, concurrency
from basisbaan.guidance import poortwachter, timesheets
from basisbaan.guidance.models import (
    HourKind,
    Notification,
    PoortwachterStep,
    SicknessCase,
    Timesheet,
    TimesheetLine,
)
from tests.conftest import WORLD_TODAY

pytestmark = pytest.mark.django_db

SICK = "/api/v1/sickness-cases/"
WEEK = calendar.monday(WORLD_TODAY) - calendar.WEEK  # last week: it has started


def week_url(participant, week=WEEK) -> str:
    return f"/api/v1/timesheets/{participant.pk}/{week.isoformat()}/"


def fresh_week(participant, week=WEEK):
    Timesheet.objects.filter(participant=participant, week_start=week).delete()


ROWS = [
    {"kind": "worked", "task_label": "Buurttuin", "hours": ["6", "6,5", "6:30", "", "0", "", ""]},
    {"kind": "leave", "hours": ["", "", "", "4", "", "", ""]},
]


# --- the acceptance flow ---------------------------------------------------------------


def test_a_partner_reports_sick_as_the_page_would(api, token, own_participant, organisation):
    _token, secret = token
    first = WORLD_TODAY - datetime.timedelta(days=1)
    before = Notification.objects.count()
    response = api(secret).post(
        SICK,
        {"participant": own_participant.pk, "first_sick_day": first.isoformat()},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    case = SicknessCase.objects.get(pk=body["id"])
    assert case.participant == own_participant and case.first_sick_day == first
    assert case.extent == "full" and case.is_open
    # The same effect as the page: reported by the organisation (its API account), the
    # poortwachter steps planned, programme staff, the organisation's staff and the coach
    # notified, an audited creation, and the token's write in the audit trail.
    assert case.reported_by == tokens.service_account(organisation)
    assert PoortwachterStep.objects.filter(case=case).count() == len(
        list(poortwachter.timeline(first))
    )
    notified = set(
        Notification.objects.filter(participant=own_participant, kind="sick_report")
        .order_by()
        .values_list("recipient__username", flat=True)
    )
    assert Notification.objects.count() > before
    assert "begeleider-groningen" in notified and "planner-groningen" in notified
    if own_participant.coach_id:
        assert own_participant.coach.username in notified
    assert AuditEntry.objects.filter(
        object_type="guidance.sicknesscase", object_id=str(case.pk), action="create"
    ).exists()
    use = AuditEntry.objects.filter(object_type="api.apitoken", object_id=str(_token.pk))
    assert use.filter(purpose=f"POST {SICK} 201").count() == 1

    # Recovered: the case closes; a second recovery report is refused (409).
    back = WORLD_TODAY + datetime.timedelta(days=2)
    recovery = f"{SICK}{case.pk}/recovery/"
    response = api(secret).post(recovery, {"recovered_on": back.isoformat()}, format="json")
    assert response.status_code == 200, response.json()
    case.refresh_from_db()
    assert case.recovered_on == back
    again = api(secret).post(recovery, {"recovered_on": back.isoformat()}, format="json")
    assert again.status_code == 409
    assert "closed" in again.json()["detail"] or "afgesloten" in again.json()["detail"]


def test_a_partner_submits_a_week_timesheet(api, token, own_participant):
    _token, secret = token
    fresh_week(own_participant)
    client = api(secret)
    read = client.get(week_url(own_participant))
    assert read.status_code == 200
    assert read.json()["status"] is None and read["ETag"] == '"0"'
    response = client.put(
        week_url(own_participant), {"rows": ROWS}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "submitted" and response["ETag"] == '"1"'
    sheet = Timesheet.objects.get(participant=own_participant, week_start=WEEK)
    assert sheet.status == Timesheet.Status.SUBMITTED and sheet.version == 1
    hours = {(line.kind, line.date.weekday()): line.hours for line in sheet.lines.all()}
    assert hours == {
        (HourKind.WORKED, 0): 6,
        (HourKind.WORKED, 1): 6.5,
        (HourKind.WORKED, 2): 6.5,
        (HourKind.LEAVE, 3): 4,
    }
    assert [row["kind"] for row in body["rows"]] == ["worked", "leave"]
    # Submitted: it cannot change any more (the same rule as the page).
    again = client.put(
        week_url(own_participant), {"rows": ROWS}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert again.status_code == 409
    assert sheet.lines.count() == 4


def test_save_without_submitting_keeps_a_draft(api, token, own_participant):
    fresh_week(own_participant)
    response = api(token[1]).put(
        week_url(own_participant),
        {"rows": ROWS, "submit": False},
        format="json",
        HTTP_IF_MATCH="0",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


# --- another organisation's participants -------------------------------------------------


def test_another_organisations_participant_answers_404(api, token, other_participant):
    _token, secret = token
    client = api(secret)
    cases = SicknessCase.objects.count()
    response = client.post(
        SICK,
        {"participant": other_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 404
    assert SicknessCase.objects.count() == cases
    assert client.get(week_url(other_participant)).status_code == 404
    fresh_week(other_participant)
    put = client.put(week_url(other_participant), {"rows": ROWS}, format="json", HTTP_IF_MATCH="0")
    assert put.status_code == 404
    assert not Timesheet.objects.filter(participant=other_participant, week_start=WEEK).exists()
    # Their sickness case too.
    theirs = SicknessCase.objects.create(
        participant=other_participant, first_sick_day=WORLD_TODAY, extent="full"
    )
    recovery = client.post(
        f"{SICK}{theirs.pk}/recovery/",
        {"recovered_on": WORLD_TODAY.isoformat()},
        format="json",
    )
    assert recovery.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open


def test_another_municipalitys_participant_answers_404(api, token):
    from basisbaan.participants.models import Participant

    assen = Participant.objects.filter(municipality__name="Assen").first()
    response = api(token[1]).get(week_url(assen))
    assert response.status_code == 404


# --- scopes and token states ---------------------------------------------------------------


def test_a_missing_scope_answers_403_naming_it(api, make_token, own_participant):
    _token, secret = make_token(scopes=["timesheets:write"])
    response = api(secret).post(
        SICK,
        {"participant": own_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()},
        format="json",
    )
    assert response.status_code == 403
    assert "sickness:write" in response.json()["detail"]
    assert not SicknessCase.objects.filter(participant=own_participant, recovered_on=None).exists()
    # The read API too: participants only with participants:read.
    assert api(secret).get("/api/v1/participants/").status_code == 403


def test_participants_read_scope_lists_only_the_organisations_people(api, make_token, organisation):
    _token, secret = make_token(scopes=["participants:read"])
    response = api(secret, keyword="Token").get("/api/v1/participants/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert rows and {row["guidance_organisation"] for row in rows} == {organisation.pk}


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "none", "session"])
def test_a_token_that_does_not_work_answers_401(state, api, token, own_participant, client):
    _token, secret = token
    if state == "revoked":
        tokens.revoke(_token, None)
    elif state == "expired":
        _token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
        _token.save()
    elif state == "unknown":
        secret = "bb_" + "x" * 40
    if state == "session":
        from basisbaan.accounts.models import User

        # A logged-in person's session is no token: the write API is for systems.
        client.force_login(User.objects.get(username="begeleider-groningen"))
        response = client.get(week_url(own_participant))
    else:
        response = api(None if state == "none" else secret).get(week_url(own_participant))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_rotated_token_works_during_the_overlap_only(api, token, own_participant, planner):
    old, old_secret = token
    new, new_secret = tokens.rotate(old, planner)
    assert new.scopes == old.scopes and new.organisation_id == old.organisation_id
    url = week_url(own_participant)
    assert api(old_secret).get(url).status_code == 200
    assert api(new_secret).get(url).status_code == 200
    later = timezone.now() + tokens.ROTATION_OVERLAP + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert api(old_secret).get(url).status_code == 401
        assert api(new_secret).get(url).status_code == 200
    changes = AuditEntry.objects.filter(object_type="api.apitoken")
    assert changes.filter(object_id=str(old.pk), purpose="rotated").exists()
    assert changes.filter(object_id=str(new.pk), action="create").exists()


def test_only_a_hash_of_the_secret_is_stored(token):
    _token, secret = token
    assert secret.startswith(_token.prefix) and secret not in _token.secret_hash
    assert _token.secret_hash == tokens.hash_secret(secret)


# --- idempotency -------------------------------------------------------------------------


def test_a_retry_with_the_same_key_changes_nothing(api, token, own_participant):
    _token, secret = token
    client = api(secret)
    key = str(uuid.uuid4())
    data = {"participant": own_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()}
    first = client.post(SICK, data, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201
    counts = (
        SicknessCase.objects.count(),
        PoortwachterStep.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )
    retry = client.post(SICK, data, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert retry.status_code == 201
    assert retry.json() == first.json() and retry["Idempotent-Replayed"] == "true"
    assert retry["Location"] == first["Location"]
    assert counts == (
        SicknessCase.objects.count(),
        PoortwachterStep.objects.count(),
        Notification.objects.count(),
        AuditEntry.objects.count(),
    )
    # The same key with another body: refused, nothing written.
    other = client.post(
        SICK,
        {**data, "expected_days": 5},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert SicknessCase.objects.count() == counts[0]
    # Without a key the same report is a second one: refused by the rule (already sick).
    assert client.post(SICK, data, format="json").status_code == 409
    # After 24 hours the key is forgotten: the request runs again (and meets the rule).
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        expired = client.post(SICK, data, format="json", HTTP_IDEMPOTENCY_KEY=key)
        assert expired.status_code == 409
        assert not IdempotencyRecord.objects.filter(key=key).exists()


def test_a_retried_timesheet_is_not_saved_twice(api, token, own_participant):
    fresh_week(own_participant)
    client = api(token[1])
    key = "week-" + uuid.uuid4().hex
    kwargs = {"format": "json", "HTTP_IF_MATCH": '"0"', "HTTP_IDEMPOTENCY_KEY": key}
    first = client.put(week_url(own_participant), {"rows": ROWS, "submit": False}, **kwargs)
    assert first.status_code == 200
    retry = client.put(week_url(own_participant), {"rows": ROWS, "submit": False}, **kwargs)
    assert retry.status_code == 200 and retry.json() == first.json()
    assert retry["ETag"] == first["ETag"] == '"1"'
    sheet = Timesheet.objects.get(participant=own_participant, week_start=WEEK)
    assert sheet.version == 1 and sheet.lines.count() == 4


def test_a_key_on_another_path_is_refused(api, token, own_participant):
    client = api(token[1])
    key = str(uuid.uuid4())
    data = {"participant": own_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()}
    assert client.post(SICK, data, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 201
    fresh_week(own_participant)
    response = client.put(
        week_url(own_participant),
        {"rows": ROWS},
        format="json",
        HTTP_IF_MATCH="0",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 422
    assert not Timesheet.objects.filter(participant=own_participant, week_start=WEEK).exists()


def test_a_failed_write_leaves_the_key_free(api, token, own_participant):
    client = api(token[1])
    key = str(uuid.uuid4())
    future = (WORLD_TODAY + datetime.timedelta(days=3)).isoformat()
    bad = client.post(
        SICK,
        {"participant": own_participant.pk, "first_sick_day": future},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert bad.status_code == 400 and "first_sick_day" in bad.json()["errors"]
    good = client.post(
        SICK,
        {"participant": own_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert good.status_code == 201


# --- lost updates and validation ----------------------------------------------------------


def test_a_lost_update_is_refused_with_412(api, token, own_participant, user):
    fresh_week(own_participant)
    client = api(token[1])
    read = client.get(week_url(own_participant))
    version = read["ETag"]
    # Meanwhile someone saves the week on the page (the page's own guarded save).
    from django.db import transaction

    with transaction.atomic():
        sheet = timesheets.get_or_start(own_participant, WEEK)
        concurrency.claim(sheet, 0)
        row = timesheets.Row(kind=HourKind.WORKED, task_label="Pagina")
        row.hours[0] = row.hours[0] + 3
        timesheets.save_rows(sheet, [row], user("begeleider-groningen"))
    response = client.put(
        week_url(own_participant), {"rows": ROWS}, format="json", HTTP_IF_MATCH=version
    )
    assert response.status_code == 412
    assert response["ETag"] == '"1"'
    sheet.refresh_from_db()
    assert sheet.status == "draft" and [line.task_label for line in sheet.lines.all()] == ["Pagina"]
    # Without If-Match: 428, nothing saved.
    missing = client.put(week_url(own_participant), {"rows": ROWS}, format="json")
    assert missing.status_code == 428
    assert sheet.lines.count() == 1


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([{"kind": "worked", "hours": ["25", "", "", "", "", "", ""]}], "rows.0.hours.0"),
        ([{"kind": "worked", "hours": ["1:10", "", "", "", "", "", ""]}], "rows.0.hours.0"),
        ([{"kind": "diagnosis", "hours": ["1"] * 7}], "rows.0.kind"),
        ([{"kind": "worked", "hours": ["1"] * 6}], "rows.0.hours"),
        (
            [
                {"kind": "worked", "hours": ["16", "", "", "", "", "", ""]},
                {"kind": "leave", "hours": ["10", "", "", "", "", "", ""]},
            ],
            "non_field_errors",
        ),
    ],
)
def test_bad_hours_are_refused_and_nothing_changes(api, token, own_participant, rows, field):
    fresh_week(own_participant)
    response = api(token[1]).put(
        week_url(own_participant), {"rows": rows}, format="json", HTTP_IF_MATCH="0"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Timesheet.objects.filter(participant=own_participant, week_start=WEEK).exists()
    assert not TimesheetLine.objects.filter(
        timesheet__participant=own_participant, date__gte=WEEK, date__lt=WEEK + calendar.WEEK
    ).exists()


def test_a_future_week_cannot_be_submitted(api, token, own_participant):
    week = calendar.monday(WORLD_TODAY) + calendar.WEEK
    fresh_week(own_participant, week)
    response = api(token[1]).put(
        week_url(own_participant, week), {"rows": ROWS}, format="json", HTTP_IF_MATCH="0"
    )
    assert response.status_code == 400
    assert not Timesheet.objects.filter(participant=own_participant, week_start=week).exists()


def test_a_sick_report_refuses_a_health_text_and_bad_dates(api, token, own_participant):
    client = api(token[1])
    cases = SicknessCase.objects.count()
    diagnosis = client.post(
        SICK,
        {
            "participant": own_participant.pk,
            "first_sick_day": WORLD_TODAY.isoformat(),
            "diagnosis": "griep",
        },
        format="json",
    )
    assert diagnosis.status_code == 400 and "diagnosis" in diagnosis.json()["errors"]
    old = (WORLD_TODAY - datetime.timedelta(days=90)).isoformat()
    too_old = client.post(
        SICK, {"participant": own_participant.pk, "first_sick_day": old}, format="json"
    )
    assert too_old.status_code == 400 and "first_sick_day" in too_old.json()["errors"]
    partial = client.post(
        SICK,
        {
            "participant": own_participant.pk,
            "first_sick_day": WORLD_TODAY.isoformat(),
            "extent": "partial",
        },
        format="json",
    )
    assert partial.status_code == 400 and "partial_percentage" in partial.json()["errors"]
    assert SicknessCase.objects.count() == cases


def test_a_token_only_works_for_a_guidance_organisation(make_token, organisation):
    from django.core.exceptions import ValidationError

    from basisbaan.organisations.models import Organisation

    provider = Organisation.objects.filter(is_guidance=False).first()
    with pytest.raises(ValidationError):
        make_token(org=provider)


def test_old_keys_are_removed_by_the_command(api, token, own_participant, settings):
    import io

    from django.core.management import call_command

    from basisbaan.api.tasks import purge_idempotency_keys

    data = {"participant": own_participant.pk, "first_sick_day": WORLD_TODAY.isoformat()}
    api(token[1]).post(SICK, data, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert IdempotencyRecord.objects.filter(key="k-1").count() == 1
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert IdempotencyRecord.objects.filter(key="k-1").count() == 1  # still fresh
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        call_command("purge_idempotency_keys", stdout=out)
    assert not IdempotencyRecord.objects.filter(key="k-1").exists()
    assert "1 idempotency key(s) removed" in out.getvalue()
    beat = settings.CELERY_BEAT_SCHEDULE["purge-idempotency-keys"]
    assert beat["task"] == purge_idempotency_keys.name
