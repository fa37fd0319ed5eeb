"""What the retention job does with the message log, and what it tells a data subject.

The log of messages (first name, the change in the participant's own work, the link)
is deleted a year after the message (``messages``); the channel preference stays as long
as the participant file.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.messaging.models import Message, Preference
from basisbaan.privacy import registry, retention
from basisbaan.privacy.subject import section

MESSAGES = "messages"


def expire_messages(municipality, cutoff, *, dry_run: bool, batch_size: int):
    expired = registry.Expired()
    old = Message.objects.filter(
        participant__municipality=municipality, created_at__lt=retention.day_start(cutoff)
    )
    if dry_run:
        expired.deleted = old.count()
        return expired
    for ids in retention.batches(old, batch_size):
        with transaction.atomic():
            for message in Message.objects.filter(pk__in=ids):
                retention.audit_expired(message, MESSAGES, retention.DELETE, ["text"])
                message.delete()
                expired.deleted += 1
    return expired


def register() -> None:
    registry.register_record_type(
        registry.RecordType(
            code=MESSAGES,
            label=gettext_lazy("Messages to participants"),
            holds=gettext_lazy(
                "Messages telling a participant that their published week changed: the "
                "first name, the dates, times and places of their own work, the link to "
                "the week card, the channel and whether it was sent."
            ),
            categories=(
                gettext_lazy("contact details (phone, e-mail)"),
                gettext_lazy("work schedule"),
            ),
            purpose=gettext_lazy("Telling participants in time that their work week changed."),
            legal_ground=gettext_lazy(
                "AVG art. 6(1)(b): performance of the employment contract (the work schedule)."
            ),
            default_days=365,
            moment=gettext_lazy("the day the message was made"),
            action=retention.DELETE,
            expire=expire_messages,
            recipients=gettext_lazy("the participant; the SMS service and mail provider"),
        )
    )


def export(participant) -> list[dict]:
    preference = Preference.objects.filter(participant=participant)
    messages = Message.objects.filter(participant=participant).order_by("created_at", "pk")
    return [
        section(_("Message preference"), preference, fields=["channel", "changed_at"]),
        section(
            _("Messages about your week"),
            messages,
            fields=["created_at", "channel", "status", "reason", "text"],
        ),
    ]
