"""Tenants: municipalities, their programmes and neighbourhoods, and dated policy figures.

Every piece of personal or programme data hangs off a Municipality; access checks
(see ``basisbaan.accounts.access``) scope everything by it.
"""

import datetime
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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
    employer = models.ForeignKey(
        "tenants.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("employer"),
        help_text=_("Who employs the participants; wages follow its terms."),
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="programme_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"

    def clean(self) -> None:
        if self.employer_id and self.employer.municipality_id != self.municipality_id:
            raise ValidationError({"employer": _("The employer belongs to another municipality.")})

    def parameters_on(self, date: datetime.date) -> "ProgrammeParameters | None":
        return self.parameters.filter(valid_from__lte=date).order_by("-valid_from").first()


class ProgrammeParameters(models.Model):
    """Dated, editable policy figures of a programme (the newest valid_from <= date applies).
    Money (budgets, wage terms, fees) lives in the finance app and the employer's terms."""

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
    """Statutory minimum wage (WML) for 21 and older.

    Since 1 January 2024 the WML is one gross amount per hour (``hourly_eur``). Before,
    it was set per week (``weekly_eur``; ``monthly_eur`` as published) and the hourly
    amount depended on the employer's full-time week: the weekly amount divided by the
    full-time hours, rounded up to the cent (as the Staatscourant tables publish it).
    """

    hourly_eur = models.DecimalField(
        _("gross per hour (EUR)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Since 2024: one hourly minimum wage."),
    )
    weekly_eur = models.DecimalField(
        _("gross per week (EUR)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Before 2024: the hourly wage follows from the employer's full-time week."),
    )
    monthly_eur = models.DecimalField(
        _("gross per month (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    holiday_allowance_pct = models.DecimalField(
        _("holiday allowance (%)"), max_digits=4, decimal_places=2, default=Decimal("8.00")
    )

    class Meta(DatedFigure.Meta):
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")

    def __str__(self) -> str:
        if self.hourly_eur is not None:
            return f"WML {self.hourly_eur} / h from {self.valid_from}"
        return f"WML {self.weekly_eur} / week from {self.valid_from}"

    def hourly_for(self, full_time_hours: int | Decimal) -> Decimal:
        """The gross hourly minimum wage at an employer with this full-time week."""
        if self.hourly_eur is not None:
            return self.hourly_eur
        hours = Decimal(full_time_hours)
        if not hours:
            raise ValueError("A full-time week has hours.")
        return (self.weekly_eur / hours).quantize(Decimal("0.01"), rounding=ROUND_CEILING)

    def clean(self) -> None:
        if (self.hourly_eur is None) == (self.weekly_eur is None):
            raise ValidationError(
                _("Give either the hourly minimum wage (since 2024) or the weekly one (before).")
            )
        for name in ("hourly_eur", "weekly_eur", "monthly_eur"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValidationError({name: _("The amount must be positive.")})


class BijstandsNorm(DatedFigure):
    """Bijstand norm 21 to AOW age, net per month including holiday allowance."""

    single_eur = models.DecimalField(_("single (EUR / month)"), max_digits=8, decimal_places=2)
    couple_eur = models.DecimalField(_("couple (EUR / month)"), max_digits=8, decimal_places=2)

    class Meta(DatedFigure.Meta):
        verbose_name = _("bijstand norm")
        verbose_name_plural = _("bijstand norms")

    def __str__(self) -> str:
        return f"Bijstandsnorm from {self.valid_from}"


class Employer(models.Model):
    """The legal employer of a programme's participants: the municipality itself or e.g.
    a municipal company (the seed's "Thermiek BV"). Its wage terms are dated."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="employer_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def terms_on(self, date: datetime.date) -> "EmployerTerms":
        terms = self.terms.filter(valid_from__lte=date).order_by("-valid_from").first()
        if terms is None:
            raise LookupError(f"No terms of {self.name} valid on {date.isoformat()}")
        return terms


class EmployerTerms(models.Model):
    """An employer's wage terms from a date: its full-time week (before 2024 the hourly
    minimum wage depends on it), the holiday allowance, other wage components (e.g. an
    end-of-year payment or IKB) and the employer's charges on top of the gross wage."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="terms", verbose_name=_("employer")
    )
    valid_from = models.DateField(_("valid from"))
    full_time_hours = models.PositiveSmallIntegerField(
        _("full-time week (hours)"),
        default=36,
        validators=[MinValueValidator(30), MaxValueValidator(40)],
    )
    holiday_allowance_pct = models.DecimalField(
        _("holiday allowance (%)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("8.00"),
        validators=[MinValueValidator(Decimal("8.00")), MaxValueValidator(Decimal("20"))],
    )
    other_components_pct = models.DecimalField(
        _("other wage components (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_("E.g. an end-of-year payment or individual choice budget (IKB)."),
    )
    employer_charges_pct = models.DecimalField(
        _("employer charges (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Social security, pension and other costs on top of the gross wage."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("employer terms")
        verbose_name_plural = _("employer terms")
        ordering = ["employer", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "valid_from"], name="employer_terms_date")
        ]

    def __str__(self) -> str:
        return f"{self.employer} — {self.valid_from}"


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
