"""The finance forms: budgets, budget lines, funding sources, co-financing, rates and
scenarios. Each form is bound to the active municipality, checks what the database
would refuse (end before start, negative amounts, a name in use) with a clear message,
and a scenario is costed in ``clean()`` so that one that cannot be costed is never saved."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from basisbaan.finance import scenarios
from basisbaan.finance.costing import CostError
from basisbaan.finance.models import (
    Budget,
    BudgetLine,
    CostKind,
    CostRates,
    FundingSource,
    GuidanceAgreement,
    Pledge,
    Receipt,
    Scenario,
)
from basisbaan.organisations.models import Organisation
from basisbaan.tenants.models import Programme
from basisbaan.werkprogramma.models import Route

ZERO = Decimal(0)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _not_negative(form, names) -> None:
    for name in names:
        value = form.cleaned_data.get(name)
        if value is not None and value < 0:
            form.add_error(name, _("An amount cannot be negative."))


def _end_after_start(form, start="start_date", end="end_date") -> None:
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, _("The end date lies before the start date."))


class MunicipalityForm(forms.ModelForm):
    """A model form for a record of ``municipality`` (set on the instance)."""

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        if hasattr(self.instance, "municipality_id") and not self.instance.municipality_id:
            self.instance.municipality = municipality


class BudgetForm(MunicipalityForm):
    class Meta:
        model = Budget
        fields = [
            "name",
            "programme",
            "start_date",
            "end_date",
            "target_jobs",
            "net_of_bijstand",
            "notes",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(municipality=self.municipality)

    def clean(self):
        cleaned = super().clean()
        _end_after_start(self)
        name = cleaned.get("name")
        if name and Budget.objects.filter(municipality=self.municipality, name=name).exists():
            self.add_error("name", _("There already is a budget with this name."))
        return cleaned


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["source", "cost_kind", "route", "amount_eur", "note"]

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.budget = budget
        self.fields["source"].queryset = FundingSource.objects.filter(
            municipality=budget.municipality
        )
        routes = Route.objects.filter(programme=budget.programme).order_by("order", "pk")
        if routes.exists():
            self.fields["route"].queryset = routes
        else:
            del self.fields["route"]

    def clean(self):
        cleaned = super().clean()
        _not_negative(self, ["amount_eur"])
        if cleaned.get("cost_kind") == CostKind.ROUTES and "route" not in self.fields:
            self.add_error("cost_kind", _("This budget's programme has no activation routes."))
        return cleaned


class FundingSourceForm(MunicipalityForm):
    class Meta:
        model = FundingSource
        fields = ["name", "kind", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality=self.municipality
        )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if (
            name
            and FundingSource.objects.filter(municipality=self.municipality, name=name).exists()
        ):
            self.add_error("name", _("There already is a funding source with this name."))
        return cleaned


FUNDER_KINDS = [
    (FundingSource.Kind.COFINANCIER, FundingSource.Kind.COFINANCIER.label),
    (FundingSource.Kind.FUND, FundingSource.Kind.FUND.label),
]


class PledgeForm(forms.Form):
    """A co-financing pledge; the funder is found or made by name."""

    budget = forms.ModelChoiceField(label=_("Budget"), queryset=Budget.objects.none())
    funder = forms.CharField(label=_("Funder"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind of funder"), choices=FUNDER_KINDS)
    amount_eur = forms.DecimalField(
        label=_("Amount pledged (EUR)"), max_digits=12, decimal_places=2
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["budget"].queryset = Budget.objects.filter(municipality=municipality)

    def clean(self):
        cleaned = super().clean()
        _not_negative(self, ["amount_eur"])
        return cleaned


class ReceiptForm(forms.ModelForm):
    class Meta:
        model = Receipt
        fields = ["received_on", "amount_eur"]
        widgets = {"received_on": DateInput()}

    def __init__(self, *args, pledge, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pledge = pledge
        self.pledge = pledge

    def clean(self):
        cleaned = super().clean()
        _not_negative(self, ["amount_eur"])
        if self.pledge.status != Pledge.Status.PLEDGED:
            raise forms.ValidationError(_("The pledge is withdrawn: it takes no receipts."))
        return cleaned


class GuidanceAgreementForm(MunicipalityForm):
    class Meta:
        model = GuidanceAgreement
        fields = [
            "organisation",
            "valid_from",
            "valid_until",
            "fee_per_participant_month_eur",
            "reference",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            municipality=self.municipality, is_guidance=True
        )

    def clean(self):
        cleaned = super().clean()
        _end_after_start(self, "valid_from", "valid_until")
        _not_negative(self, ["fee_per_participant_month_eur"])
        return cleaned


class CostRatesForm(MunicipalityForm):
    class Meta:
        model = CostRates
        fields = [
            "valid_from",
            "coach_hours_per_participant_month",
            "coach_hourly_cost_eur",
            "net_wage_pct",
            "source",
        ]
        widgets = {"valid_from": DateInput()}

    def clean(self):
        cleaned = super().clean()
        _not_negative(self, ["coach_hours_per_participant_month", "coach_hourly_cost_eur"])
        day = cleaned.get("valid_from")
        if (
            day
            and CostRates.objects.filter(municipality=self.municipality, valid_from=day).exists()
        ):
            self.add_error("valid_from", _("There already are cost rates from this date."))
        return cleaned


class ScenarioForm(MunicipalityForm):
    """A scenario is costed while it is checked: ``result`` holds the outcome."""

    class Meta:
        model = Scenario
        fields = [
            "name",
            "start_date",
            "end_date",
            "jobs",
            "growth_per_year",
            "max_jobs",
            "hours_per_week",
            "single_pct",
            "budget_eur",
            "cofinancing_eur",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    result = None

    def clean(self):
        cleaned = super().clean()
        _end_after_start(self)
        _not_negative(self, ["budget_eur", "cofinancing_eur"])
        hours = cleaned.get("hours_per_week")
        if hours is not None and not ZERO < hours <= 40:
            self.add_error("hours_per_week", _("Hours per week lie between 1 and 40."))
        max_jobs, jobs = cleaned.get("max_jobs"), cleaned.get("jobs")
        if max_jobs is not None and jobs is not None and max_jobs < jobs:
            self.add_error("max_jobs", _("At most jobs cannot be below the jobs at the start."))
        if self.errors:
            return cleaned
        try:
            self.result = scenarios.cost(
                self.municipality,
                start=cleaned["start_date"],
                end=cleaned["end_date"],
                jobs=cleaned["jobs"],
                hours_per_week=cleaned["hours_per_week"],
                single_pct=cleaned.get("single_pct")
                if cleaned.get("single_pct") is not None
                else Decimal(100),
                growth_per_year=cleaned.get("growth_per_year") or 0,
                max_jobs=cleaned.get("max_jobs"),
                budget=cleaned.get("budget_eur"),
                cofinancing=cleaned.get("cofinancing_eur") or ZERO,
            )
        except CostError as error:
            raise forms.ValidationError(str(error)) from None
        return cleaned
