"""In-app notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        SICK_REPORT = "sick_report", _("sick report")
        RECOVERY = "recovery", _("recovery report")
        POORTWACHTER = "poortwachter", _("poortwachter reminder")
        SIGNAL = "signal", _("early-warning signal")
        TIMESHEET = "timesheet", _("timesheet returned for correction")
        REPLAN = "replan", _("re-plan request")
        FOLLOW_UP = "follow_up", _("follow-up after an exit")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Q(recipient_id=assignment.user_id)
