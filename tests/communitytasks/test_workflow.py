"""The transition table, applied through services.transition."""

import itertools

import pytest
from django.core import mail
from django.utils import timezone

from basisbaan.communitytasks import services, workflow
from basisbaan.communitytasks.models import Submission, Task, TaskEvent, TaskMessage
from basisbaan.core import calendar
from basisbaan.organisations.models import ContactPerson, Organisation

S = Task.Status
TABLE = {
    (S.SUBMITTED, "start"): S.UNDER_ASSESSMENT,
    (S.UNDER_ASSESSMENT, "approve"): S.APPROVED,
    (S.UNDER_ASSESSMENT, "reject"): S.REJECTED,
    (S.UNDER_ASSESSMENT, "ask"): S.MORE_INFO,
    (S.MORE_INFO, "reject"): S.REJECTED,  # the submitter never answered
    (S.APPROVED, "pause"): S.PAUSED,
    (S.PAUSED, "resume"): S.APPROVED,
    (S.APPROVED, "end"): S.ENDED,
    (S.PAUSED, "end"): S.ENDED,
}
SUBMITTER_TABLE = {(S.MORE_INFO, "answer"): S.UNDER_ASSESSMENT}


def make_task(groningen, status=S.SUBMITTED, verified=True, org_name="Stichting Proef", **answers):
    task = Task.objects.create(
        municipality=groningen,
        neighbourhood=groningen.neighbourhoods.first(),
        category=groningen.task_categories.first(),
        title="Proeftaak",
        description="Proef",
        status=status,
        start_date=calendar.today(),
    )
    submission = Submission(
        task=task,
        organisation_name=org_name,
        organisation_kind="foundation",
        contact_name="Proef Persoon",
        contact_email="proef@example.org",
        email_verified_at=timezone.now() if verified else None,
        **answers,
    )
    if verified:
        submission.issue_status_token()
    submission.save()
    return task


def test_the_table_is_exactly_as_documented():
    staff = {(t.source, t.action): t.target for t in workflow.TRANSITIONS if t.actor == "staff"}
    submitter = {
        (t.source, t.action): t.target for t in workflow.TRANSITIONS if t.actor == "submitter"
    }
    assert staff == TABLE
    assert submitter == SUBMITTER_TABLE


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "action"), sorted(TABLE))
def test_every_allowed_transition(groningen, user, source, action):
    task = make_task(groningen, status=source)
    event = services.transition(
        task, action, actor=user("planner-groningen"), reason="Omdat het kan"
    )
    task.refresh_from_db()
    assert task.status == TABLE[(source, action)]
    assert (event.from_status, event.to_status) == (source, task.status)
    assert event.actor == user("planner-groningen")
    assert event.at is not None


NOT_ALLOWED = [
    (source, action)
    for source, action in itertools.product(S.values, workflow.ACTIONS)
    if (source, action) not in TABLE and (source, action) not in SUBMITTER_TABLE
]


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "action"), NOT_ALLOWED)
def test_every_other_transition_is_refused_and_changes_nothing(groningen, user, source, action):
    task = make_task(groningen, status=source)
    events = TaskEvent.objects.count()
    with pytest.raises(workflow.TransitionNotAllowed):
        services.transition(task, action, actor=user("planner-groningen"), reason="x")
    task.refresh_from_db()
    assert task.status == source
    assert TaskEvent.objects.count() == events


@pytest.mark.django_db
def test_staff_cannot_answer_and_the_submitter_cannot_decide(groningen, user):
    task = make_task(groningen, status=S.MORE_INFO)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.transition(task, "answer", actor=user("planner-groningen"), reason="x")
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    with pytest.raises(workflow.TransitionNotAllowed):
        services.transition(task, "approve", reason="x", by_submitter=True)


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["approve", "reject", "ask", "pause", "end"])
def test_a_reason_is_required(groningen, user, action):
    source = S.APPROVED if action in ("pause", "end") else S.UNDER_ASSESSMENT
    task = make_task(groningen, status=source)
    with pytest.raises(services.ReasonRequired):
        services.transition(task, action, actor=user("planner-groningen"), reason="   ")
    task.refresh_from_db()
    assert task.status == source


@pytest.mark.django_db
def test_assessment_starts_only_after_email_verification(groningen, user):
    task = make_task(groningen, verified=False)
    with pytest.raises(services.EmailNotConfirmed):
        services.transition(task, "start", actor=user("planner-groningen"))
    task.refresh_from_db()
    assert task.status == S.SUBMITTED


@pytest.mark.django_db
def test_approval_records_who_when_why_and_creates_the_organisation(
    groningen, user, django_capture_on_commit_callbacks
):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT, org_name="Nieuwe Stichting Zon")
    assert not Organisation.objects.filter(name="Nieuwe Stichting Zon").exists()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.transition(
            task,
            "approve",
            actor=user("planner-groningen"),
            reason="Extra werk",
            consultation_note="FNV: geen bezwaar",
        )
    task.refresh_from_db()
    organisation = Organisation.objects.get(name="Nieuwe Stichting Zon")
    assert task.organisation == organisation and organisation.is_task_provider
    assert ContactPerson.objects.filter(
        organisation=organisation, email="proef@example.org"
    ).exists()
    assert event.reason == "Extra werk" and event.consultation_note == "FNV: geen bezwaar"
    assert event.displacement_risk == "low"
    assert event.displacement_reasons[0]["code"] == "none"
    assert len(mail.outbox) == 1 and "/taak-status/" in mail.outbox[0].body


@pytest.mark.django_db
def test_approval_reuses_an_existing_organisation_by_name(groningen, user):
    existing = Organisation.objects.filter(municipality=groningen, is_task_provider=True).first()
    task = make_task(groningen, status=S.UNDER_ASSESSMENT, org_name=existing.name.upper())
    count = Organisation.objects.count()
    services.transition(task, "approve", actor=user("planner-groningen"), reason="Goed")
    task.refresh_from_db()
    assert task.organisation == existing
    assert Organisation.objects.count() == count


@pytest.mark.django_db
def test_rejection_mails_the_reason(groningen, user, django_capture_on_commit_callbacks):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            task, "reject", actor=user("planner-groningen"), reason="Betaalde krachten doen dit."
        )
    assert len(mail.outbox) == 1
    assert "Betaalde krachten doen dit." in mail.outbox[0].body


@pytest.mark.django_db
def test_more_information_loop(groningen, user, django_capture_on_commit_callbacks):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(
            task, "ask", actor=user("planner-groningen"), reason="Hoeveel vrijwilligers?"
        )
    assert "Hoeveel vrijwilligers?" in mail.outbox[0].body
    services.transition(task, "answer", reason="Twee, af en toe.", by_submitter=True)
    task.refresh_from_db()
    assert task.status == S.UNDER_ASSESSMENT
    assert list(task.messages.values_list("direction", "text")) == [
        (TaskMessage.Direction.QUESTION, "Hoeveel vrijwilligers?"),
        (TaskMessage.Direction.ANSWER, "Twee, af en toe."),
    ]
    answered = task.events.get(kind=TaskEvent.Kind.ANSWERED)
    assert answered.actor is None and answered.actor_label == "submitter"


@pytest.mark.django_db
def test_suitability_is_a_separate_judgement(groningen, user):
    task = make_task(groningen, status=S.UNDER_ASSESSMENT)
    services.judge_suitability(
        task, actor=user("planner-groningen"), value="with_support", note="Met begeleiding"
    )
    task.refresh_from_db()
    assert task.status == S.UNDER_ASSESSMENT  # the status is not touched
    assert task.suitability == "with_support"
    assert task.suitability_by == user("planner-groningen")
    with pytest.raises(ValueError):
        services.judge_suitability(task, actor=user("planner-groningen"), value="great")


@pytest.mark.django_db
def test_every_mail_repeats_the_same_private_status_link(
    groningen, user, django_capture_on_commit_callbacks
):
    task = make_task(groningen, status=S.SUBMITTED, verified=False)
    verify_token = task.submission.issue_verify_token()
    task.submission.save()
    with django_capture_on_commit_callbacks(execute=True):
        submission, status_token = services.verify_email(verify_token)
        services.transition(task, "start", actor=user("planner-groningen"))
        services.transition(task, "ask", actor=user("planner-groningen"), reason="Wanneer?")
    assert status_token not in submission.status_token_hash
    assert submission.status_token_hash and status_token
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2  # acknowledgement, question
    assert all(f"/taak-status/{status_token}/" in body for body in bodies)
    assert services.submission_for_status_token(status_token) == submission
