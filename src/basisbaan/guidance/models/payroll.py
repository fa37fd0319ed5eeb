"""The locked monthly payroll exports and their lines."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayrollExport(models.Model):
    """The hours of one month, exported once: its lines never change afterwards."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="payroll_exports",
        verbose_name=_("municipality"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exported by"),
    )
    # The first download of its file (CSV, XLSX or the API): until then the export can
    # be withdrawn (the month unlocked); after it, never.
    first_downloaded_at = models.DateTimeField(_("first downloaded at"), null=True, blank=True)
    first_downloaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first downloaded by"),
    )

    class Meta:
        verbose_name = _("payroll export")
        verbose_name_plural = _("payroll exports")
        ordering = ["municipality", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "month"], name="payroll_export_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="payroll_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def downloaded(self) -> bool:
        return self.first_downloaded_at is not None


class PayrollLine(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("regular")
        CORRECTION = "correction", _("correction")

    export = models.ForeignKey(
        PayrollExport, on_delete=models.PROTECT, related_name="lines", verbose_name=_("export")
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        related_name="payroll_lines",
        verbose_name=_("participant"),
    )
    period = models.DateField(_("period (month)"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The participant as exported: a locked month's files never change afterwards.
    bsn = models.CharField(_("BSN (as exported)"), max_length=9)
    name = models.CharField(_("name (as exported)"), max_length=200)
    contracted = models.DecimalField(_("contracted hours"), max_digits=7, decimal_places=2)
    worked = models.DecimalField(_("worked hours"), max_digits=7, decimal_places=2)
    sick = models.DecimalField(_("sick hours"), max_digits=7, decimal_places=2)
    leave = models.DecimalField(_("leave hours"), max_digits=7, decimal_places=2)
    holiday = models.DecimalField(_("public holiday hours"), max_digits=7, decimal_places=2)
    other = models.DecimalField(_("other absence hours"), max_digits=7, decimal_places=2)
    # The employer and the gross hourly wage (minimum wage + supplement) in the period.
    employer = models.CharField(_("employer (as exported)"), max_length=150, blank=True)
    hourly_wage = models.DecimalField(
        _("gross hourly wage"), max_digits=6, decimal_places=2, null=True, blank=True
    )

    access_municipality_path = "export__municipality"

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        ordering = ["export", "kind", "period", "participant"]
        indexes = [models.Index(fields=["participant", "period"], name="payroll_part_period")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(bsn="") & ~Q(name=""), name="payroll_line_identity_stored"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.kind}"
