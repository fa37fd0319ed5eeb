"""The public submission: every validation rule, the honeypot, the throttle, the mails,
e-mail verification and the private status link."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from basisbaan.audit.models import AuditEntry
from basisbaan.communitytasks.models import Submission, Task, TaskSlot
from basisbaan.core import calendar
from tests.communitytasks.conftest import valid_post

URL = reverse("communitytasks:submit", kwargs={"slug": "groningen"})


def counts():
    return (Task.objects.count(), Submission.objects.count(), TaskSlot.objects.count())


def _link(message, name: str) -> str:
    match = re.search(r"http://testserver(/\S+/)", message.body)
    assert match, message.body
    path = match.group(1)
    assert name in path
    return path


@pytest.mark.django_db
def test_a_valid_submission_is_stored_and_mails_a_verification_link(
    client, groningen, django_capture_on_commit_callbacks
):
    before = counts()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_post(groningen))
    assert response.status_code == 302
    assert response["Location"] == reverse("communitytasks:submitted", kwargs={"slug": "groningen"})
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)
    task = Task.objects.latest("pk")
    assert task.status == Task.Status.SUBMITTED
    assert task.organisation is None  # a new organisation is created on approval
    assert task.requires == ["hospitality"] and task.demands == ["customer_contact"]
    slot = task.slots.get()
    assert (slot.weekday, slot.start, slot.end, slot.people) == (
        "tue",
        datetime.time(9),
        datetime.time(12, 30),
        2,
    )
    assert slot.hours == 3.5
    assert task.submission.email_verified_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["indiener@example.org"]
    assert "/taak-aanmelden/bevestigen/" in mail.outbox[0].body
    # Creating personal data is audited, without the content.
    entry = AuditEntry.objects.filter(object_type="communitytasks.submission").latest("pk")
    assert entry.object_id == str(task.submission.pk) and entry.action == "create"


def _errors(response, field):
    form = response.context["form"]
    return [str(e) for e in form.errors.get(field, [])]


def _slot_errors(response, field):
    return [str(e) for e in response.context["slots"].forms[0].errors.get(field, [])]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "where", "field", "message"),
    [
        (
            {"end_date": "__before_start__"},
            "form",
            "end_date",
            "The end date is before the start date",
        ),
        ({"start_date": "__yesterday__"}, "form", "start_date", "This date is in the past"),
        ({"start_date": ""}, "form", "start_date", "Fill in from which date the work starts"),
        (
            {"schedule": "one_off", "event_date": "__yesterday__"},
            "form",
            "event_date",
            "This date is in the past",
        ),
        ({"schedule": "one_off", "event_date": ""}, "form", "event_date", "Fill in the date"),
        (
            {"slots-0-end": "09:00"},
            "slot",
            "end",
            "A slot of zero hours is not possible",
        ),
        ({"slots-0-end": "08:00"}, "slot", "end", "must be later than the start time"),
        ({"slots-0-people": "0"}, "slot", "people", "at least 1 person"),
        ({"slots-0-people": ""}, "slot", "people", "how many people"),
        ({"slots-0-weekday": ""}, "slot", "weekday", "Choose a day"),
        ({"slots-0-start": "09:15"}, "slot", "start", "Select a valid choice"),
        ({"kvk_number": "1234"}, "form", "kvk_number", ""),
        ({"contact_email": "not-an-address"}, "form", "contact_email", ""),
        ({"title": ""}, "form", "title", ""),
        ({"neighbourhood": "999999"}, "form", "neighbourhood", ""),
        ({"paid_staff": ""}, "form", "paid_staff", ""),
    ],
)
def test_invalid_input_stores_nothing_and_says_why(
    client, groningen, overrides, where, field, message
):
    start = calendar.today() + datetime.timedelta(days=14)
    yesterday = (calendar.today() - datetime.timedelta(days=1)).isoformat()
    values = {
        k: {
            "__before_start__": (start - datetime.timedelta(days=1)).isoformat(),
            "__yesterday__": yesterday,
        }.get(v, v)
        for k, v in overrides.items()
    }
    before = counts()
    response = client.post(URL, valid_post(groningen, **values))
    assert response.status_code == 400
    assert counts() == before
    assert len(mail.outbox) == 0
    with translation.override("en"):
        errors = _errors(response, field) if where == "form" else _slot_errors(response, field)
    assert errors, f"no error on {field}"
    assert message in " ".join(errors)


@pytest.mark.django_db
def test_a_schedule_without_any_slot_is_refused(client, groningen):
    before = counts()
    response = client.post(
        URL,
        valid_post(
            groningen,
            **{"slots-0-weekday": "", "slots-0-start": "", "slots-0-end": "", "slots-0-people": ""},
        ),
    )
    assert response.status_code == 400
    with translation.override("en"):
        errors = " ".join(response.context["slots"].non_form_errors())
    assert "at least one time slot" in errors
    assert counts() == before


@pytest.mark.django_db
def test_an_event_has_one_slot_on_its_date(client, groningen):
    event = calendar.today() + datetime.timedelta(days=10)
    response = client.post(
        URL,
        valid_post(
            groningen,
            schedule="one_off",
            event_date=event.isoformat(),
            start_date="",
            **{"slots-0-weekday": ""},
        ),
    )
    assert response.status_code == 302
    task = Task.objects.latest("pk")
    assert task.is_one_off and task.event_date == event
    assert task.start_date == task.end_date == event
    slot = task.slots.get()
    assert slot.date == event and slot.weekday == ""


@pytest.mark.django_db
def test_two_rows_for_an_event_are_refused(client, groningen):
    event = calendar.today() + datetime.timedelta(days=10)
    before = counts()
    response = client.post(
        URL,
        valid_post(
            groningen,
            schedule="one_off",
            event_date=event.isoformat(),
            **{
                "slots-1-weekday": "wed",
                "slots-1-start": "10:00",
                "slots-1-end": "12:00",
                "slots-1-people": "1",
            },
        ),
    )
    assert response.status_code == 400
    assert counts() == before


@pytest.mark.django_db
def test_the_honeypot_pretends_success_and_stores_nothing(client, groningen):
    before = counts()
    response = client.post(URL, valid_post(groningen, website="http://spam.example"))
    assert response.status_code == 302
    assert counts() == before
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_three_submissions_per_email_address_a_day(client, groningen):
    for i in range(3):
        response = client.post(URL, valid_post(groningen), REMOTE_ADDR=f"10.0.0.{i}")
        assert response.status_code == 302
    before = counts()
    response = client.post(URL, valid_post(groningen), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429
    assert counts() == before
    # Another address is not blocked.
    response = client.post(
        URL, valid_post(groningen, contact_email="ander@example.org"), REMOTE_ADDR="10.0.0.99"
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_five_messages_per_network_address_an_hour(client, groningen):
    for i in range(5):
        response = client.post(
            URL, valid_post(groningen, contact_email=f"p{i}@example.org"), REMOTE_ADDR="10.1.1.1"
        )
        assert response.status_code == 302
    before = counts()
    response = client.post(
        URL, valid_post(groningen, contact_email="p9@example.org"), REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Probeer het later opnieuw" in body
    assert 'value="p9@example.org"' in body  # what was typed is kept
    assert counts() == before


@pytest.mark.django_db
def test_invalid_attempts_do_not_count_towards_the_limit(client, groningen):
    for _ in range(8):
        client.post(URL, valid_post(groningen, title=""), REMOTE_ADDR="10.2.2.2")
    response = client.post(URL, valid_post(groningen), REMOTE_ADDR="10.2.2.2")
    assert response.status_code == 302


@pytest.mark.django_db
def test_verification_then_acknowledgement_with_a_private_status_link(
    client, groningen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_post(groningen))
    verify_path = _link(mail.outbox[0], "/taak-aanmelden/bevestigen/")
    # Opening the link (or a mail scanner fetching it) changes nothing.
    assert client.get(verify_path).status_code == 200
    task = Task.objects.latest("pk")
    assert task.submission.email_verified_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(verify_path)
    assert response.status_code == 302
    task.submission.refresh_from_db()
    assert task.submission.email_verified_at is not None
    assert len(mail.outbox) == 2
    status_path = _link(mail.outbox[1], "/taak-status/")
    assert response["Location"] == status_path
    # Only a hash of the token is stored.
    token = status_path.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 40
    assert token not in task.submission.status_token_hash
    page = client.get(status_path)
    assert page.status_code == 200
    assert task.title in page.content.decode()
    # The verification link works once.
    assert client.post(verify_path).status_code == 404


@pytest.mark.django_db
def test_a_wrong_status_token_is_not_found(client):
    assert (
        client.get(reverse("communitytasks:status", kwargs={"token": "x" * 43})).status_code == 404
    )


@pytest.mark.django_db
def test_an_unknown_municipality_has_no_form(client):
    assert (
        client.get(reverse("communitytasks:submit", kwargs={"slug": "nergens"})).status_code == 404
    )


@pytest.mark.django_db
def test_provider_staff_submit_for_their_own_organisation(login, groningen):
    client = login("aanbieder-groningen")
    initial = client.get(URL).context["form"].initial
    assert initial["organisation_name"] == "Buurthuis Centrum"
    assert initial["contact_email"] == "aanbieder-groningen@example.org"
    response = client.post(URL, valid_post(groningen, title="Nieuwe taak van de aanbieder"))
    assert response.status_code == 302
    task = Task.objects.get(title="Nieuwe taak van de aanbieder")
    assignment = task.organisation.role_assignments.get(user__username="aanbieder-groningen")
    assert assignment.role == "provider"
    # ... and it shows in their portal right away.
    assert (
        "Nieuwe taak van de aanbieder"
        in client.get(reverse("communitytasks:portal")).content.decode()
    )


@pytest.mark.django_db
def test_the_public_form_is_in_dutch_by_default(client):
    body = client.get(URL).content.decode()
    assert "Taak aanmelden in Groningen" in body
    assert "Naam van uw organisatie" in body
    assert "Doen betaalde krachten dit werk?" in body
    client.cookies["django_language"] = "en"  # what the language switch sets
    english = client.get(URL).content.decode()
    assert "Bring in a task in Groningen" in english


@pytest.mark.django_db
def test_unconfirmed_submissions_are_deleted_after_two_weeks(client, groningen):
    from django.core.management import call_command

    from basisbaan.communitytasks import services

    client.post(URL, valid_post(groningen, title="Nooit bevestigd"))
    client.post(URL, valid_post(groningen, title="Wel bevestigd", contact_email="b@example.org"))
    confirmed = Task.objects.get(title="Wel bevestigd")
    confirmed.submission.email_verified_at = timezone.now()
    confirmed.submission.save()
    assert services.purge_unverified() == 0  # too recent
    Submission.objects.filter(task__title__in=["Nooit bevestigd", "Wel bevestigd"]).update(
        submitted_at=timezone.now() - datetime.timedelta(days=15)
    )
    call_command("purge_unverified_tasks", stdout=io.StringIO())
    assert not Task.objects.filter(title="Nooit bevestigd").exists()
    assert Task.objects.filter(title="Wel bevestigd").exists()
    assert AuditEntry.objects.filter(
        object_type="communitytasks.submission", action="delete"
    ).exists()


def test_the_work_address_is_stored_and_shown_to_staff(client, groningen, login):
    """Where the worker goes ("where I work" on the participant's pages): an optional
    street and number on the public form, kept on the task and shown on its page."""
    client.post(URL, {**valid_post(groningen), "address": "  Wijkstraat 12 "})
    task = Task.objects.latest("pk")
    assert task.address == "Wijkstraat 12"
    page = login("planner-groningen").get(reverse("communitytasks:detail", args=[task.pk]))
    assert "Wijkstraat 12" in page.content.decode()
