"""The municipality's employment contracts with a participant."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.participants.models.participant import Participant
from basisbaan.tenants import wages


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
    employer = models.ForeignKey(
        "tenants.Employer",
        on_delete=models.PROTECT,
        null=True,
        related_name="contracts",
        verbose_name=_("employer"),
    )
    wage_supplement_eur = models.DecimalField(
        _("supplement on the minimum wage (EUR per hour)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The wage is the minimum wage on each day plus this supplement."),
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

    def wage_periods(
        self,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        tables: "wages.Tables | None" = None,
        terms=None,
    ) -> list["wages.WagePeriod"]:
        """The periods of one wage within the contract (optionally within start..end)."""
        first = max(self.start_date, start) if start else self.start_date
        last = self.end_date or end or calendar.today()
        if end:
            last = min(last, end)
        return wages.wage_periods(
            first,
            last,
            terms if terms is not None else wages.terms_of(self.employer),
            tables or wages.Tables(),
            self.wage_supplement_eur,
        )

    def wage_on(self, date: datetime.date) -> "wages.WagePeriod":
        """The wage period that applies on ``date`` (LookupError without a WML row)."""
        return self.wage_periods(date, date)[0]

    def _reference_day(self) -> datetime.date:
        today = calendar.today()
        if today < self.start_date:
            return self.start_date
        return min(today, self.end_date) if self.end_date else today

    @property
    def hourly_wage_eur(self) -> Decimal:
        """The gross hourly wage today (or on the contract's first or last day)."""
        return self.wage_on(self._reference_day()).hourly

    @property
    def monthly_gross_eur(self) -> Decimal:
        """Gross per month including holiday allowance, at today's wage."""
        return self.wage_on(self._reference_day()).monthly_gross(self.hours_per_week)

    def is_active_on(self, date: datetime.date) -> bool:
        return self.start_date <= date and (self.end_date is None or self.end_date >= date)
