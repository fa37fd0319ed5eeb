"""Eligibility rules, screenings against them, and scans."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.participants.models.participant import Participant


class EligibilityRule(models.Model):
    """One published eligibility criterion of a programme, stored as data.

    ``kind`` names the check (``participants.eligibility.CHECKS``); ``value`` is its
    parameter (e.g. the minimum age). Rules change with policy without a release.
    """

    class Kind(models.TextChoices):
        ON_BENEFIT = "on_benefit", _("on bijstand")
        MIN_AGE = "min_age", _("minimum age")
        MIN_BENEFIT_YEARS = "min_benefit_years", _("on bijstand for at least N years")
        NO_REINTEGRATION_ROUTE = "no_reintegration_route", _("no reintegration route under way")
        SCAN_ADVICE = "scan_advice", _("arbeidsmarktwaardescan advises this route")
        MIN_AVAILABLE_HOURS = "min_available_hours", _("available at least N hours a week")

    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.CASCADE,
        related_name="eligibility_rules",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("rule"), max_length=30, choices=Kind.choices)
    value = models.CharField(
        _("value"),
        max_length=40,
        blank=True,
        help_text=_("A number for minimum rules, a route for the scan rule."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    access_municipality_path = "programme__municipality"

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="eligibility_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}".strip()


class Screening(models.Model):
    """The outcome of checking a participant against the programme's rules at one moment.

    ``results`` keeps every rule with pass/fail and why, as it was then; staff may
    override the outcome with a mandatory reason (audited).
    """

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="screenings",
        verbose_name=_("participant"),
    )
    programme = models.ForeignKey(
        "tenants.Programme", on_delete=models.PROTECT, related_name="+", verbose_name=_("programme")
    )
    at = models.DateTimeField(_("screened at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    results = models.JSONField(_("results per rule"), default=list)
    eligible = models.BooleanField(_("eligible by the rules"))
    override_eligible = models.BooleanField(_("eligible after override"), null=True, blank=True)
    override_reason = models.CharField(_("reason for the override"), max_length=500, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    overridden_at = models.DateTimeField(null=True, blank=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        ordering = ["participant", "-at", "-pk"]

    def __str__(self) -> str:
        return f"screening {self.pk} ({self.at:%Y-%m-%d})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")

    @property
    def outcome(self) -> bool:
        """The decision that counts: the override when there is one."""
        return self.eligible if self.override_eligible is None else self.override_eligible


class Scan(models.Model):
    """One version of a participant's arbeidsmarktwaardescan (never edited: a new
    assessment is a new version), ending in a route advice with its reasoning."""

    class Advice(models.TextChoices):
        REGULAR_WORK = "regular_work", _("regular work")
        PRAKTIJKLEREN = "praktijkleren", _("Praktijkleren")
        BASISBAAN = "basisbaan", _("basisbaan")
        OTHER_ROUTE = "other_route", _("other route")
        NONE_YET = "none_yet", _("no route yet")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="scans", verbose_name=_("participant")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    instrument = models.CharField(_("instrument version"), max_length=40, default="AMWS 2025")
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    work_history = models.TextField(_("work history"), blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    interests = models.TextField(_("interests"), blank=True)
    personality = models.TextField(_("personality"), blank=True)
    limitations = models.JSONField(_("limitations relevant to work"), default=list, blank=True)
    zrm_scores = models.JSONField(_("ZRM scores (1-5)"), default=dict, blank=True)
    advice = models.CharField(_("route advice"), max_length=20, choices=Advice.choices)
    reasoning = models.TextField(_("reasoning"))

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("arbeidsmarktwaardescan")
        verbose_name_plural = _("arbeidsmarktwaardescans")
        ordering = ["participant", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "version"], name="scan_unique_version")
        ]

    def __str__(self) -> str:
        return f"scan v{self.version} ({self.get_advice_display()})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")
