"""Leave requests: a participant asks for days off, the programme staff answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.core.concurrency import Versioned
from basisbaan.guidance.models.base import participant_filter


class LeaveRequest(Versioned):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="leave_requests",
        verbose_name=_("participant"),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=300, blank=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-first_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="leave_last_after_first"
            ),
        ]
        indexes = [models.Index(fields=["participant", "first_day"], name="leave_part_day")]

    def __str__(self) -> str:
        return f"{self.first_day} - {self.last_day}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        """Programme staff all, a participant their own requests; coach and guidance
        staff as they see the participant."""
        if assignment.role == Role.PARTICIPANT:
            return Q(participant__user_id=assignment.user_id)
        return participant_filter(assignment)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED
