"""Measurement rounds: the same questions asked at intake (the baseline, T0), at fixed
intervals after the employment start and at the exit, so that the programme can show
what changed for its participants. The schedule's interval is a dated parameter of the
programme (``RoundSchedule``); ``guidance.rounds`` computes which rounds are due.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from basisbaan.guidance.models.base import ParticipantScoped


class RoundSchedule(models.Model):
    """How often a programme measures, from ``valid_from`` on (the latest one applies)."""

    DEFAULT_INTERVAL_MONTHS = 6

    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.CASCADE,
        related_name="round_schedules",
        verbose_name=_("programme"),
    )
    valid_from = models.DateField(_("valid from"))
    interval_months = models.PositiveSmallIntegerField(
        _("a round every (months)"),
        default=DEFAULT_INTERVAL_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
    )

    access_municipality_path = "programme__municipality"

    class Meta:
        verbose_name = _("measurement schedule")
        verbose_name_plural = _("measurement schedules")
        ordering = ["programme", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "valid_from"], name="round_schedule_unique_from"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interval_months} m ({self.valid_from})"


class MeasurementRound(ParticipantScoped):
    """One round of the outcome measures with one participant (held or still to hold)."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("baseline (T0)")
        SCHEDULED = "scheduled", _("scheduled round")
        EXIT = "exit", _("exit round")

    class IncomeSource(models.TextChoices):
        BIJSTAND = "bijstand", _("bijstand (social assistance)")
        WAGE = "wage", _("wage")
        OTHER = "other", _("other")

    LADDER_RUNGS = [
        (1, _("1 — isolated")),
        (2, _("2 — social contacts outside the home")),
        (3, _("3 — taking part in organised activities")),
        (4, _("4 — unpaid work")),
        (5, _("5 — paid work with support")),
        (6, _("6 — paid work without support")),
    ]

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="measurement_rounds",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # 0 for the baseline and the exit round; 1, 2, ... for the scheduled rounds.
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    due_date = models.DateField(_("due date"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    net_income_eur = models.DecimalField(
        _("net income per month (EUR)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(20000)],
    )
    income_source = models.CharField(
        _("main source of income"), max_length=10, choices=IncomeSource.choices, blank=True
    )
    who5_items = models.JSONField(_("WHO-5 answers"), default=list, blank=True)
    who5_raw = models.PositiveSmallIntegerField(_("WHO-5 raw score (0-25)"), null=True, blank=True)
    who5_score = models.PositiveSmallIntegerField(_("WHO-5 score (0-100)"), null=True, blank=True)
    self_rated_health = models.PositiveSmallIntegerField(
        _("self-rated health (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    self_confidence = models.PositiveSmallIntegerField(
        _("self-confidence (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    social_contacts = models.PositiveSmallIntegerField(
        _("social contacts (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    ladder_rung = models.PositiveSmallIntegerField(
        _("participatieladder rung (1-6)"),
        null=True,
        blank=True,
        choices=LADDER_RUNGS,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    zrm_scores = models.JSONField(_("ZRM scores"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("measurement round")
        verbose_name_plural = _("measurement rounds")
        ordering = ["participant", "due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind", "number"], name="round_unique_per_participant"
            ),
        ]
        indexes = [models.Index(fields=["participant", "held_on"], name="round_part_held")]

    def __str__(self) -> str:
        if self.kind == self.Kind.SCHEDULED:
            return f"{self.get_kind_display()} {self.number} ({self.due_date})"
        return f"{self.get_kind_display()} ({self.due_date})"

    @property
    def zrm_average(self):
        """The mean of the filled-in ZRM domain scores (None without any)."""
        scores = [v for v in (self.zrm_scores or {}).values() if isinstance(v, int)]
        return sum(scores) / len(scores) if scores else None
