"""Money: budgets over periods and funding sources, guidance agreements, coaching rates,
co-financing pledges and receipts, and cost scenarios. Every figure is data with a date;
the calculations live in :mod:`basisbaan.finance.costing`."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from basisbaan.core.concurrency import Versioned

ZERO = Decimal("0")
MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(ZERO)]}


class CostKind(models.TextChoices):
    WAGES = "wages", _("wages")
    GUIDANCE = "guidance", _("guidance")
    COACHING = "coaching", _("coaching")
    ROUTES = "routes", _("activation routes")
    OTHER = "other", _("other")


class FundingSource(models.Model):
    """Who pays part of a budget: the municipality, the Rijk, a regional programme such as
    Nationaal Programma Groningen, a fund or a co-financing organisation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        RIJK = "rijk", _("central government (Rijk)")
        REGIONAL = "regional", _("regional programme")
        FUND = "fund", _("fund")
        COFINANCIER = "cofinancier", _("co-financing organisation")

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="funding_sources",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding_sources",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="funding_source_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        return self.kind != self.Kind.MUNICIPALITY


class Budget(Versioned):
    """Money set aside for a period of any length (Assen: 2021-01-01 to 2022-12-31)."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("municipality"),
    )
    programme = models.ForeignKey(
        "tenants.Programme",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=150)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_jobs = models.PositiveIntegerField(_("jobs planned"), default=0)
    net_of_bijstand = models.BooleanField(
        _("pays the net cost"),
        default=False,
        help_text=_(
            "The budget pays what the jobs cost on top of the bijstand that is no longer "
            "paid (as Assen's pilot budget did); otherwise it pays the whole cost."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["municipality", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="budget_end_after_start"
            ),
            models.UniqueConstraint(fields=["municipality", "name"], name="budget_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date:%d-%m-%Y} – {self.end_date:%d-%m-%Y})"

    @property
    def total(self) -> Decimal:
        return sum((line.amount_eur for line in self.lines.all()), ZERO)

    def runs_on(self, date: datetime.date) -> bool:
        return self.start_date <= date <= self.end_date


class BudgetLine(models.Model):
    """Part of a budget: an amount from one funding source for one kind of cost."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget")
    )
    source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        related_name="budget_lines",
        verbose_name=_("funding source"),
    )
    cost_kind = models.CharField(_("cost kind"), max_length=10, choices=CostKind.choices)
    route = models.ForeignKey(
        "werkprogramma.Route",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("route"),
        help_text=_("For a Werkprogramma budget: the route this money is for."),
    )
    amount_eur = models.DecimalField(_("amount (EUR)"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access_municipality_path = "budget__municipality"

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "source__name", "cost_kind"]

    def __str__(self) -> str:
        return f"{self.source} — {self.get_cost_kind_display()}"


class GuidanceAgreement(models.Model):
    """The agreement (overeenkomst) with a guidance organisation: its fee, dated."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="guidance_agreements",
        verbose_name=_("municipality"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="guidance_agreements",
        verbose_name=_("guidance organisation"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    fee_per_participant_month_eur = models.DecimalField(
        _("fee per participant per month (EUR)"), **MONEY
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("guidance agreement")
        verbose_name_plural = _("guidance agreements")
        ordering = ["municipality", "organisation__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="agreement_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.valid_from:%d-%m-%Y}"

    def runs_on(self, date: datetime.date) -> bool:
        return self.valid_from <= date and (self.valid_until is None or date <= self.valid_until)


class CostRates(models.Model):
    """A municipality's cost assumptions from a date: coaching (coach hours per
    participant per month at a cost per hour) and the net share of the gross wage (to
    estimate the bijstand that is no longer paid)."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="cost_rates",
        verbose_name=_("municipality"),
    )
    valid_from = models.DateField(_("valid from"))
    coach_hours_per_participant_month = models.DecimalField(
        _("coach hours per participant per month"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    coach_hourly_cost_eur = models.DecimalField(
        _("cost of a coach hour (EUR)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    net_wage_pct = models.DecimalField(
        _("net wage (percentage of gross)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("90"),
        validators=[MinValueValidator(Decimal("50")), MaxValueValidator(Decimal("100"))],
        help_text=_("At the minimum wage, after wage tax and credits; used for bijstand saved."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cost rates")
        verbose_name_plural = _("cost rates")
        ordering = ["municipality", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "valid_from"], name="cost_rates_date")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.valid_from:%d-%m-%Y}"


class Pledge(models.Model):
    """A co-financing pledge: an organisation or fund promises an amount for a budget,
    optionally for tasks in one neighbourhood or one task."""

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("pledged")
        WITHDRAWN = "withdrawn", _("withdrawn")

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("budget")
    )
    source = models.ForeignKey(
        FundingSource, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("funder")
    )
    amount_eur = models.DecimalField(_("amount pledged (EUR)"), **MONEY)
    pledged_on = models.DateField(_("pledged on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLEDGED
    )
    neighbourhood = models.ForeignKey(
        "tenants.Neighbourhood",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("neighbourhood"),
    )
    task = models.ForeignKey(
        "communitytasks.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledges",
        verbose_name=_("task"),
    )
    lead = models.OneToOneField(
        "communitytasks.InboxMessage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pledge",
        verbose_name=_("from the co-financing form"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    access_municipality_path = "budget__municipality"

    class Meta:
        verbose_name = _("co-financing pledge")
        verbose_name_plural = _("co-financing pledges")
        ordering = ["budget", "-pledged_on"]

    def __str__(self) -> str:
        return f"{self.source} € {self.amount_eur}"

    @property
    def received(self) -> Decimal:
        return sum((r.amount_eur for r in self.receipts.all()), ZERO)


class Receipt(models.Model):
    """Money received on a pledge."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("pledge")
    )
    received_on = models.DateField(_("received on"))
    amount_eur = models.DecimalField(_("amount received (EUR)"), **MONEY)

    access_municipality_path = "pledge__budget__municipality"

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["pledge", "received_on"]

    def __str__(self) -> str:
        return f"€ {self.amount_eur} {self.received_on:%d-%m-%Y}"


class Scenario(models.Model):
    """A cost scenario: a growth path of jobs over a period, hours per job and the share
    of single households. Computed by :func:`basisbaan.finance.costing.scenario_cost`."""

    municipality = models.ForeignKey(
        "tenants.Municipality",
        on_delete=models.PROTECT,
        related_name="scenarios",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    jobs = models.PositiveIntegerField(_("jobs at the start"), validators=[MinValueValidator(1)])
    growth_per_year = models.PositiveIntegerField(_("extra jobs each year"), default=0)
    max_jobs = models.PositiveIntegerField(_("at most jobs"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week per job"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("40"))],
    )
    single_pct = models.DecimalField(
        _("single households (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    budget_eur = models.DecimalField(_("budget (EUR)"), null=True, blank=True, **MONEY)
    cofinancing_eur = models.DecimalField(_("co-financing (EUR)"), default=ZERO, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cost scenario")
        verbose_name_plural = _("cost scenarios")
        ordering = ["municipality", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="scenario_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name
