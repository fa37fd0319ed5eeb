"""Guidance and coaching: sickness cases with their poortwachter steps, weekly timesheets,
work-floor notes, the coach's check-ins, early-warning rules and signals, in-app
notifications and the locked monthly payroll exports.

No diagnosis is ever asked or stored: a sickness case holds dates and extent only.
Domain logic lives in the named modules (``sickness``, ``timesheets``, ``checkins``,
``signals``, ``payroll``, ``notifications``); views call those.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.core.concurrency import Versioned
from basisbaan.guidance import earlywarning, poortwachter


def _participant_filter(assignment):
    from basisbaan.participants.models import Participant

    return Participant.access_filter(assignment, prefix="participant__")


class ParticipantScoped(models.Model):
    """Rows about one participant: in scope as the participant is (coach: own caseload,
    guidance staff: own organisation, a participant: never through these models)."""

    access_municipality_path = "participant__municipality"

    class Meta:
        abstract = True

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        if assignment.role == Role.PARTICIPANT:
            return None
        return _participant_filter(assignment)


# --- sickness ---------------------------------------------------------------------------


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

    def last_sick_day(self) -> datetime.date | None:
        return self.recovered_on - datetime.timedelta(days=1) if self.recovered_on else None


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


# --- timesheets -------------------------------------------------------------------------


class Timesheet(Versioned, ParticipantScoped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for correction")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="timesheets",
        verbose_name=_("participant"),
    )
    week_start = models.DateField(_("week (Monday)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    contract_hours = models.DecimalField(
        _("contracted hours"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-week_start", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "week_start"], name="timesheet_unique_week"
            ),
        ]
        indexes = [models.Index(fields=["status", "week_start"], name="timesheet_status_week")]

    def __str__(self) -> str:
        return f"{self.week_start:%G-W%V}"

    @property
    def week_end(self) -> datetime.date:
        return self.week_start + datetime.timedelta(days=6)

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class HourKind(models.TextChoices):
    WORKED = "worked", _("worked")
    SICK = "sick", _("sick")
    LEAVE = "leave", _("leave")
    HOLIDAY = "holiday", _("public holiday")
    OTHER = "other", _("other absence")


ABSENCE_KINDS = (HourKind.SICK, HourKind.LEAVE, HourKind.HOLIDAY, HourKind.OTHER)


class TimesheetLine(models.Model):
    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.CASCADE, related_name="lines", verbose_name=_("timesheet")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=HourKind.choices)
    task_label = models.CharField(_("task"), max_length=120, blank=True)
    task = models.ForeignKey(
        "communitytasks.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timesheet_lines",
        verbose_name=_("task in the catalogue"),
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )

    access_municipality_path = "timesheet__participant__municipality"

    class Meta:
        verbose_name = _("timesheet line")
        verbose_name_plural = _("timesheet lines")
        ordering = ["date", "kind", "task_label"]
        indexes = [models.Index(fields=["date", "kind"], name="tsline_date_kind")]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.hours}"


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
        return _participant_filter(assignment)


# --- notifications ----------------------------------------------------------------------


class Notification(models.Model):
    class Kind(models.TextChoices):
        SICK_REPORT = "sick_report", _("sick report")
        RECOVERY = "recovery", _("recovery report")
        POORTWACHTER = "poortwachter", _("poortwachter reminder")
        SIGNAL = "signal", _("early-warning signal")
        TIMESHEET = "timesheet", _("timesheet returned for correction")
        REPLAN = "replan", _("re-plan request")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self) -> str:
        return self.get_kind_display()

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Q(recipient_id=assignment.user_id)


# --- payroll ----------------------------------------------------------------------------


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
