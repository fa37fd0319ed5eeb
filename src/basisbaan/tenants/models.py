"""Tenants: municipalities, their programmes and neighbourhoods, and dated policy figures.

Every piece of personal or programme data hangs off a Municipality; access checks
(see ``basisbaan.accounts.access``) scope everything by it.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import Versioned

cbs_municipality_code = RegexValidator(
    r"^GM\d{4}$", _("A CBS municipality code is GM followed by four digits, e.g. GM0014.")
)
cbs_area_code = RegexValidator(
    r"^(WK\d{6}|BU\d{8})$",
    _("A CBS area code is WK plus six digits (wijk) or BU plus eight digits (buurt)."),
)


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[cbs_municipality_code]
    )
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in public addresses."))
    shared_service = models.CharField(
        _("shared service"),
        max_length=150,
        blank=True,
        help_text=_("Set when a shared service runs the programme, e.g. Werkplein Drentsche Aa."),
    )

    access_municipality_path = "pk"

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(Versioned):
    class Kind(models.TextChoices):
        BASISBAAN = "basisbaan", _("Basisbaan")
        WERKPROGRAMMA = "werkprogramma", _("Werkprogramma route")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.BASISBAAN)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def parameters_on(self, date: datetime.date) -> "ProgrammeParameters | None":
        return self.parameters.filter(valid_from__lte=date).order_by("-valid_from").first()


class ProgrammeParameters(models.Model):
    """Dated, editable policy figures of a programme (the newest valid_from <= date applies)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="parameters", verbose_name=_("programme")
    )
    valid_from = models.DateField(_("valid from"))
    min_hours = models.PositiveSmallIntegerField(_("minimum hours per week"), default=24)
    max_hours = models.PositiveSmallIntegerField(_("maximum hours per week"), default=36)
    allow_fewer_hours_by_agreement = models.BooleanField(
        _("fewer hours allowed by agreement"), default=True
    )
    growth_target_per_year = models.PositiveIntegerField(_("growth target per year"), default=0)
    target_jobs = models.PositiveIntegerField(_("target number of jobs"), default=0)
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    budget_eur = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    employer_cost_pct = models.DecimalField(
        _("employer costs on top of gross wage (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
    )
    guidance_cost_per_job_eur = models.DecimalField(
        _("guidance cost per job per year (EUR)"), max_digits=10, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("programme parameters")
        verbose_name_plural = _("programme parameters")
        ordering = ["programme", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "valid_from"], name="programme_parameters_unique_date"
            ),
            models.CheckConstraint(
                condition=models.Q(min_hours__lte=models.F("max_hours")),
                name="programme_parameters_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.valid_from}"

    @property
    def municipality(self) -> Municipality:
        return self.programme.municipality


class Neighbourhood(models.Model):
    class Kind(models.TextChoices):
        WIJK = "wijk", _("wijk")
        DORP = "dorp", _("village")
        BUURT = "buurt", _("buurt")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WIJK)
    cbs_code = models.CharField(_("CBS code"), max_length=10, validators=[cbs_area_code])
    cbs_year = models.PositiveSmallIntegerField(
        _("year of the CBS code list"), validators=[MinValueValidator(2000)]
    )
    x_km = models.FloatField(_("x (km)"), help_text=_("East-west position for distances."))
    y_km = models.FloatField(_("y (km)"), help_text=_("North-south position for distances."))

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cbs_code", "cbs_year"], name="neighbourhood_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.cbs_code})"


class DatedFigure(models.Model):
    """A national figure that changes on dates (never a constant in code)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["-valid_from"]

    @classmethod
    def on(cls, date: datetime.date):
        figure = cls.objects.filter(valid_from__lte=date).order_by("-valid_from").first()
        if figure is None:
            raise LookupError(f"No {cls.__name__} valid on {date.isoformat()}")
        return figure


class MinimumWage(DatedFigure):
    """Statutory minimum wage (WML) for 21 and older, gross per hour."""

    hourly_eur = models.DecimalField(_("gross per hour (EUR)"), max_digits=6, decimal_places=2)
    holiday_allowance_pct = models.DecimalField(
        _("holiday allowance (%)"), max_digits=4, decimal_places=2, default=Decimal("8.00")
    )

    class Meta(DatedFigure.Meta):
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")

    def __str__(self) -> str:
        return f"WML {self.hourly_eur} / h from {self.valid_from}"

    def clean(self) -> None:
        if self.hourly_eur is not None and self.hourly_eur <= 0:
            raise ValidationError({"hourly_eur": _("The hourly wage must be positive.")})


class BijstandsNorm(DatedFigure):
    """Bijstand norm 21 to AOW age, net per month including holiday allowance."""

    single_eur = models.DecimalField(_("single (EUR / month)"), max_digits=8, decimal_places=2)
    couple_eur = models.DecimalField(_("couple (EUR / month)"), max_digits=8, decimal_places=2)

    class Meta(DatedFigure.Meta):
        verbose_name = _("bijstand norm")
        verbose_name_plural = _("bijstand norms")

    def __str__(self) -> str:
        return f"Bijstandsnorm from {self.valid_from}"


class TaskCategory(models.Model):
    """A kind of neighbourhood work in a municipality's programme (data, not code).

    ``code`` is stable and shared by task categories and participants' wishes
    (e.g. ``community_centre``, ``visiting_elderly``); ``pictogram`` names an icon
    for the participant's week card.
    """

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="task_categories",
        verbose_name=_("municipality"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    pictogram = models.CharField(_("pictogram"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("task category")
        verbose_name_plural = _("task categories")
        ordering = ["municipality__name", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code"], name="task_category_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name
