"""Rates: the municipality's guidance agreements and cost rates (added here), and the
employer's terms of its programmes (read-only: an administrator keeps the national
figures and the terms in the admin)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.core.mixins import PermissionMixin
from basisbaan.finance import services
from basisbaan.finance.forms import CostRatesForm, GuidanceAgreementForm
from basisbaan.finance.models import CostRates, GuidanceAgreement
from basisbaan.finance.views.common import MANAGE, VIEW, FormPost, FormsPage
from basisbaan.tenants.models import EmployerTerms


class RatesView(FormsPage, PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "finance/rates.html"

    def forms(self):
        return {
            "agreement_form": GuidanceAgreementForm(
                municipality=self.municipality, prefix="agreement"
            ),
            "rates_form": CostRatesForm(municipality=self.municipality, prefix="rates"),
        }

    def get_context_data(self, **kwargs):
        employers = self.municipality.programmes.filter(employer__isnull=False).values("employer")
        return super().get_context_data(
            agreements=self.scoped(GuidanceAgreement.objects.select_related("organisation")),
            cost_rates=self.scoped(CostRates.objects.all()),
            terms=EmployerTerms.objects.filter(employer__in=employers)
            .select_related("employer")
            .order_by("employer__name", "-valid_from"),
            **kwargs,
        )


class AgreementCreateView(FormPost, RatesView):
    permission = MANAGE
    form_name = "agreement_form"

    def get_page_url(self):
        return reverse("finance:rates")

    def make_form(self, data):
        return GuidanceAgreementForm(data, municipality=self.municipality, prefix="agreement")

    def done(self, form):
        services.save_new(form, self.request.user)
        messages.success(self.request, _("The guidance agreement is added."))
        return redirect("finance:rates")


class CostRatesCreateView(FormPost, RatesView):
    permission = MANAGE
    form_name = "rates_form"

    def get_page_url(self):
        return reverse("finance:rates")

    def make_form(self, data):
        return CostRatesForm(data, municipality=self.municipality, prefix="rates")

    def done(self, form):
        services.save_new(form, self.request.user)
        messages.success(self.request, _("The cost rates are added."))
        return redirect("finance:rates")
