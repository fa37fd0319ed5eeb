"""What participants chose to hear about changes in their week, and every message sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("E-mail")
    BOTH = "both", _("Text message and e-mail")
    NONE = "none", _("No message")


class Preference(models.Model):
    """How one participant wants to hear that their published week changed."""

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="message_preference",
        verbose_name=_("participant"),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.NONE
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("message preference")
        verbose_name_plural = _("message preferences")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.channel}"

    @property
    def channels(self) -> list[str]:
        """The concrete channels (SMS, e-mail) a message goes through."""
        if self.channel == Channel.BOTH:
            return [Channel.SMS, Channel.EMAIL]
        if self.channel in (Channel.SMS, Channel.EMAIL):
            return [self.channel]
        return []

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        from basisbaan.participants.models import Participant

        return Participant.access_filter(assignment, prefix="participant__")


class Message(models.Model):
    """One message to one participant through one channel (the log)."""

    class Kind(models.TextChoices):
        WEEK_CHANGED = "week_changed", _("Week changed")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")

    class Reason(models.TextChoices):
        NONE = "", _("None")
        RATE_LIMITED = "rate_limited", _("Daily limit reached")
        NO_ADDRESS = "no_address", _("No phone number or e-mail address")
        GATEWAY = "gateway", _("The mail or SMS service gave an error")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("participant"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.WEEK_CHANGED
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[
            (Channel.SMS.value, Channel.SMS.label),
            (Channel.EMAIL.value, Channel.EMAIL.label),
        ],
    )
    # The publication that caused it (a plan version's id): one message per publication.
    publication = models.PositiveIntegerField(_("publication"), null=True, blank=True)
    week_start = models.DateField(_("week"), null=True, blank=True)
    text = models.TextField(_("text"))
    link = models.URLField(_("link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True, default=Reason.NONE
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["participant", "created_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.channel} {self.status}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        from basisbaan.participants.models import Participant

        return Participant.access_filter(assignment, prefix="participant__")
