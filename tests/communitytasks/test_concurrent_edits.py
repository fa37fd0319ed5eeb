"""Lost updates on a task: two sessions edit the same task; the second save is refused
with both versions shown, and the first change survives."""

import pytest
from django.urls import reverse

from basisbaan.communitytasks.models import Task
from tests.communitytasks.test_workflow import make_task
from tests.concurrent import form_data, session

S = Task.Status


@pytest.mark.django_db
def test_a_stale_task_edit_is_a_conflict_and_keeps_the_first_change(groningen):
    task = make_task(groningen, status=S.APPROVED)
    url = reverse("communitytasks:edit", args=[task.pk])
    first_session, second_session = session("planner-groningen"), session("planner-groningen")
    first_read = form_data(first_session.get(url))
    second_read = form_data(second_session.get(url))

    first = first_session.post(url, {**first_read, "title": "Bankjes verven"})
    assert first.status_code == 302
    second = second_session.post(url, {**second_read, "priority": "3"})

    assert second.status_code == 409  # a conflict, not "saved"
    task.refresh_from_db()
    assert task.title == "Bankjes verven"  # the first change survives
    assert task.priority == 1  # the stale save changed nothing
    assert not task.events.filter(kind="edited").exclude(reason__icontains="tit").exists()
    page = second.content.decode()
    assert "Bankjes verven" in page and "Proeftaak" in page  # both versions
    conflict = {row.name: row for row in second.context["form"].conflict}
    assert conflict["title"].theirs == "Bankjes verven" and conflict["title"].yours == "Proeftaak"


@pytest.mark.django_db
def test_a_stale_suitability_judgement_is_refused_with_both_judgements(groningen):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    detail = reverse("communitytasks:detail", args=[task.pk])
    url = reverse("communitytasks:suitability", args=[task.pk])
    first, second = session("planner-groningen"), session("planner-groningen")
    first_read = form_data(first.get(detail), "suitability_form")
    second_read = form_data(second.get(detail), "suitability_form")

    first.post(url, {**first_read, "suitability": "suitable", "note": "Past goed"})
    response = second.post(url, {**second_read, "suitability": "unsuitable"}, follow=True)
    task.refresh_from_db()
    assert task.suitability == "suitable" and task.suitability_note == "Past goed"
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "Past goed" in shown and task.events.filter(kind="suitability").count() == 1
