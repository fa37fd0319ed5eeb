"""The municipality's employment contracts with a participant."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.participants.models.participant import Participant


class EmploymentContract(models.Model):
    class Kind(models.TextChoices):
        TEMPORARY = "temporary", _("temporary")
        PERMANENT = "permanent", _("permanent")

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="contracts",
        verbose_name=_("participant"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEMPORARY)
    hourly_wage_eur = models.DecimalField(
        _("gross hourly wage (EUR)"),
        max_digits=6,
        decimal_places=2,
        help_text=_("From the dated minimum-wage table on the start date."),
    )
    holiday_allowance_pct = models.DecimalField(
        _("holiday allowance (%)"), max_digits=4, decimal_places=2, default=Decimal("8.00")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("employment contract")
        verbose_name_plural = _("employment contracts")
        ordering = ["participant", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date} ({self.hours_per_week} h)"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")

    @property
    def monthly_gross_eur(self) -> Decimal:
        """Gross per month including holiday allowance: hours x 52/12 x wage x (1 + pct)."""
        monthly = Decimal(self.hours_per_week) * Decimal(52) / Decimal(12) * self.hourly_wage_eur
        with_allowance = monthly * (Decimal(1) + self.holiday_allowance_pct / Decimal(100))
        return with_allowance.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def is_active_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)
