"""Retention periods as data: per municipality and record type, dated rules.

A rule is never edited: an administrator sets a new period from a date, and the rule
with the newest ``valid_from`` on or before a day applies on that day (the history is
all rows). Without a rule the record type's default from the registry applies
(:mod:`basisbaan.privacy.registry`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.core import calendar
from basisbaan.privacy import registry

#: The longest period an administrator may set (50 years): archives, not forever.
MAX_DAYS = 50 * 366


class RetentionRule(models.Model):
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="retention_rules",
        verbose_name=_("municipality"),
    )
    record_type = models.CharField(_("record type"), max_length=50, db_index=True)
    days = models.PositiveIntegerField(
        _("retention period (days)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS)],
    )
    legal_ground = models.TextField(_("legal ground"), max_length=1000)
    valid_from = models.DateField(_("valid from"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["municipality", "record_type", "-valid_from", "-set_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1) & models.Q(days__lte=MAX_DAYS),
                name="retention_rule_days_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.days}d from {self.valid_from}"


class Anonymisation(models.Model):
    """One record the retention job anonymised: it is not touched (nor audited) again.

    Names the record by type and id only, like the audit trail."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    record_type = models.CharField(_("record type"), max_length=50)
    object_type = models.CharField(_("record"), max_length=100)
    object_id = models.BigIntegerField(_("record id"))
    on = models.DateField(_("anonymised on"))

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="anonymised_once"),
        ]
        indexes = [models.Index(fields=["record_type", "municipality"], name="anonymised_type")]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id} {self.on}"


@dataclass(frozen=True)
class Period:
    """The retention period of one record type that applies on a day."""

    record_type: registry.RecordType
    days: int
    legal_ground: str
    rule: RetentionRule | None  # None: the registry's default

    @property
    def years(self) -> float:
        return round(self.days / 365.25, 1)


def applicable(
    municipality, record_type: registry.RecordType, today: datetime.date | None = None
) -> Period:
    """The period of ``record_type`` in ``municipality`` on ``today``."""
    today = today or calendar.today()
    rule = (
        RetentionRule.objects.filter(
            municipality=municipality, record_type=record_type.code, valid_from__lte=today
        )
        .order_by("-valid_from", "-set_at", "-pk")
        .first()
    )
    if rule is None:
        return Period(record_type, record_type.default_days, str(record_type.legal_ground), None)
    return Period(record_type, rule.days, rule.legal_ground, rule)


def periods(municipality, today: datetime.date | None = None) -> list[Period]:
    return [applicable(municipality, rt, today) for rt in registry.record_types()]


def history(municipality, code: str):
    return RetentionRule.objects.filter(municipality=municipality, record_type=code).select_related(
        "set_by"
    )
