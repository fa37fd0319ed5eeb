"""Issue 19, finding 10: the staff task catalogue has a text search (``q``) over title,
description, organisation and wijk, case-insensitive, alongside the other filters."""

import pytest
from django.urls import reverse

from basisbaan.communitytasks.models import Task

pytestmark = pytest.mark.django_db

URL = "communitytasks:catalogue"


def _shown(response) -> set[int]:
    return {row["task"].pk for row in response.context["recurring"]} | {
        row["task"].pk for row in response.context["events"]
    }


def _matches(task, term: str) -> bool:
    fields = (task.title, task.description, task.organisation, task.neighbourhood.name)
    return any(term.lower() in str(f or "").lower() for f in fields)


def _approved(groningen):
    return Task.objects.filter(municipality=groningen, status=Task.Status.APPROVED)


def test_search_on_a_word_of_the_title_ignores_case(login, groningen):
    task = _approved(groningen).filter(is_one_off=False).first()
    Task.objects.filter(pk=task.pk).update(title="Zwerfquux Rapenklus Langs Het Kanaal")
    response = login("planner-groningen").get(reverse(URL), {"q": "zwerfQUUX rapenKLUS"})
    assert response.status_code == 200
    assert _shown(response) == {task.pk}
    assert response.context["selected"]["q"] == "zwerfQUUX rapenKLUS"
    assert 'value="zwerfQUUX rapenKLUS"' in response.content.decode()


def test_search_finds_description_organisation_and_wijk(login, groningen):
    tasks = list(_approved(groningen).filter(is_one_off=False, organisation__isnull=False)[:3])
    described, organised, other = tasks
    Task.objects.filter(pk=described.pk).update(description="Met de bakfiets naar de Xyloweg.")
    client = login("planner-groningen")
    assert _shown(client.get(reverse(URL), {"q": "XYLOWEG"})) == {described.pk}

    name = organised.organisation.name
    by_organisation = _shown(client.get(reverse(URL), {"q": name.upper()}))
    assert organised.pk in by_organisation
    same = _approved(groningen).filter(organisation=organised.organisation, is_one_off=False)
    assert set(same.values_list("pk", flat=True)) <= by_organisation
    for task in Task.objects.filter(pk__in=by_organisation).select_related(
        "organisation", "neighbourhood"
    ):
        assert _matches(task, name), task.title

    wijk = other.neighbourhood
    by_wijk = _shown(client.get(reverse(URL), {"q": wijk.name.lower()}))
    assert other.pk in by_wijk
    in_wijk = set(_approved(groningen).filter(neighbourhood=wijk).values_list("pk", flat=True))
    assert in_wijk <= by_wijk


def test_search_keeps_the_other_filters(login, groningen):
    task = _approved(groningen).filter(is_one_off=False).first()
    Task.objects.filter(pk=task.pk).update(title="Qwertyklus in de tuin")
    paused = _approved(groningen).filter(is_one_off=False).exclude(pk=task.pk).first()
    Task.objects.filter(pk=paused.pk).update(
        title="Qwertyklus in het park", status=Task.Status.PAUSED
    )
    client = login("planner-groningen")
    assert _shown(client.get(reverse(URL), {"q": "qwertyklus"})) == {task.pk}
    assert _shown(client.get(reverse(URL), {"q": "qwertyklus", "status": "paused"})) == {paused.pk}
    other_wijk = groningen.neighbourhoods.exclude(pk=task.neighbourhood_id).first()
    assert (
        _shown(client.get(reverse(URL), {"q": "qwertyklus", "neighbourhood": other_wijk.pk}))
        == set()
    )
    html = client.get(reverse(URL), {"q": "qwertyklus", "status": "paused"}).content.decode()
    assert 'name="q"' in html


def test_search_stays_within_the_municipality(login, groningen):
    from basisbaan.tenants.models import Municipality

    assen = Municipality.objects.get(slug="assen")
    theirs = Task.objects.filter(municipality=assen, status=Task.Status.APPROVED).first()
    Task.objects.filter(pk=theirs.pk).update(title="Plopperdeplop in Assen")
    response = login("planner-groningen").get(reverse(URL), {"q": "plopperdeplop"})
    assert _shown(response) == set()
    assert response.context["task_count"] == 0


@pytest.mark.parametrize("q", ["", "   ", "%", "_", "a" * 500, "\x00", "' OR 1=1 --"])
def test_odd_searches_answer(login, q):
    response = login("planner-groningen").get(reverse(URL), {"q": q})
    assert response.status_code == 200
