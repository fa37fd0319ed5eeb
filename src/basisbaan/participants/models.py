"""Participants: the target group of a programme, from referral to a permanent job or exit.

A ``Participant`` is a resident on bijstand known to the programme (imported from the
benefits administration or entered by staff). Their lifecycle is the explicit
transition table in ``participants.workflow``; every change of status is kept as a
``StatusChange`` (the timeline). ``EmploymentContract`` holds the municipality's
employment contracts with the participant.

Health detail is never stored here: ``limitations`` are work-relevant flags only.
"""

import base64
import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_number

from basisbaan.accounts.roles import Role
from basisbaan.core import calendar
from basisbaan.core.concurrency import Versioned

postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$",
    _("A Dutch postcode is four digits and two capital letters, e.g. 9711 AB."),
)


def validate_bsn(value: str) -> None:
    if not bsn_number.is_valid(value or ""):
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the elfproef."),
            code="invalid_bsn",
        )


def new_pseudonym() -> str:
    """A short random code that identifies a participant to researchers (no personal data)."""
    return "P" + base64.b32encode(secrets.token_bytes(10)).decode()[:10]


class Status(models.TextChoices):
    REFERRED = "referred", _("referred")
    SCREENING = "screening", _("screening")
    INTAKE = "intake", _("intake")
    WAITING_LIST = "waiting_list", _("waiting list")
    MATCHING = "matching", _("matching")
    EMPLOYED = "employed", _("employed (temporary contract)")
    PERMANENT = "permanent", _("permanent contract")
    EXITED = "exited", _("exited")
    LONG_TERM_SICK = "long_term_sick", _("long-term sick (paused)")


IN_SERVICE = (Status.EMPLOYED, Status.PERMANENT)


class ExitReason(models.TextChoices):
    REGULAR_JOB = "regular_job", _("regular job")
    EDUCATION = "education", _("education")
    HEALTH = "health", _("health")
    MOVED = "moved", _("moved away")
    OWN_CHOICE = "own_choice", _("own choice")
    END_OF_CONTRACT = "end_of_contract", _("end of contract")
    DECEASED = "deceased", _("deceased")
    OTHER = "other", _("other")


class TravelMode(models.TextChoices):
    WALK = "walk", _("on foot")
    BIKE = "bike", _("bicycle")
    PUBLIC_TRANSPORT = "public_transport", _("public transport")
    CAR = "car", _("car")


class ParticipantQuerySet(models.QuerySet):
    def in_service(self):
        """Participants with an employment contract: employed or permanent."""
        return self.filter(status__in=IN_SERVICE)

    def waiting_list(self):
        """The waiting list in order: priority first, then by registration."""
        return self.filter(status=Status.WAITING_LIST).order_by(
            models.Case(
                models.When(priority_reason="", then=models.Value(1)),
                default=models.Value(0),
            ),
            "registered_at",
            "pk",
        )

    def search(self, text: str, personal: bool = True):
        """Every word matches a name part; with ``personal`` also BSN or postcode."""
        text = (text or "").strip()
        if not text:
            return self
        condition = Q()
        words = text.split()
        postcode = "".join(words).upper()
        if personal and len(postcode) == 6 and postcode[:4].isdigit():
            return self.filter(postcode=f"{postcode[:4]} {postcode[4:]}")
        for word in words:
            match = (
                Q(surname__icontains=word)
                | Q(first_name__icontains=word)
                | Q(initials__icontains=word)
                | Q(prefix__iexact=word)
            )
            if personal:
                match |= Q(bsn=word)
            condition &= match
        return self.filter(condition)


class Participant(Versioned):
    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="participants",
        verbose_name=_("municipality"),
    )
    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("programme"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
        verbose_name=_("login account"),
    )
    bsn = models.CharField(_("BSN"), max_length=9, validators=[validate_bsn])
    initials = models.CharField(_("initials"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True, help_text=_("tussenvoegsel"))
    surname = models.CharField(_("surname"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    postcode = models.CharField(_("postcode"), max_length=7, validators=[postcode_validator])
    house_number = models.CharField(_("house number"), max_length=12)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    benefit_since = models.DateField(_("on bijstand since"), null=True, blank=True)
    reintegration_route = models.BooleanField(
        _("reintegration route to regular work under way"),
        default=False,
        help_text=_("A basisbaan is for people without a realistic route to regular work."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REFERRED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=ExitReason.choices, blank=True
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("coach"),
    )
    guidance_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guided_participants",
        verbose_name=_("guidance organisation"),
    )
    home_neighbourhood = models.ForeignKey(
        "tenants.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("home neighbourhood"),
    )

    contract_hours = models.PositiveSmallIntegerField(
        _("contracted hours per week"), default=0, validators=[MaxValueValidator(40)]
    )
    hours_agreement = models.CharField(
        _("reason for fewer hours"),
        max_length=200,
        blank=True,
        help_text=_("Required when the hours are below the programme's minimum."),
    )
    max_hours_per_day = models.PositiveSmallIntegerField(
        _("maximum hours per day"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    max_travel_km = models.FloatField(
        _("maximum travel distance (km)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    travel_mode = models.CharField(
        _("travel mode"), max_length=20, choices=TravelMode.choices, default=TravelMode.BIKE
    )
    wishes = models.JSONField(_("wishes (task categories)"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    limitations = models.JSONField(_("limitations relevant to work"), default=list, blank=True)
    availability = models.JSONField(_("availability per weekday"), default=dict, blank=True)

    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    priority_reason = models.CharField(
        _("priority reason"),
        max_length=200,
        blank=True,
        help_text=_("Filled in: this person goes before others on the waiting list."),
    )
    pseudonym = models.CharField(
        _("pseudonym"), max_length=12, unique=True, default=new_pseudonym, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["surname", "initials", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "bsn"], name="participant_unique_bsn_per_municipality"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"], name="participant_muni_status"),
            models.Index(fields=["surname"], name="participant_surname"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        first = self.first_name or self.initials
        return " ".join(part for part in (first, self.prefix, self.surname) if part)

    @property
    def formal_name(self) -> str:
        return " ".join(part for part in (self.initials, self.prefix, self.surname) if part)

    @property
    def in_service(self) -> bool:
        return self.status in IN_SERVICE

    def age_on(self, date: datetime.date) -> int:
        born = self.birth_date
        return date.year - born.year - ((date.month, date.day) < (born.month, born.day))

    def availability_hours(self) -> float:
        """Hours per week in the availability windows."""
        total = 0.0
        for windows in (self.availability or {}).values():
            for start, end in windows:
                h1, m1 = map(int, start.split(":"))
                h2, m2 = map(int, end.split(":"))
                total += max(0, (h2 * 60 + m2) - (h1 * 60 + m1)) / 60
        return total

    def current_contract(self, on: datetime.date | None = None):
        on = on or calendar.today()
        return (
            self.contracts.filter(start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .order_by("-start_date")
            .first()
        )

    @classmethod
    def access_filter(cls, assignment, prefix: str = "") -> Q | None:
        """Rows per role: a coach their caseload, guidance staff their organisation's
        participants, a participant themselves; providers and researchers none."""
        role = assignment.role
        if role == Role.COACH:
            return Q(**{f"{prefix}coach_id": assignment.user_id})
        if role == Role.GUIDANCE:
            return Q(**{f"{prefix}guidance_organisation_id": assignment.organisation_id})
        if role == Role.PARTICIPANT:
            return Q(**{f"{prefix}user_id": assignment.user_id})
        if role in (Role.PROVIDER, Role.RESEARCHER):
            return None
        return Q()


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


class StatusChange(models.Model):
    """One step on a participant's timeline: who moved them from which status to which."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("participant"),
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    exit_reason = models.CharField(
        _("exit reason"), max_length=20, choices=ExitReason.choices, blank=True
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    access_municipality_path = "participant__municipality"

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["participant", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status} ({self.at:%Y-%m-%d})"

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        return Participant.access_filter(assignment, prefix="participant__")


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


class ImportMapping(Versioned):
    """Which header in the benefits administration's export holds which field."""

    municipality = models.OneToOneField(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="import_mapping",
        verbose_name=_("municipality"),
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import column mapping")
        verbose_name_plural = _("import column mappings")

    def __str__(self) -> str:
        return f"mapping {self.municipality}"


class ImportRun(models.Model):
    """One upload of a target-group file: its preview, and after import the outcome.

    The uploaded text is kept only until the import ran (then emptied).
    """

    class State(models.TextChoices):
        PREVIEW = "preview", _("preview")
        QUEUED = "queued", _("importing")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.CASCADE,
        related_name="participant_imports",
        verbose_name=_("municipality"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PREVIEW)
    skip_invalid = models.BooleanField(_("import the valid rows, skip the invalid"), default=False)
    preview = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("target group import")
        verbose_name_plural = _("target group imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"import {self.pk} {self.filename}"
