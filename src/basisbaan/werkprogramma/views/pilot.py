"""The status-holders pilot: one enrolment's placement and the pilot's figures."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.werkprogramma import pilot
from basisbaan.werkprogramma.models import Enrolment, Placement, Route

# Who sees small groups (1-4 people) unsuppressed: programme staff.
FULL_FIGURES = "werkprogramma.manage_routes"
FIELDS = ["department", "language_support", "start_date", "end_date", "hours_per_week"]


class PlacementForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    class Meta:
        model = Placement
        fields = FIELDS
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        return data


class PlacementView(ObjectPermissionMixin, TemplateView):
    """The placement of one enrolment in the pilot at stadsbeheer."""

    permission = "werkprogramma.enrol"
    model = Enrolment
    template_name = "werkprogramma/placement_form.html"

    def get_queryset(self):
        return Enrolment.objects.filter(route__kind=Route.Kind.STATUS_HOLDERS).select_related(
            "participant", "route"
        )

    def placement(self) -> Placement | None:
        return Placement.objects.filter(enrolment=self.object).first()

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            placement = self.placement()
            initial = {"version": self.object.version}
            if placement is None:
                initial["start_date"] = calendar.today()
            kwargs["form"] = PlacementForm(instance=placement, initial=initial)
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        placement = self.placement()
        form = PlacementForm(request.POST, instance=placement or Placement(enrolment=self.object))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            with editing(self.object, form.cleaned_data["version"]):
                saved = form.save()
                log = audit.created if placement is None else audit.changed
                log(request.user, saved, fields=FIELDS)
        except StaleEdit:
            form.add_error(None, _("Someone else changed this enrolment: reload and try again."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 409
            return response
        messages.success(request, _("The placement is saved."))
        return redirect("werkprogramma:pilot")


class PilotView(PermissionMixin, TemplateView):
    """The pilot's own figures; small groups suppressed for all but programme staff."""

    permission = "werkprogramma.view"
    template_name = "werkprogramma/pilot.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        user = self.request.user
        full = access.has_perm(user, FULL_FIGURES, self.municipality)
        enrolments = []
        if access.has_perm(user, "werkprogramma.enrol", self.municipality):
            enrolments = list(
                self.scoped(Enrolment.objects.all(), "werkprogramma.enrol")
                .filter(route__kind=Route.Kind.STATUS_HOLDERS)
                .select_related("participant", "placement")
                .order_by("-enrolled_on", "pk")
            )
        return super().get_context_data(
            figures=pilot.shown(pilot.figures(self.municipality, today), full),
            full=full,
            enrolments=enrolments,
            today=today,
            **kwargs,
        )
