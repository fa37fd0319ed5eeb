"""The Werkprogramma: activation routes per programme and the people enrolled in them.

A **route** (``Route``) belongs to a programme of kind Werkprogramma: its entry
criteria, its steps with due dates (``RouteStep``), an owner role, a capacity and a
target. The Werkprogramma ships with the four routes of Groningen's seed (WW → bijstand
prevention with UWV, arbeidsmarktwaardescan, Praktijkleren, the status-holders pilot at
stadsbeheer) and a route whose destination is the basisbaan programme; a municipality can
add its own. ``RouteAdviceRule`` turns the arbeidsmarktwaardescan into a route advice
(rules as data, each with its reason).

An **enrolment** (``Enrolment``) is one person (one file: ``participants.Participant``)
in one route: the coach, the steps done or overdue (``StepProgress``), the outcome with
its coded kind and date, and the follow-ups 6 and 12 months after the outcome
(``OutcomeFollowUp``). The same person can later move to a basisbaan: one file, two
programmes. Route-specific records hang off the enrolment: the UWV referral of the
prevention route (``ww_end_date`` and the bijstand result), the Praktijkleren record and
its Verklaring (``Praktijkleren``), the placement of the status-holders pilot
(``Placement``).
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role


class Route(models.Model):
    class Kind(models.TextChoices):
        PREVENTION = "prevention", _("WW to bijstand prevention (with UWV)")
        SCAN = "scan", _("Arbeidsmarktwaardescan and coaching to work")
        PRAKTIJKLEREN = "praktijkleren", _("Praktijkleren")
        STATUS_HOLDERS = "status_holders", _("Status holders at city maintenance (pilot)")
        BASISBAAN = "basisbaan", _("Basisbaan")
        OTHER = "other", _("Other route")

    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.PROTECT,
        related_name="routes",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    # Entry criteria as data: [{"field": ..., "op": ..., "value": ..., "label": ...}]
    # (see werkprogramma.routes.check_entry); the label is shown to the coach.
    entry_criteria = models.JSONField(_("entry criteria"), default=list, blank=True)
    owner_role = models.CharField(
        _("owner role"), max_length=20, choices=Role.choices, default=Role.COACH
    )
    capacity = models.PositiveIntegerField(_("capacity (people at once)"), null=True, blank=True)
    target = models.PositiveIntegerField(_("target (people activated)"), default=0)
    destination = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destination programme"),
        help_text=_("For a route that leads into another programme, such as the basisbaan."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    # What the route costs (see werkprogramma.costs; finance counts it against a budget).
    cost_per_person_eur = models.DecimalField(
        _("cost per person enrolled (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100_000)],
        help_text=_("Once per enrolment: intake, scan, training, the learning company's fee."),
    )
    cost_per_month_eur = models.DecimalField(
        _("cost per person per month (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(10_000)],
        help_text=_("Each month a person is in the route: coaching, the job coach."),
    )

    access_municipality_path = "programme__municipality"

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="route_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class RouteStep(models.Model):
    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="steps", verbose_name=_("route")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=120)
    due_days = models.PositiveIntegerField(
        _("due (days after enrolment)"), validators=[MaxValueValidator(3 * 366)]
    )
    required = models.BooleanField(_("required"), default=True)

    access_municipality_path = "route__programme__municipality"

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["route", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class RouteAdviceRule(models.Model):
    """One rule of the route advice from the arbeidsmarktwaardescan: when the scan meets
    ``condition``, advise ``route`` with ``reason`` (the first matching rule by order)."""

    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.CASCADE,
        related_name="route_advice_rules",
        verbose_name=_("programme"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    route = models.ForeignKey(Route, on_delete=models.CASCADE, verbose_name=_("route"))
    # {"field": "scan.advice" | "participant.age" | ..., "op": "in" | ">=" | ..., "value": ...}
    condition = models.JSONField(_("condition"))
    reason = models.CharField(_("reason"), max_length=300)

    access_municipality_path = "programme__municipality"

    class Meta:
        verbose_name = _("route advice rule")
        verbose_name_plural = _("route advice rules")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.route}: {self.reason}"


class Outcome(models.TextChoices):
    WORK = "work", _("work (regular job)")
    PARTICIPATION = "participation", _("participation")
    EDUCATION = "education", _("education")
    BASISBAAN = "basisbaan", _("basisbaan")
    NO_OUTCOME = "no_outcome", _("exit without outcome")


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DONE = "done", _("done (outcome recorded)")
        STOPPED = "stopped", _("stopped")

    class ContractKind(models.TextChoices):
        TEMPORARY = "temporary", _("temporary")
        PERMANENT = "permanent", _("permanent")
        OTHER = "other", _("other (agency, on call)")

    class BijstandResult(models.TextChoices):
        """The prevention route's result: did the person enter bijstand after the WW?"""

        NOT_ENTERED = "not_entered", _("did not enter bijstand")
        ENTERED = "entered", _("entered bijstand")

    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    route = models.ForeignKey(
        Route, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("route")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("coach"),
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    # The route advice the enrolment followed, or why the coach chose otherwise.
    advised_route = models.ForeignKey(
        Route,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("advised route"),
    )
    choice_reason = models.CharField(_("reason for another route"), max_length=300, blank=True)
    notes = models.TextField(_("coach's notes"), blank=True)
    # The outcome.
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_hours = models.DecimalField(
        _("hours per week (work)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    outcome_contract = models.CharField(
        _("contract kind (work)"), max_length=10, choices=ContractKind.choices, blank=True
    )
    # The prevention route (WW → bijstand with UWV).
    ww_end_date = models.DateField(_("WW ends on"), null=True, blank=True)
    bijstand_result = models.CharField(
        _("bijstand after the WW"), max_length=12, choices=BijstandResult.choices, blank=True
    )
    bijstand_entered_on = models.DateField(_("entered bijstand on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "route"],
                condition=Q(status="active"),
                name="enrolment_one_active_per_route",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.route}"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        """A coach sees the people of their own enrolments and caseload; guidance staff,
        providers, participants and researchers see no enrolment."""
        role = assignment.role
        if role == Role.COACH:
            return Q(coach_id=assignment.user_id) | Q(participant__coach_id=assignment.user_id)
        if role in (Role.GUIDANCE, Role.PROVIDER, Role.PARTICIPANT, Role.RESEARCHER):
            return None
        return Q()


class StepProgress(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="steps", verbose_name=_("enrolment")
    )
    step = models.ForeignKey(RouteStep, on_delete=models.PROTECT, verbose_name=_("step"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    access_municipality_path = "enrolment__participant__municipality"

    class Meta:
        verbose_name = _("step progress")
        verbose_name_plural = _("step progress")
        ordering = ["enrolment", "step__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "step"], name="step_progress_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.step}"

    def overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today


class OutcomeFollowUp(models.Model):
    """Did the outcome last? Recorded 6 and 12 months after the outcome date."""

    class Lasted(models.TextChoices):
        YES = "yes", _("yes, still in it")
        NO = "no", _("no, back on bijstand or without")
        UNKNOWN = "unknown", _("unknown (no contact)")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("enrolment")
    )
    months = models.PositiveSmallIntegerField(_("months after the outcome"))
    due_on = models.DateField(_("due on"))
    lasted = models.CharField(_("lasted"), max_length=10, choices=Lasted.choices, blank=True)
    recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    access_municipality_path = "enrolment__participant__municipality"

    class Meta:
        verbose_name = _("outcome follow-up")
        verbose_name_plural = _("outcome follow-ups")
        ordering = ["enrolment", "months"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "months"], name="outcome_follow_up_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.months}"


class Praktijkleren(models.Model):
    """Learning on the job at a recognised learning company (erkend leerbedrijf), ending
    in a Verklaring Praktijkleren signed off by the coach and the workplace supervisor."""

    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="praktijkleren",
        verbose_name=_("enrolment"),
    )
    company = models.CharField(_("learning company"), max_length=150)
    company_registration = models.CharField(
        _("registration number (erkend leerbedrijf)"), max_length=20
    )
    work_process = models.CharField(_("work process"), max_length=200)
    competences = models.JSONField(_("competences demonstrated"), default=list, blank=True)
    supervisor = models.CharField(_("workplace supervisor"), max_length=120)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    coach_signed_on = models.DateField(_("signed off by the coach on"), null=True, blank=True)
    coach_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    supervisor_signed_on = models.DateField(
        _("signed off by the supervisor on"), null=True, blank=True
    )
    verification_code = models.CharField(
        _("verification code"), max_length=20, blank=True, db_index=True
    )
    issued_on = models.DateField(_("Verklaring issued on"), null=True, blank=True)

    access_municipality_path = "enrolment__participant__municipality"

    class Meta:
        verbose_name = _("Praktijkleren")
        verbose_name_plural = _("Praktijkleren")
        constraints = [
            models.UniqueConstraint(
                fields=["verification_code"],
                condition=~Q(verification_code=""),
                name="praktijkleren_unique_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.company}"

    @property
    def issued(self) -> bool:
        return self.issued_on is not None


class Placement(models.Model):
    """A placement of the status-holders pilot at the municipality's city maintenance."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="placement", verbose_name=_("enrolment")
    )
    department = models.CharField(_("department"), max_length=120, default="Stadsbeheer")
    language_support = models.BooleanField(_("language support"), default=False)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )

    access_municipality_path = "enrolment__participant__municipality"

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.enrolment}: {self.department}"
