"""Work-floor notes, the coach's plan and check-ins, early-warning rules and signals."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.core.concurrency import Versioned
from basisbaan.guidance import earlywarning
from basisbaan.guidance.models.base import ParticipantScoped, participant_filter


class WorkNote(ParticipantScoped):
    class Kind(models.TextChoices):
        NOTE = "note", _("work-floor note")
        INCIDENT = "incident", _("incident")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="work_notes",
        verbose_name=_("participant"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    date = models.DateField(_("date"))
    text = models.TextField(
        _("text"),
        max_length=2000,
        help_text=_("Work-related only: no health, income or private matters."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work note")
        verbose_name_plural = _("work notes")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


# --- coaching ---------------------------------------------------------------------------


class CoachingPlan(ParticipantScoped):
    """The coach's agreed contact rhythm with one participant."""

    DEFAULT_CADENCE_WEEKS = 4

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="coaching_plan",
        verbose_name=_("participant"),
    )
    cadence_weeks = models.PositiveSmallIntegerField(
        _("contact every (weeks)"),
        default=DEFAULT_CADENCE_WEEKS,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )

    class Meta:
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")

    def __str__(self) -> str:
        return f"{self.cadence_weeks} w"


class CheckIn(ParticipantScoped):
    """One contact between the coach and a participant: held (with the structured
    questions) or missed (the participant did not come)."""

    class Household(models.TextChoices):
        SINGLE = "single", _("single")
        COUPLE = "couple", _("couple")

    class SocialContacts(models.TextChoices):
        DAILY = "daily", _("(almost) daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")
        RARELY = "rarely", _("rarely or never")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="checkins",
        verbose_name=_("participant"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("coach"),
    )
    date = models.DateField(_("date"))
    held = models.BooleanField(_("contact took place"), default=True)

    work_fit = models.PositiveSmallIntegerField(
        _("the work suits me (1-5)"),
        null=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    work_satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the work (1-5)"),
        null=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    work_relations = models.PositiveSmallIntegerField(
        _("relations on the work floor (1-5)"),
        null=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    household = models.CharField(
        _("household"), max_length=10, choices=Household.choices, blank=True
    )
    net_income_eur = models.DecimalField(
        _("net income per month (EUR)"), max_digits=8, decimal_places=2, null=True
    )
    norm_eur = models.DecimalField(
        _("bijstand norm on the date (EUR)"), max_digits=8, decimal_places=2, null=True
    )
    has_debts = models.BooleanField(_("has debts"), null=True)
    debt_help = models.BooleanField(_("debt help involved"), null=True)
    who5_items = models.JSONField(_("WHO-5 answers"), default=list, blank=True)
    who5_raw = models.PositiveSmallIntegerField(_("WHO-5 raw score (0-25)"), null=True)
    who5_score = models.PositiveSmallIntegerField(_("WHO-5 score (0-100)"), null=True)
    self_rated_health = models.PositiveSmallIntegerField(
        _("self-rated health (1-5)"),
        null=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    social_contacts = models.CharField(
        _("social contacts"), max_length=10, choices=SocialContacts.choices, blank=True
    )
    self_confidence = models.PositiveSmallIntegerField(
        _("self-confidence (0-10)"), null=True, validators=[MaxValueValidator(10)]
    )
    notes = models.TextField(_("notes"), blank=True, max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["participant", "date"], name="checkin_part_date")]

    def __str__(self) -> str:
        return f"{self.date}"

    @property
    def who5_poor(self) -> bool:
        from basisbaan.guidance.wellbeing import who5_poor

        return self.who5_raw is not None and who5_poor(self.who5_raw)

    @property
    def income_vs_norm(self):
        if self.net_income_eur is None or self.norm_eur is None:
            return None
        return self.net_income_eur - self.norm_eur


# --- early warning ----------------------------------------------------------------------


class EarlyWarningRule(Versioned):
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="early_warning_rules",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=earlywarning.KIND_CHOICES)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("early-warning rule")
        verbose_name_plural = _("early-warning rules")
        ordering = ["municipality", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="ew_rule_unique_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Signal(ParticipantScoped):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        HANDLED = "handled", _("handled")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("participant"),
    )
    rule = models.ForeignKey(
        EarlyWarningRule,
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("rule"),
    )
    reason = models.CharField(_("reason"), max_length=300)
    raised_on = models.DateField(_("raised on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handling_note = models.CharField(_("what was done"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "rule"],
                condition=Q(status="open"),
                name="signal_one_open_per_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} ({self.raised_on})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        # Signals can carry well-being reasons: only the participant's own coach sees them.
        if assignment.role != Role.COACH:
            return None
        return participant_filter(assignment)
