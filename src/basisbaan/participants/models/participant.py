"""The participant and their timeline of status changes."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.core import calendar
from basisbaan.core.concurrency import Versioned
from basisbaan.participants.models.base import (
    IN_SERVICE,
    ExitReason,
    Status,
    TravelMode,
    new_pseudonym,
    postcode_validator,
    validate_bsn,
)


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
    # The partner that referred this person (welfare work, a work service); empty: the
    # programme's own intake (the benefits administration, staff).
    referral_source = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_participants",
        verbose_name=_("referred by partner"),
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
        # Lists and form selects show the label: two people may share a name.
        return self.label

    @property
    def number(self) -> int | None:
        """The participant number staff use to tell people apart: the stable id, never
        the BSN."""
        return self.pk

    @property
    def label(self) -> str:
        """The name with the participant number, e.g. "Daan Akkerman (nr. 1234)", for
        every staff list and select where two people may share a name. Letters, the
        participant's own pages and the provider portal (first names) keep the plain name."""
        if self.pk is None:
            return self.display_name
        return _("%(name)s (no. %(number)s)") % {"name": self.display_name, "number": self.pk}

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
        participants, a participant themselves; providers, referral partners and
        researchers none."""
        role = assignment.role
        if role == Role.COACH:
            return Q(**{f"{prefix}coach_id": assignment.user_id})
        if role == Role.GUIDANCE:
            return Q(**{f"{prefix}guidance_organisation_id": assignment.organisation_id})
        if role == Role.PARTICIPANT:
            return Q(**{f"{prefix}user_id": assignment.user_id})
        if role in (Role.PROVIDER, Role.REFERRER, Role.RESEARCHER):
            return None
        return Q()


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
