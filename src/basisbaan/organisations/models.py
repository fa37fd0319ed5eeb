"""Organisations the programme works with: task providers, guidance organisations, funders,
referral partners."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from basisbaan.organisations.validators import validate_kvk
from basisbaan.tenants.models import Municipality


class Organisation(models.Model):
    class Kind(models.TextChoices):
        RESIDENTS = "residents", _("Residents' organisation")
        WIJ_TEAM = "wij_team", _("WIJ-team")
        FOUNDATION = "foundation", _("Foundation")
        HOUSING = "housing", _("Housing corporation")
        SHOP = "shop", _("Shop")
        SPORTS_CLUB = "sports_club", _("Sports club")
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        GUIDANCE = "guidance", _("Guidance organisation")
        WELFARE = "welfare", _("Welfare organisation")
        WORK_SERVICE = "work_service", _("Work service (werkplein / werkpunt)")
        FUNDER = "funder", _("Funder")
        OTHER = "other", _("Other")

    TASK_PROVIDER_KINDS = (
        Kind.RESIDENTS,
        Kind.WIJ_TEAM,
        Kind.FOUNDATION,
        Kind.HOUSING,
        Kind.SHOP,
        Kind.SPORTS_CLUB,
        Kind.COMMUNITY_CENTRE,
        Kind.WELFARE,
        Kind.WORK_SERVICE,
        Kind.OTHER,
    )

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk]
    )
    is_task_provider = models.BooleanField(_("provides tasks"), default=False)
    is_guidance = models.BooleanField(_("guidance organisation"), default=False)
    is_funder = models.BooleanField(_("funder / co-financer"), default=False)
    # A partner that refers residents to the programme (and brings in tasks for a
    # neighbourhood); its staff hold the role "referral partner".
    is_referral_partner = models.BooleanField(_("referral partner"), default=False)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    access_municipality_path = "organisation__municipality"

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
