"""Community-task operations: every write of this app goes through here, in a transaction.

Views validate input with the forms in ``forms.py`` and then call one function here;
a function either completes entirely or changes nothing.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Avg, Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from basisbaan.audit import api as audit
from basisbaan.communitytasks import displacement, workflow
from basisbaan.communitytasks.models import (
    InboxMessage,
    MonthlyReport,
    Submission,
    Task,
    TaskEvent,
    TaskMessage,
    TaskSlot,
    hash_token,
)
from basisbaan.core import calendar
from basisbaan.core.logging import get_logger
from basisbaan.organisations.models import ContactPerson, Organisation

log = get_logger(__name__)


# --- links and mail --------------------------------------------------------------


def _absolute(base_url: str | None, path: str) -> str:
    return (base_url or settings.BASISBAAN_BASE_URL).rstrip("/") + path


def _mail(submission: Submission, template: str, context: dict) -> None:
    """Send one plain-text mail to the submitter, in the language they used."""
    with translation.override(submission.language or settings.LANGUAGE_CODE):
        context = {"submission": submission, "task": submission.task, **context}
        subject = render_to_string(f"communitytasks/mail/{template}_subject.txt", context)
        body = render_to_string(f"communitytasks/mail/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [submission.contact_email])
    log.info("communitytasks.mail", task=submission.task_id, template=template)


# --- public submission -----------------------------------------------------------


@dataclass(frozen=True)
class SlotData:
    weekday: str  # "" for a one-off event
    date: datetime.date | None
    start: datetime.time
    end: datetime.time
    people: int


@transaction.atomic
def submit(
    *,
    municipality,
    task_data: dict,
    submission_data: dict,
    slots: list[SlotData],
    language: str = "nl",
    organisation: Organisation | None = None,
    brought_in_by: Organisation | None = None,
    base_url: str | None = None,
) -> Task:
    """Store a valid public submission and mail the verification link.

    ``organisation`` is set when task-provider staff submit for their own organisation;
    ``brought_in_by`` when a referral partner brings the task in for a neighbourhood.
    """
    task = Task.objects.create(
        municipality=municipality,
        organisation=organisation,
        status=Task.Status.SUBMITTED,
        **task_data,
    )
    TaskSlot.objects.bulk_create(
        TaskSlot(
            task=task, weekday=s.weekday, date=s.date, start=s.start, end=s.end, people=s.people
        )
        for s in slots
    )
    submission = Submission(
        task=task, language=language, brought_in_by=brought_in_by, **submission_data
    )
    token = submission.issue_verify_token()
    submission.save()
    TaskEvent.objects.create(task=task, kind=TaskEvent.Kind.SUBMITTED, actor_label="submitter")
    audit.created(None, submission, fields=Submission.PERSONAL_FIELDS, purpose="public submission")
    link = _absolute(base_url, reverse("communitytasks:verify", kwargs={"token": token}))
    transaction.on_commit(lambda: _mail(submission, "verify", {"link": link}))
    return task


class InvalidLink(Exception):
    """The token matches no submission (mistyped, or already used)."""


class ReasonRequired(Exception):
    """The transition needs a reason and none was given."""


class EmailNotConfirmed(Exception):
    """The transition needs the submitter's confirmed e-mail address, and it is not yet."""


@transaction.atomic
def verify_email(token: str, base_url: str | None = None) -> tuple[Submission, str]:
    """Confirm the submitter's e-mail address; mail the acknowledgement with the status link.

    Returns the submission and the new status token (the link's secret part).
    """
    submission = (
        Submission.objects.select_for_update()
        .select_related("task")
        .filter(verify_token_hash=hash_token(token))
        .first()
    )
    if submission is None or not token:
        raise InvalidLink
    submission.email_verified_at = timezone.now()
    submission.verify_token_hash = ""  # a verification link works once
    status_token = submission.issue_status_token()
    submission.save(
        update_fields=[
            "email_verified_at",
            "verify_token_hash",
            "status_token_hash",
            "status_nonce",
        ]
    )
    TaskEvent.objects.create(
        task=submission.task, kind=TaskEvent.Kind.VERIFIED, actor_label="submitter"
    )
    link = _absolute(base_url, reverse("communitytasks:status", kwargs={"token": status_token}))
    transaction.on_commit(lambda: _mail(submission, "acknowledgement", {"link": link}))
    return submission, status_token


UNVERIFIED_RETENTION_DAYS = 14


@transaction.atomic
def purge_unverified(now=None, days: int = UNVERIFIED_RETENTION_DAYS) -> int:
    """Delete submissions whose e-mail address was never confirmed within ``days``.

    Someone may have typed another person's address: without a confirmation we keep
    neither the task nor the contact details. Returns the number of tasks deleted.
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    stale = Task.objects.filter(
        status=Task.Status.SUBMITTED,
        submission__email_verified_at__isnull=True,
        submission__submitted_at__lt=cutoff,
    )
    count = 0
    for task in stale.select_related("submission"):
        audit.deleted(
            None, task.submission, fields=Submission.PERSONAL_FIELDS, purpose="unverified"
        )
        task.delete()
        count += 1
    log.info("communitytasks.purged_unverified", count=count)
    return count


def submission_for_status_token(token: str) -> Submission:
    submission = (
        Submission.objects.select_related("task", "task__category", "task__neighbourhood")
        .filter(status_token_hash=hash_token(token))
        .first()
    )
    if submission is None or not token:
        raise InvalidLink
    return submission


# --- assessment ------------------------------------------------------------------


def resolve_organisation(task: Task, actor) -> Organisation:
    """The task's provider: an existing organisation that matches, or a new one."""
    organisation = displacement.find_organisation(task)
    if organisation is None:
        submission = task.submission
        organisation = Organisation.objects.create(
            municipality=task.municipality,
            name=submission.organisation_name.strip(),
            kind=submission.organisation_kind,
            kvk_number=submission.kvk_number,
            is_task_provider=True,
        )
        contact = ContactPerson.objects.create(
            organisation=organisation,
            name=submission.contact_name,
            role="contactpersoon",
            email=submission.contact_email,
            phone=submission.contact_phone,
        )
        audit.created(actor, contact, fields=["name", "email", "phone"], purpose="task approval")
        log.info("communitytasks.organisation_created", organisation=organisation.pk, task=task.pk)
    elif not organisation.is_task_provider:
        organisation.is_task_provider = True
        organisation.save(update_fields=["is_task_provider"])
    return organisation


@transaction.atomic
def transition(
    task: Task,
    action: str,
    *,
    actor=None,
    reason: str = "",
    consultation_note: str = "",
    by_submitter: bool = False,
    base_url: str | None = None,
) -> TaskEvent:
    """Apply one row of the transition table to ``task`` (locked), or raise.

    Raises ``workflow.TransitionNotAllowed`` when the table has no such row for the
    task's status and actor, ``ReasonRequired`` when a required reason is missing and
    ``EmailNotConfirmed`` when the submitter's e-mail address is not confirmed yet.
    """
    task = Task.objects.select_for_update().get(pk=task.pk)
    step = workflow.find(
        task.status, action, workflow.SUBMITTER if by_submitter else workflow.STAFF
    )
    reason = reason.strip()
    if step.reason_required and not reason:
        raise ReasonRequired(action)
    submission = getattr(task, "submission", None)
    if step.needs_verified_email and (submission is None or not submission.email_verified_at):
        raise EmailNotConfirmed(action)
    advice = displacement.advise(task) if action in ("approve", "reject") else None
    if action == "approve" and task.organisation_id is None:
        task.organisation = resolve_organisation(task, actor)
    source = task.status
    task.status = step.target
    task.save(update_fields=["status", "organisation", "updated_at"])
    event = TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.ANSWERED if by_submitter else TaskEvent.Kind.TRANSITION,
        from_status=source,
        to_status=step.target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor.get_username()
        if getattr(actor, "is_authenticated", False)
        else "submitter",
        reason=reason,
        consultation_note=consultation_note.strip() if step.allows_consultation_note else "",
        displacement_risk=advice.level if advice else "",
        displacement_reasons=[r.as_json() for r in advice.reasons] if advice else [],
    )
    if action == "ask":
        TaskMessage.objects.create(
            task=task, direction=TaskMessage.Direction.QUESTION, text=reason, author=actor
        )
    elif action == "answer":
        TaskMessage.objects.create(task=task, direction=TaskMessage.Direction.ANSWER, text=reason)
    if step.notify_submitter and submission is not None and submission.email_verified_at:
        token = submission.status_token()
        link = (
            _absolute(base_url, reverse("communitytasks:status", kwargs={"token": token}))
            if token
            else None
        )
        context = {"action": action, "reason": reason, "link": link, "status": step.target}
        transaction.on_commit(lambda: _mail(submission, "status_changed", context))
    log.info("communitytasks.transition", task=task.pk, action=action, to=step.target)
    return event


SUITABILITY_VALUES = {
    Task.Suitability.SUITABLE,
    Task.Suitability.WITH_SUPPORT,
    Task.Suitability.UNSUITABLE,
}


@transaction.atomic
def judge_suitability(task: Task, *, actor, value: str, note: str = "") -> TaskEvent:
    """Record the separate judgement of suitability for the target group."""
    if value not in SUITABILITY_VALUES:
        raise ValueError("unknown suitability")
    task = Task.objects.select_for_update().get(pk=task.pk)
    task.suitability = value
    task.suitability_note = note.strip()
    task.suitability_by = actor
    task.suitability_at = timezone.now()
    task.save(
        update_fields=[
            "suitability",
            "suitability_note",
            "suitability_by",
            "suitability_at",
            "updated_at",
        ]
    )
    return TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.SUITABILITY,
        actor=actor,
        actor_label=actor.get_username(),
        reason=f"{task.get_suitability_display()}: {task.suitability_note}".rstrip(": "),
    )


@transaction.atomic
def update_task(form, *, actor) -> Task:
    """Save staff changes to a task's details and record which fields changed.

    Writes only the form's fields (and the version moved by ``concurrency.editing``)."""
    task = form.save(commit=False)
    task.save(update_fields=[*form._meta.fields, "version", "updated_at"])
    changed = [name for name in form.changed_data if name in form._meta.fields]
    if changed:
        TaskEvent.objects.create(
            task=task,
            kind=TaskEvent.Kind.EDITED,
            actor=actor,
            actor_label=actor.get_username(),
            reason=", ".join(str(form.fields[name].label) for name in changed),
        )
    return task


# --- provider portal ---------------------------------------------------------------


@transaction.atomic
def report_month(
    task: Task, *, actor, month: datetime.date, work_done: str, liveability: int, comment: str = ""
) -> MonthlyReport:
    """Store (or correct) the provider's monthly confirmation and liveability rating."""
    report, _created = MonthlyReport.objects.update_or_create(
        task=task,
        month=calendar.month_start(month),
        defaults={
            "work_done": work_done,
            "liveability": liveability,
            "comment": comment.strip(),
            "reported_by": actor,
            "reported_at": timezone.now(),
        },
    )
    return report


# --- catalogue figures -------------------------------------------------------------


def weekly_place_hours(tasks) -> dict[int, float]:
    """Place-hours per week (hours x people of recurring slots) per task id."""
    totals: dict[int, float] = {}
    for slot in TaskSlot.objects.filter(task__in=tasks).exclude(weekday=""):
        totals[slot.task_id] = totals.get(slot.task_id, 0.0) + slot.place_hours
    return totals


RATING_MONTHS = 3


def neighbourhood_overview(municipality, on: datetime.date) -> list[dict]:
    """Per wijk or dorp: running approved tasks, the task-hours a week they offer, and the
    task providers' average liveability rating over the last ``RATING_MONTHS`` months."""
    tasks = (
        Task.objects.filter(municipality=municipality, is_one_off=False).approved().running_on(on)
    )
    hours = weekly_place_hours(tasks)
    rows: dict[int, dict] = {
        n.pk: {"neighbourhood": n, "tasks": 0, "hours": 0.0, "rating": None, "ratings": 0}
        for n in municipality.neighbourhoods.all()
    }
    for task_id, neighbourhood_id in tasks.values_list("pk", "neighbourhood_id"):
        row = rows[neighbourhood_id]
        row["tasks"] += 1
        row["hours"] += hours.get(task_id, 0.0)
    since = calendar.month_start(on)
    for _ in range(RATING_MONTHS):
        since = calendar.previous_month(since)
    ratings = (
        MonthlyReport.objects.filter(task__municipality=municipality, month__gte=since)
        .values("task__neighbourhood_id")
        .annotate(average=Avg("liveability"), count=Count("pk"))
    )
    for entry in ratings:
        row = rows[entry["task__neighbourhood_id"]]
        row["rating"], row["ratings"] = entry["average"], entry["count"]
    return sorted(rows.values(), key=lambda r: (-r["hours"], r["neighbourhood"].name))


# --- inbox -------------------------------------------------------------------------


@transaction.atomic
def receive_inbox_message(*, municipality, kind: str, data: dict) -> InboxMessage:
    message = InboxMessage.objects.create(municipality=municipality, kind=kind, **data)
    audit.created(None, message, fields=InboxMessage.PERSONAL_FIELDS, purpose="public form")
    return message


@transaction.atomic
def mark_handled(message: InboxMessage, actor) -> None:
    message.handled_at = timezone.now()
    message.handled_by = actor
    message.save(update_fields=["handled_at", "handled_by"])
