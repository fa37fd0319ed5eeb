"""Planning: tailored work weeks, planned by the engine (``basisbaan_planner``).

A ``PlanningWeek`` is one ISO week of one municipality. It carries the planners' pins and
forbids (``PlanRule``) and a ``revision`` number: every change to the week (a run
started, a pin, a publication) needs the revision the planner saw, so two planners
cannot overwrite each other silently (optimistic locking, see ``services``).

Each planning run makes a numbered ``PlanVersion`` holding the exported problem (the
``basisbaan-planning/1`` instance), the engine's result and its ``Assignment`` rows. One
version per week can be published: participants then see it as their week card, task
providers see who comes.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.core.concurrency import Versioned


def _participant_filter(assignment, prefix: str) -> Q | None:
    from basisbaan.participants.models import Participant

    return Participant.access_filter(assignment, prefix=prefix)


class PlanningWeights(Versioned):
    """The municipality's weights for the engine's cost terms (defaults: docs/planning.md)."""

    municipality = models.OneToOneField(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="planning_weights",
        verbose_name=_("municipality"),
    )
    shortfall_hour = models.FloatField(
        _("per hour short of the contract"), default=100, validators=[MinValueValidator(0)]
    )
    uncovered_hour = models.FloatField(
        _("per open place-hour (times priority)"), default=10, validators=[MinValueValidator(0)]
    )
    wish_miss_hour = models.FloatField(
        _("per hour outside the participant's wishes"), default=4, validators=[MinValueValidator(0)]
    )
    travel_km = models.FloatField(_("per km travel"), default=1, validators=[MinValueValidator(0)])
    change_hour = models.FloatField(
        _("per hour changed from last week"), default=8, validators=[MinValueValidator(0)]
    )
    extra_task = models.FloatField(
        _("per extra task in a participant's week"), default=3, validators=[MinValueValidator(0)]
    )

    KEYS = (
        "shortfall_hour",
        "uncovered_hour",
        "wish_miss_hour",
        "travel_km",
        "change_hour",
        "extra_task",
    )

    class Meta:
        verbose_name = _("planning weights")
        verbose_name_plural = _("planning weights")

    def __str__(self) -> str:
        return f"{_('planning weights')} {self.municipality}"

    @classmethod
    def for_municipality(cls, municipality) -> "PlanningWeights":
        """The saved weights, or the defaults (unsaved) when none are set."""
        found = cls.objects.filter(municipality=municipality).first()
        return found or cls(municipality=municipality)

    def as_dict(self) -> dict[str, float]:
        return {key: float(getattr(self, key)) for key in self.KEYS}


class PlanningWeek(models.Model):
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="planning_weeks",
        verbose_name=_("municipality"),
    )
    week_start = models.DateField(_("week starts"), help_text=_("The Monday of the ISO week."))
    revision = models.PositiveIntegerField(_("revision"), default=0)
    published = models.ForeignKey(
        "PlanVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )

    class Meta:
        verbose_name = _("planning week")
        verbose_name_plural = _("planning weeks")
        ordering = ["municipality__name", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "week_start"], name="planning_week_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.label}"

    @property
    def label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("being planned")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    class Origin(models.TextChoices):
        ENGINE = "engine", _("planning run")
        REPLACEMENT = "replacement", _("replacement for an absence")

    week = models.ForeignKey(
        PlanningWeek, on_delete=models.CASCADE, related_name="versions", verbose_name=_("week")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.ENGINE
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("based on"),
    )
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    instance = models.JSONField(_("planning problem"), default=dict)
    pins = models.JSONField(_("pinned assignments"), default=list, blank=True)
    forbids = models.JSONField(_("forbidden assignments"), default=list, blank=True)
    time_limit = models.FloatField(_("time budget (seconds)"), default=20)
    seed = models.PositiveIntegerField(default=0)
    cost = models.JSONField(_("cost"), default=dict, blank=True)
    lower_bound = models.FloatField(_("lower bound"), null=True, blank=True)
    stats = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    access_municipality_path = "week__municipality"

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["week", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["week", "number"], name="plan_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.week.label} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.week.published_id == self.pk

    @property
    def gap_pct(self) -> float | None:
        total = self.cost.get("total")
        if total is None or not self.lower_bound:
            return None
        return 100.0 * (total - self.lower_bound) / abs(self.lower_bound)


class Assignment(models.Model):
    """One participant in one slot on one date, in one plan version."""

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("version")
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="planned_assignments",
        verbose_name=_("participant"),
    )
    task = models.ForeignKey(
        "communitytasks.Task",
        on_delete=models.SET_NULL,
        null=True,
        related_name="planned_assignments",
        verbose_name=_("task"),
    )
    slot = models.ForeignKey(
        "communitytasks.TaskSlot",
        on_delete=models.SET_NULL,
        null=True,
        related_name="planned_assignments",
        verbose_name=_("slot"),
    )
    slot_key = models.CharField(_("slot id"), max_length=60)
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    reason = models.JSONField(_("reason"), default=dict, blank=True)

    access_municipality_path = "version__week__municipality"

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["version", "date", "start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "participant", "slot_key"], name="assignment_unique_pair"
            )
        ]
        indexes = [models.Index(fields=["participant", "date"], name="assignment_person_date")]

    def __str__(self) -> str:
        return f"{self.slot_key} {self.date}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        if assignment.role == Role.PROVIDER:
            if not assignment.organisation_id:
                return None
            return Q(task__organisation_id=assignment.organisation_id)
        return _participant_filter(assignment, "participant__")

    @property
    def hours(self) -> float:
        return (
            (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)
        ) / 60

    @property
    def reason_lines(self) -> list[str]:
        from basisbaan.planning.reasons import describe

        return describe(self.reason)


class PlanRule(models.Model):
    """A planner's pin (must be in the plan) or forbid (must not) for the week's next run."""

    class Kind(models.TextChoices):
        PIN = "pin", _("pinned")
        FORBID = "forbid", _("forbidden")

    week = models.ForeignKey(
        PlanningWeek, on_delete=models.CASCADE, related_name="rules", verbose_name=_("week")
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("participant"),
    )
    slot_key = models.CharField(_("slot id"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_municipality_path = "week__municipality"

    class Meta:
        verbose_name = _("pin or forbid")
        verbose_name_plural = _("pins and forbids")
        ordering = ["week", "kind", "participant", "slot_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["week", "participant", "slot_key"], name="plan_rule_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} P{self.participant_id} {self.slot_key}"


class ReplanRequest(models.Model):
    """A coach or guidance worker asks the planners to change someone's week."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="replan_requests",
        verbose_name=_("municipality"),
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="replan_requests",
        verbose_name=_("participant"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    class Meta:
        verbose_name = _("request to change a week")
        verbose_name_plural = _("requests to change a week")
        ordering = ["handled_at", "-created_at"]

    def __str__(self) -> str:
        return f"{_('request to change a week')} {self.pk}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return _participant_filter(assignment, "participant__")


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The private address of a participant's iCal feed (a new one revokes the old)."""

    participant = models.OneToOneField(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("participant"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(auto_now_add=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("calendar address")
        verbose_name_plural = _("calendar addresses")

    def __str__(self) -> str:
        return f"{_('calendar address')} {self.pk}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return _participant_filter(assignment, "participant__")


class Replacement(models.Model):
    """An open place after an absence in a published week, with a suggested replacement."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        SUPERSEDED = "superseded", _("no longer needed")

    week = models.ForeignKey(
        PlanningWeek, on_delete=models.CASCADE, related_name="replacements", verbose_name=_("week")
    )
    absent = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("absent participant"),
    )
    suggested = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested replacement"),
    )
    task = models.ForeignKey(
        "communitytasks.Task", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    slot_key = models.CharField(_("slot id"), max_length=60)
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    access_municipality_path = "week__municipality"

    class Meta:
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")
        ordering = ["week", "date", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.slot_key} {self.date}"
