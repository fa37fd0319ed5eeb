"""Sickness cases and their poortwachter steps. No diagnosis is ever asked or stored:
a sickness case holds dates and extent only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.guidance import poortwachter
from basisbaan.guidance.models.base import ParticipantScoped


class SicknessCase(ParticipantScoped):
    class Extent(models.TextChoices):
        FULL = "full", _("fully sick")
        PARTIAL = "partial", _("partly sick")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="sickness_cases",
        verbose_name=_("participant"),
    )
    first_sick_day = models.DateField(_("first sick day"))
    extent = models.CharField(_("extent"), max_length=10, choices=Extent.choices)
    partial_percentage = models.PositiveSmallIntegerField(
        _("percentage unable to work"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    expected_days = models.PositiveSmallIntegerField(
        _("expected duration (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    recovered_on = models.DateField(_("back at work on"), null=True, blank=True)
    recovery_reported_at = models.DateTimeField(_("recovery reported at"), null=True, blank=True)
    recovery_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recovery reported by"),
    )

    class Meta:
        verbose_name = _("sickness case")
        verbose_name_plural = _("sickness cases")
        ordering = ["-first_sick_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered_on__isnull=True)
                | Q(recovered_on__gt=models.F("first_sick_day")),
                name="sickness_recovery_after_start",
            ),
        ]
        indexes = [models.Index(fields=["participant", "first_sick_day"], name="sick_part_day")]

    def __str__(self) -> str:
        return f"{self.first_sick_day}"

    @property
    def is_open(self) -> bool:
        return self.recovered_on is None


class PoortwachterStep(models.Model):
    case = models.ForeignKey(
        SicknessCase, on_delete=models.CASCADE, related_name="steps", verbose_name=_("case")
    )
    code = models.CharField(_("step"), max_length=30, choices=poortwachter.STEP_CHOICES)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)

    access_municipality_path = "case__participant__municipality"

    class Meta:
        verbose_name = _("poortwachter step")
        verbose_name_plural = _("poortwachter steps")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="poortwachter_step_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.due_date})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        from basisbaan.participants.models import Participant

        if assignment.role == Role.PARTICIPANT:
            return None
        return Participant.access_filter(assignment, prefix="case__participant__")
