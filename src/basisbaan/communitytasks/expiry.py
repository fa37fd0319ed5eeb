"""What the retention job does with the community tasks' records (privacy.retention).

Registered in ``CommunitytasksConfig.ready()``:

- ``unconfirmed_submissions``: a submission whose e-mail address was never confirmed
  is deleted with its task after 14 days (someone may have typed another person's
  address); the same rule as ``services.purge_unverified``, now per municipality and
  with its period as data.
- ``submitter_contacts``: the contact person, e-mail and phone of a submission (and
  the submitter's answers in the more-information conversation) are emptied when the
  period has passed since the task was rejected or ended; the task itself stays.
  Contact details from the public inbox forms (information day, co-financing) are
  emptied the same period after they came in.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.communitytasks.models import InboxMessage, Submission, Task, TaskMessage
from basisbaan.communitytasks.services import UNVERIFIED_RETENTION_DAYS
from basisbaan.privacy import registry, retention

UNCONFIRMED = "unconfirmed_submissions"
SUBMITTER_CONTACTS = "submitter_contacts"


def expire_unconfirmed(municipality, cutoff, *, dry_run: bool, batch_size: int):
    expired = registry.Expired()
    stale = Task.objects.filter(
        municipality=municipality,
        status=Task.Status.SUBMITTED,
        submission__email_verified_at__isnull=True,
        submission__submitted_at__lt=retention.day_start(cutoff),
    )
    if dry_run:
        expired.deleted = stale.count()
        return expired
    for ids in retention.batches(stale, batch_size):
        with transaction.atomic():
            for task in Task.objects.filter(pk__in=ids).select_related("submission"):
                retention.audit_expired(
                    task.submission, UNCONFIRMED, retention.DELETE, Submission.PERSONAL_FIELDS
                )
                task.delete()
                expired.deleted += 1
    return expired


def closed_submissions(municipality, cutoff):
    """Submissions of tasks rejected or ended before ``cutoff``."""
    start = retention.day_start(cutoff)
    closed = Q(task__status=Task.Status.REJECTED, task__updated_at__lt=start) | Q(
        task__status=Task.Status.ENDED
    ) & (Q(task__end_date__lt=cutoff) | Q(task__end_date__isnull=True, task__updated_at__lt=start))
    return Submission.objects.filter(closed, task__municipality=municipality)


def _anonymise_submission(submission: Submission, municipality) -> None:
    Submission.objects.filter(pk=submission.pk).update(
        contact_name="", contact_email="", contact_phone=""
    )
    TaskMessage.objects.filter(
        task_id=submission.task_id, direction=TaskMessage.Direction.ANSWER
    ).update(text="")
    retention.anonymised(
        submission, municipality, SUBMITTER_CONTACTS, [*Submission.PERSONAL_FIELDS, "answers"]
    )


def _anonymise_inbox(message: InboxMessage, municipality) -> None:
    InboxMessage.objects.filter(pk=message.pk).update(name="", email="", phone="", message="")
    retention.anonymised(
        message, municipality, SUBMITTER_CONTACTS, [*InboxMessage.PERSONAL_FIELDS, "message"]
    )


def expire_submitter_contacts(municipality, cutoff, *, dry_run: bool, batch_size: int):
    expired = registry.Expired()
    submissions = retention.not_anonymised(closed_submissions(municipality, cutoff))
    inbox = retention.not_anonymised(
        InboxMessage.objects.filter(
            municipality=municipality, received_at__lt=retention.day_start(cutoff)
        )
    )
    if dry_run:
        expired.anonymised = submissions.count() + inbox.count()
        return expired
    for ids in retention.batches(submissions, batch_size):
        with transaction.atomic():
            for submission in Submission.objects.filter(pk__in=ids):
                _anonymise_submission(submission, municipality)
                expired.anonymised += 1
    for ids in retention.batches(inbox, batch_size):
        with transaction.atomic():
            for message in InboxMessage.objects.filter(pk__in=ids):
                _anonymise_inbox(message, municipality)
                expired.anonymised += 1
    return expired


def register() -> None:
    """The record types of this app (called from ``CommunitytasksConfig.ready()``)."""
    registry.register_record_type(
        registry.RecordType(
            code=UNCONFIRMED,
            label=_("Unconfirmed task submissions"),
            holds=_("Tasks brought in whose e-mail address was never confirmed."),
            categories=(_("contact details"),),
            purpose=_("Confirming that the submitter owns the e-mail address."),
            legal_ground=_(
                "AVG art. 6(1)(e) and art. 5(1)(c): without a confirmation the address may "
                "be someone else's; kept only for the confirmation period."
            ),
            default_days=UNVERIFIED_RETENTION_DAYS,
            moment=_("the submission"),
            action=retention.DELETE,
            expire=expire_unconfirmed,
            recipients=_("nobody"),
        )
    )
    registry.register_record_type(
        registry.RecordType(
            code=SUBMITTER_CONTACTS,
            label=_("Task submitters' contact details"),
            holds=_(
                "Contact person, e-mail and phone of whoever brought in a task, their "
                "answers to questions, and the contact details of the public inbox forms."
            ),
            categories=(_("contact details"),),
            purpose=_("Assessing tasks and keeping the submitter informed."),
            legal_ground=_(
                "AVG art. 6(1)(e): the municipality's task to run the programme; not "
                "needed once the task was rejected or ended and the period passed."
            ),
            default_days=365,
            moment=_("the rejection or end of the task; the receipt of an inbox message"),
            action=retention.ANONYMISE,
            expire=expire_submitter_contacts,
            recipients=_("programme staff, the task provider"),
        )
    )
