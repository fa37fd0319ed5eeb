"""Indicators another municipality shared (``sharing``): stored per importing
municipality, one per source municipality and period."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SharedIndicators(models.Model):
    """A validated ``basisbaan-indicators/1`` file, as another municipality made it.

    Only the importing municipality sees it (``municipality``); re-importing the same
    source municipality and period replaces it."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="shared_indicators",
        verbose_name=_("importing municipality"),
    )
    source_cbs_code = models.CharField(_("CBS code of the source municipality"), max_length=6)
    source_name = models.CharField(_("source municipality"), max_length=100)
    programme = models.CharField(_("programme"), max_length=150, blank=True)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    generated_at = models.DateTimeField(_("made at"))
    document = models.JSONField(_("document"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("shared indicators")
        verbose_name_plural = _("shared indicators")
        ordering = ["source_name", "-period_to", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_cbs_code", "period_from", "period_to"],
                name="shared_indicators_unique_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_name} {self.period_from}..{self.period_to}"
