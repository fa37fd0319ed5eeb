"""Referrals by partners: a welfare organisation or work service refers a resident.

The partner records the resident's name and contact, a short motivation and that the
resident agrees. Programme staff take the referral into intake (a ``Participant`` is
created or found) or decline it with a coded reason. The partner learns the stage and
its date, never anything of the participant file (``partner_stage``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts.roles import Role
from basisbaan.participants.models.base import postcode_validator

MOTIVATION_MAX = 500


class Referral(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("referred")
        IN_INTAKE = "in_intake", _("in intake")
        DECLINED = "declined", _("not taken in")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class DeclineReason(models.TextChoices):
        # Coded reasons only: the partner sees the label, so none names income or health.
        NOT_IN_TARGET_GROUP = "not_in_target_group", _("does not fit the programme's target group")
        NOT_REACHED = "not_reached", _("we could not reach the resident")
        RESIDENT_DECLINED = "resident_declined", _("the resident does not want to take part")
        OTHER_SUPPORT = "other_support", _("other support fits better")

    OPEN = (Status.SUBMITTED,)

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("referring organisation"),
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True, help_text=_("tussenvoegsel"))
    surname = models.CharField(_("surname"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    neighbourhood = models.ForeignKey(
        "tenants.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    motivation = models.CharField(
        _("why this resident"),
        max_length=MOTIVATION_MAX,
        help_text=_(
            "In a few sentences: why a basisbaan could suit this resident. "
            "Write nothing about health or income."
        ),
    )
    consent = models.BooleanField(_("the resident agrees to this referral"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    status = models.CharField(
        _("stage"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    submitted_at = models.DateTimeField(_("referred on"), default=timezone.now)
    decided_at = models.DateTimeField(_("stage reached on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    decline_reason = models.CharField(
        _("reason"), max_length=30, choices=DeclineReason.choices, blank=True
    )
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("participant"),
    )

    PERSONAL_FIELDS = (
        "first_name",
        "prefix",
        "surname",
        "phone",
        "email",
        "birth_date",
        "postcode",
        "motivation",
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="referral_muni_status")]

    def __str__(self) -> str:
        return f"{_('referral')} {self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.prefix, self.surname) if part)

    @property
    def stage_date(self):
        """When the current stage was reached."""
        return self.decided_at or self.submitted_at

    @classmethod
    def access_filter(cls, assignment) -> Q | None:
        """A referral partner sees their own organisation's referrals; programme staff
        (the only other holders of a referral permission) all of the municipality."""
        if assignment.role == Role.REFERRER:
            if not assignment.organisation_id:
                return None
            return Q(organisation_id=assignment.organisation_id)
        if assignment.role in (Role.PLANNER, Role.ADMIN):
            return Q()
        return None
