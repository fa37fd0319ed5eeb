"""The participant's employment contracts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.participants import services
from basisbaan.participants.forms import ContractForm
from basisbaan.participants.views.common import ParticipantFileMixin


class ContractView(ParticipantFileMixin, TemplateView):
    permission = "participants.view_income"
    template_name = "participants/file_contract.html"
    tab = "contract"
    read_fields = ["contracts", "benefit_since"]

    def get_context_data(self, **kwargs):
        today = calendar.today()
        contracts = list(self.object.contracts.select_related("employer").order_by("-start_date"))
        return super().get_context_data(
            contracts=contracts,
            wage_history=services.wage_history(contracts),
            current=self.object.current_contract(today),
            signals=services.contract_signals(self.object, today),
            employment_start=services.employment_start(self.object),
            today=today,
            may_edit=access.can(self.request.user, "participants.edit_contract", self.object),
            **kwargs,
        )


class ContractCreateView(ConflictMixin, ParticipantFileMixin, FormView):
    permission = "participants.edit_contract"
    template_name = "participants/contract_form.html"
    tab = "contract"
    form_class = ContractForm

    def get_initial(self):
        return {
            "start_date": calendar.today(),
            "hours_per_week": self.object.contract_hours or None,
        }

    def get_form_kwargs(self):
        # A new contract ends the running one: only over the file as it was read.
        return {**super().get_form_kwargs(), "version_of": self.object}

    def current_form(self, form, record):
        latest = record.contracts.order_by("-start_date").first()
        fields = ["kind", "start_date", "end_date", "hours_per_week", "wage_supplement_eur"]
        initial = {name: getattr(latest, name) for name in fields} if latest else {}
        return ContractForm(initial=initial, version_of=record)

    def conflict_shown(self, shown):
        audit.read(self.request.user, self.object, fields=["contracts"])

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                contract = services.add_contract(
                    self.object, self.request.user, **form.cleaned_data
                )
        except StaleEdit:
            return self.conflict_response(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The contract is saved: EUR %(wage)s an hour, EUR %(month)s a month gross.")
            % {"wage": contract.hourly_wage_eur, "month": contract.monthly_gross_eur},
        )
        return redirect("participants:contract", self.object.pk)
