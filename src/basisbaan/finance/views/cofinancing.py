"""Co-financing: pledges per budget with their receipts, the open leads of the public
co-financing form and turning a lead into a pledge. The leads' contact details are
personal data: every lead shown is read through the audit API."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.communitytasks.models import InboxMessage
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.finance import budgets, services
from basisbaan.finance.forms import PledgeForm, ReceiptForm
from basisbaan.finance.models import Budget, FundingSource, Pledge
from basisbaan.finance.views.common import MANAGE, VIEW, FormPost, FormsPage


def open_leads(municipality):
    """Messages of the co-financing form that did not become a pledge (yet)."""
    return InboxMessage.objects.filter(
        kind=InboxMessage.Kind.COFINANCING, municipality=municipality, pledge__isnull=True
    ).order_by("-received_at")


class CofinancingView(FormsPage, PermissionMixin, TemplateView):
    permission = VIEW
    template_name = "finance/cofinancing.html"

    def forms(self):
        running = budgets.running_budget(self.municipality, calendar.today())
        return {
            "pledge_form": PledgeForm(
                municipality=self.municipality,
                prefix="pledge",
                initial={
                    "budget": running,
                    "pledged_on": calendar.today(),
                    "kind": FundingSource.Kind.COFINANCIER,
                },
            )
        }

    def get_context_data(self, **kwargs):
        budget_list = list(
            self.scoped(Budget.objects.all()).prefetch_related(
                "pledges__receipts", "pledges__source"
            )
        )
        groups = []
        for budget in budget_list:
            pledges = list(budget.pledges.all())
            if not pledges:
                continue
            for pledge in pledges:
                pledge.receipt_form = ReceiptForm(pledge=pledge, prefix=f"receipt{pledge.pk}")
            active = [p for p in pledges if p.status == Pledge.Status.PLEDGED]
            groups.append(
                {
                    "budget": budget,
                    "pledges": pledges,
                    "pledged": sum((p.amount_eur for p in active), 0),
                    "received": sum((p.received for p in active), 0),
                }
            )
        leads = list(open_leads(self.municipality)[:100])
        for lead in leads:
            audit.read(self.request.user, lead, fields=InboxMessage.PERSONAL_FIELDS)
        return super().get_context_data(
            groups=groups, leads=leads, withdrawn=Pledge.Status.WITHDRAWN, **kwargs
        )


class PledgeCreateView(FormPost, CofinancingView):
    permission = MANAGE
    form_name = "pledge_form"

    def get_page_url(self):
        return reverse("finance:cofinancing")

    def make_form(self, data):
        return PledgeForm(data, municipality=self.municipality, prefix="pledge")

    def done(self, form):
        services.create_pledge(self.municipality, form.cleaned_data, self.request.user)
        messages.success(self.request, _("The pledge is added."))
        return redirect("finance:cofinancing")


class LeadView(ObjectPermissionMixin, TemplateView):
    """A lead of the co-financing form, with the pledge form filled in from it."""

    permission = MANAGE
    model = InboxMessage
    template_name = "finance/lead.html"

    def get_queryset(self):
        return InboxMessage.objects.filter(
            kind=InboxMessage.Kind.COFINANCING, pledge__isnull=True
        ).select_related("municipality")

    def make_form(self, data=None):
        lead = self.object
        running = budgets.running_budget(lead.municipality, calendar.today())
        return PledgeForm(
            data,
            municipality=lead.municipality,
            initial={
                "budget": running,
                "funder": lead.organisation[:150],
                "kind": FundingSource.Kind.FUND,
                "pledged_on": calendar.today(),
                "note": lead.amount_indication,
            },
        )

    def get_context_data(self, **kwargs):
        audit.read(self.request.user, self.object, fields=InboxMessage.PERSONAL_FIELDS)
        kwargs.setdefault("form", self.make_form())
        return super().get_context_data(lead=self.object, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.create_pledge(
                self.object.municipality, form.cleaned_data, request.user, lead=self.object
            )
        except ValueError:
            messages.error(request, _("This lead already became a pledge."))
            return redirect("finance:cofinancing")
        messages.success(request, _("The lead is now a pledge and marked as handled."))
        return redirect("finance:cofinancing")


class ReceiptCreateView(ObjectPermissionMixin, View):
    permission = MANAGE
    model = Pledge

    def get(self, request, *args, **kwargs):
        return redirect("finance:cofinancing")

    def post(self, request, *args, **kwargs):
        form = ReceiptForm(request.POST, pledge=self.object, prefix=f"receipt{self.object.pk}")
        if form.is_valid():
            services.add_receipt(form, request.user)
            messages.success(request, _("The receipt is added."))
        else:
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for error in errors:
                    messages.error(request, f"{label}: {error}" if label else error)
        return redirect(reverse("finance:cofinancing") + f"#pledge-{self.object.pk}")


class PledgeWithdrawView(ObjectPermissionMixin, View):
    permission = MANAGE
    model = Pledge

    def get(self, request, *args, **kwargs):
        return redirect("finance:cofinancing")

    def post(self, request, *args, **kwargs):
        if services.withdraw_pledge(self.object, request.user):
            messages.success(request, _("The pledge is withdrawn."))
        else:
            messages.info(request, _("The pledge was already withdrawn."))
        return redirect("finance:cofinancing")
