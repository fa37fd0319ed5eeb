"""Findings of the outside security check on community tasks: the verification mail
carries nothing the submitter typed, the public forms' rate limits count the real client
behind a trusted reverse proxy, and researchers see no staff names in task histories."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from basisbaan.communitytasks.models import Task, TaskEvent
from basisbaan.core import calendar
from tests.communitytasks.conftest import valid_post

URL = reverse("communitytasks:submit", kwargs={"slug": "groningen"})
PROXY = "10.9.0.2"


@pytest.mark.django_db
def test_the_verification_mail_carries_no_submitted_free_text(
    client, groningen, django_capture_on_commit_callbacks
):
    typed = {
        "organisation_name": "Vereniging Xyzzy-Organisatie",
        "contact_name": "Naam Qwertyuiop",
        "title": "Titel Plughplugh bij u",
        "description": "Klik hier: http://phish.example/ Omschrijving Frobnicate",
        "additionality_note": "Toelichting Zorkmid",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_post(groningen, **typed))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + "\n" + message.body
    for value in typed.values():
        for word in value.split():
            if len(word) > 6:  # distinctive words only
                assert word not in text, word
    assert "phish.example" not in text
    assert "/taak-aanmelden/bevestigen/" in message.body


@pytest.mark.django_db
@override_settings(BASISBAAN_TRUSTED_PROXIES=[PROXY])
def test_behind_a_trusted_proxy_each_citizen_has_their_own_limit(client, groningen):
    for i in range(5):
        response = client.post(
            URL,
            valid_post(groningen, contact_email=f"p{i}@example.org"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
        assert response.status_code == 302
    blocked = client.post(
        URL,
        valid_post(groningen, contact_email="p8@example.org"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert blocked.status_code == 429
    # Another citizen behind the same proxy is not blocked.
    other = client.post(
        URL,
        valid_post(groningen, contact_email="p9@example.org"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


@pytest.mark.django_db
@override_settings(BASISBAAN_TRUSTED_PROXIES=[PROXY])
def test_a_forged_forwarded_header_does_not_escape_the_limit(client, groningen):
    # Not through the proxy: X-Forwarded-For is ignored, the peer address counts.
    for i in range(5):
        client.post(
            URL,
            valid_post(groningen, contact_email=f"f{i}@example.org"),
            REMOTE_ADDR="198.51.100.4",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    response = client.post(
        URL,
        valid_post(groningen, contact_email="f9@example.org"),
        REMOTE_ADDR="198.51.100.4",
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429
    # Through the proxy, what the client put in front of the header does not count.
    for i in range(5):
        client.post(
            URL,
            valid_post(groningen, contact_email=f"g{i}@example.org"),
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.5",
        )
    response = client.post(
        URL,
        valid_post(groningen, contact_email="g9@example.org"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.5",
    )
    assert response.status_code == 429


@pytest.fixture
def staffed_task(user, groningen):
    """A Groningen task whose history names a member of staff."""
    task = Task.objects.filter(municipality=groningen).first()
    planner = user("planner-groningen")
    planner.first_name, planner.last_name = "Zebedeus", "Plannerman"
    planner.save(update_fields=["first_name", "last_name"])
    TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.SUITABILITY, actor=planner)
    # The suitability line names its assessor too (found by an outside check).
    Task.objects.filter(pk=task.pk).update(suitability_by=planner, suitability_at=calendar.now())
    return task


@pytest.mark.django_db
def test_researchers_see_no_staff_names_in_a_task_history(login, staffed_task):
    url = reverse("communitytasks:detail", args=[staffed_task.pk])
    page = login("onderzoeker-groningen").get(url).content.decode()
    assert "Zebedeus" not in page and "Plannerman" not in page
    assert "planner-groningen" not in page
    assert "Medewerker" in page
    # Programme staff still see who did what.
    page = login("coach-groningen").get(url).content.decode()
    assert "Zebedeus Plannerman" in page
