"""What became of people after they left the programme: follow-ups 6 and 12 months after
the exit, with the outcome recorded."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.participants.models.participant import Participant

#: Months after the exit at which the programme follows up.
FOLLOW_UP_MONTHS = (6, 12)


class FollowUp(models.Model):
    class Outcome(models.TextChoices):
        WORK = "work", _("has work")
        OUT_OF_BIJSTAND = "out_of_bijstand", _("still out of bijstand, no work")
        BACK_ON_BIJSTAND = "back_on_bijstand", _("back on bijstand")
        UNKNOWN = "unknown", _("unknown (no contact)")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("participant"),
    )
    months = models.PositiveSmallIntegerField(_("months after the exit"))
    due_date = models.DateField(_("due date"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "months"], name="follow_up_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} +{self.months}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")

    @property
    def is_open(self) -> bool:
        return not self.outcome
