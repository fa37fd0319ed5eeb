"""The displacement advice on hand-made cases for each risk level."""

import pytest

from basisbaan.communitytasks import displacement, services
from basisbaan.communitytasks.models import Submission, Task
from basisbaan.organisations.models import Organisation
from tests.communitytasks.test_workflow import make_task


def codes(advice):
    return [r.code for r in advice.reasons]


@pytest.mark.django_db
def test_low_when_nothing_points_to_displacement(groningen):
    advice = displacement.advise(make_task(groningen, org_name="Heel Nieuwe Club"))
    assert advice.level == "low"
    assert codes(advice) == ["none"]
    assert advice.reasons[0].text  # spelled out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"paid_staff": Submission.PaidStaff.RECENTLY}, "paid_staff_recently"),
        ({"volunteers_structurally": True}, "volunteers"),
        ({"otherwise_not_done": False}, "done_anyway"),
    ],
)
def test_medium_cases(groningen, answers, code):
    advice = displacement.advise(make_task(groningen, org_name="Heel Nieuwe Club", **answers))
    assert advice.level == "medium"
    assert codes(advice) == [code]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"paid_staff": Submission.PaidStaff.NOW}, "paid_staff_now"),
        ({"has_budget": True}, "budget"),
        ({"participatiebaan_work": True}, "participatiebaan"),
    ],
)
def test_high_cases(groningen, answers, code):
    advice = displacement.advise(make_task(groningen, org_name="Heel Nieuwe Club", **answers))
    assert advice.level == "high"
    assert codes(advice) == [code]


@pytest.mark.django_db
def test_every_reason_is_listed_highest_first(groningen):
    task = make_task(
        groningen,
        org_name="Heel Nieuwe Club",
        paid_staff=Submission.PaidStaff.RECENTLY,
        has_budget=True,
        volunteers_structurally=True,
    )
    advice = displacement.advise(task)
    assert advice.level == "high"
    assert codes(advice) == ["budget", "paid_staff_recently", "volunteers"]
    assert all(r.text and r.text != r.code for r in advice.reasons)


@pytest.mark.django_db
def test_a_housing_corporation_is_medium(groningen):
    task = make_task(groningen, org_name="Woonbedrijf Nieuw")
    task.submission.organisation_kind = Organisation.Kind.HOUSING
    task.submission.save()
    advice = displacement.advise(task)
    assert advice.level == "medium" and codes(advice) == ["employer_kind"]


def _history_org(groningen):
    return Organisation.objects.create(
        municipality=groningen, name="Stichting Historie", kind="foundation", is_task_provider=True
    )


@pytest.mark.django_db
def test_history_many_running_tasks_is_medium(groningen):
    org = _history_org(groningen)
    for _ in range(displacement.MANY_RUNNING):
        t = make_task(groningen, status=Task.Status.APPROVED, org_name=org.name)
        t.organisation = org
        t.save()
    task = make_task(groningen, org_name="stichting historie")  # matched by name
    advice = displacement.advise(task)
    assert advice.level == "medium"
    assert codes(advice) == ["many_running"]
    assert str(displacement.MANY_RUNNING) in advice.reasons[0].text


@pytest.mark.django_db
def test_history_earlier_rejections_and_displacement(groningen, user):
    org = _history_org(groningen)
    for reason in ("Te weinig begeleiding", "Dit is verdringing van betaald werk"):
        t = make_task(groningen, status=Task.Status.UNDER_ASSESSMENT, org_name=org.name)
        t.organisation = org
        t.save()
        services.transition(t, "reject", actor=user("planner-groningen"), reason=reason)
    task = make_task(groningen, org_name=org.name)
    advice = displacement.advise(task)
    assert advice.level == "high"
    assert codes(advice) == ["earlier_displacement", "earlier_rejections"]


@pytest.mark.django_db
def test_matching_by_kvk_number(groningen):
    org = Organisation.objects.filter(municipality=groningen).exclude(kvk_number="").first()
    task = make_task(groningen, org_name="Andere Naam")
    task.submission.kvk_number = org.kvk_number
    task.submission.save()
    assert displacement.find_organisation(task) == org
