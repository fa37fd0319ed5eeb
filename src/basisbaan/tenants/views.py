from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.tenants.forms import ProgrammeParametersForm
from basisbaan.tenants.models import BijstandsNorm, MinimumWage, Programme


class ProgrammeOverviewView(PermissionMixin, TemplateView):
    """The active municipality's programmes, parameters, neighbourhoods and national figures."""

    permission = "tenants.view"
    template_name = "tenants/overview.html"

    def get_context_data(self, **kwargs):
        programmes = self.scoped(
            Programme.objects.select_related("employer").prefetch_related(
                "parameters", "employer__terms"
            )
        )
        return super().get_context_data(
            programmes=programmes,
            neighbourhoods=self.municipality.neighbourhoods.all(),
            minimum_wages=MinimumWage.objects.all(),
            norms=BijstandsNorm.objects.all(),
            can_manage=access.has_perm(self.request.user, "tenants.manage", self.municipality),
            **kwargs,
        )


class ParametersCreateView(ConflictMixin, ObjectPermissionMixin, FormView):
    """Add a new dated set of programme parameters (the old ones stay for history)."""

    permission = "tenants.manage"
    model = Programme
    form_class = ProgrammeParametersForm
    template_name = "tenants/parameters_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        current = self.object.parameters.order_by("-valid_from").first()
        if current and self.request.method != "POST":
            kwargs["instance"] = None
            kwargs["initial"] = {
                f: getattr(current, f)
                for f in ProgrammeParametersForm.Meta.fields
                if f != "valid_from"
            }
        kwargs["programme"] = self.object
        kwargs["version_of"] = self.object  # a new set is based on the programme as read
        return kwargs

    def current_form(self, form, record):
        current = record.parameters.order_by("-valid_from").first()
        fields = ProgrammeParametersForm.Meta.fields
        initial = {f: getattr(current, f) for f in fields} if current else {}
        return ProgrammeParametersForm(initial=initial, programme=record, version_of=record)

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                parameters = form.save(commit=False)
                parameters.programme = self.object
                parameters.save()
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(self.request, _("The new parameters are saved."))
        return redirect("tenants:overview")
