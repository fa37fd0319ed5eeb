"""Finding 8 of issue 19: a task provider's daily use of the portal (phone layout, next
week's people, a prefilled new task, finished months only)."""

import datetime
import re

import pytest
from django.urls import reverse

from basisbaan.communitytasks import registry
from basisbaan.communitytasks.models import MonthlyReport, Task
from basisbaan.core import calendar
from basisbaan.organisations.models import ContactPerson, Organisation
from tests.conftest import WORLD_TODAY

S = Task.Status


def provider_org():
    return Organisation.objects.get(role_assignments__user__username="aanbieder-groningen")


def running_task():
    return (
        Task.objects.filter(organisation=provider_org(), status=S.APPROVED, is_one_off=False)
        .order_by("pk")
        .first()
    )


@pytest.mark.django_db
def test_the_month_menu_offers_only_finished_months(login):
    task = running_task()
    client = login("aanbieder-groningen")
    url = reverse("communitytasks:portal_task", args=[task.pk])
    response = client.get(url)
    running = calendar.month_start(WORLD_TODAY)
    last = calendar.previous_month(WORLD_TODAY)
    months = response.context["months"]
    assert running not in months
    assert months[0] == last and all(m < running for m in months)
    body = response.content.decode()
    assert f'value="{running.isoformat()}"' not in body
    assert re.search(rf'<option value="{last.isoformat()}" selected>', body)
    # Posting the running month by hand is refused too.
    before = MonthlyReport.objects.count()
    bad = {"month": running.isoformat(), "work_done": "yes", "liveability": "4"}
    assert client.post(url, bad).status_code == 400
    assert MonthlyReport.objects.count() == before


@pytest.mark.django_db
def test_next_weeks_people_show_once_next_week_is_published(login, monkeypatch):
    task = running_task()
    slot = task.slots.first()
    this_monday = calendar.monday(WORLD_TODAY)
    next_monday = this_monday + datetime.timedelta(days=7)
    published = {this_monday: ["Dirk"], next_monday: []}

    def filled_places(task_ids, week_start):
        names = published.get(week_start, [])
        if not names:
            return {pk: [] for pk in task_ids}
        place = {
            "slot_id": slot.pk,
            "day": slot.weekday,
            "start": slot.start,
            "end": slot.end,
            "first_names": names,
        }
        return {task.pk: [place]}

    monkeypatch.setattr(registry, "_filled_places", [filled_places])
    client = login("aanbieder-groningen")
    url = reverse("communitytasks:portal_task", args=[task.pk])
    body = client.get(url).content.decode()
    assert "Dirk" in body
    assert "Volgende week:" not in body  # next week not published: no names to show
    assert "Voor volgende week is nog niemand ingepland." in body

    published[next_monday] = ["Fleur", "Gijs"]
    body = client.get(url).content.decode()
    assert "Dirk" in body
    assert "Volgende week: Fleur, Gijs" in body
    assert "Voor volgende week is nog niemand ingepland." not in body


@pytest.mark.django_db
def test_a_new_task_is_prefilled_with_the_providers_organisation_and_contact(login):
    org = provider_org()
    ContactPerson.objects.create(
        organisation=org,
        name="Anouk Aanbieder",
        email="aanbieder-groningen@example.org",
        phone="050 123 4567",
    )
    client = login("aanbieder-groningen")
    portal = client.get(reverse("communitytasks:portal")).content.decode()
    submit = reverse("communitytasks:submit", kwargs={"slug": "groningen"})
    assert f'href="{submit}"' in portal  # reachable from the portal
    response = client.get(submit)
    initial = response.context["form"].initial
    assert f"We hebben de gegevens van {org.name} en uw contactgegevens al ingevuld." in (
        response.content.decode()
    )
    assert initial["organisation_name"] == org.name
    assert initial["organisation_kind"] == org.kind
    assert initial["contact_email"] == "aanbieder-groningen@example.org"
    assert initial["contact_phone"] == "050 123 4567"


@pytest.mark.django_db
def test_a_new_task_takes_the_phone_from_the_providers_last_submission(login):
    org = provider_org()
    task = Task.objects.filter(organisation=org).order_by("-pk").first()
    submission = task.submission
    submission.contact_email = "aanbieder-groningen@example.org"
    submission.contact_phone = "06 1234 5678"
    submission.save()
    client = login("aanbieder-groningen")
    submit = reverse("communitytasks:submit", kwargs={"slug": "groningen"})
    initial = client.get(submit).context["form"].initial
    assert initial["contact_phone"] == "06 1234 5678"
    # A member of the public gets an empty form.
    from django.test import Client

    assert "organisation_name" not in Client().get(submit).context["form"].initial


@pytest.mark.django_db
def test_the_portal_table_stacks_on_phones_with_status_badges(login):
    client = login("aanbieder-groningen")
    body = client.get(reverse("communitytasks:portal")).content.decode()
    assert 'class="utrecht-table bb-stack"' in body
    assert re.search(
        r'<td class="utrecht-table__cell" data-label="Status">\s*<span class="bb-status', body
    )
    assert "goedgekeurd</span>" in body
