"""The UWV list (prevention route): upload, dry run, apply; the worklist by WW end date
and the result after the WW."""

import secrets

from django import forms
from django.contrib import messages
from django.db.models import F, Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.werkprogramma import uwv
from basisbaan.werkprogramma.models import Enrolment, Route, StepProgress

SESSION_KEY = "werkprogramma_uwv_upload"
WORKLIST_STEPS = 3  # intake, introduced to an employer, training offered


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("UWV list (CSV)"))


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=gettext_lazy("Result after the WW"),
        choices=Enrolment.BijstandResult.choices,
        widget=forms.RadioSelect,
    )
    entered_on = forms.DateField(
        label=gettext_lazy("Entered bijstand on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def clean(self):
        data = super().clean()
        entered = data.get("entered_on")
        if data.get("result") == Enrolment.BijstandResult.ENTERED:
            if entered is None:
                self.add_error("entered_on", _("Give the date the person entered bijstand."))
            elif entered > calendar.today():
                self.add_error("entered_on", _("This date cannot lie in the future."))
        else:
            data["entered_on"] = None
        return data


class UwvImportView(PermissionMixin, TemplateView):
    """Upload the list: POST ``check`` shows what would happen (a dry run, nothing
    changes); POST ``apply`` with the checked file's token imports it."""

    permission = "werkprogramma.import_uwv"
    template_name = "werkprogramma/uwv_import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(columns=uwv.COLUMNS, **kwargs)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "apply":
            return self.apply(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        data = upload.read(uwv.MAX_BYTES + 1)
        outcome = uwv.import_file(data, self.municipality, request.user, dry_run=True)
        token = ""
        if not outcome.rejected:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "municipality": self.municipality.pk,
                "data": data.decode("utf-8-sig"),
            }
        return self.render_to_response(
            self.get_context_data(outcome=outcome, token=token, filename=upload.name)
        )

    def apply(self, request):
        stored = request.session.get(SESSION_KEY) or {}
        if (
            not stored
            or stored.get("token") != request.POST.get("token")
            or stored.get("municipality") != self.municipality.pk
        ):
            messages.error(request, _("Check the file first; then import it."))
            return redirect("werkprogramma:uwv_import")
        outcome = uwv.import_file(stored["data"].encode(), self.municipality, request.user)
        request.session.pop(SESSION_KEY, None)
        return self.render_to_response(self.get_context_data(outcome=outcome, done=True))


def prevention_enrolments(queryset):
    steps = StepProgress.objects.select_related("step").order_by("step__order")
    return (
        queryset.filter(route__kind=Route.Kind.PREVENTION)
        .select_related("participant", "coach", "route")
        .prefetch_related(Prefetch("steps", queryset=steps))
    )


class PreventionView(PermissionMixin, TemplateView):
    """The prevention worklist: people whose WW ends soonest first, their first steps."""

    permission = "werkprogramma.enrol"
    template_name = "werkprogramma/uwv_worklist.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        enrolments = list(
            prevention_enrolments(self.scoped(Enrolment.objects.all()))
            .filter(status=Enrolment.Status.ACTIVE)
            .order_by(F("ww_end_date").asc(nulls_last=True), "pk")
        )
        for enrolment in enrolments:
            enrolment.first_steps = list(enrolment.steps.all())[:WORKLIST_STEPS]
            for progress in enrolment.first_steps:
                progress.is_overdue = progress.overdue(today)
        names = []
        if enrolments:
            names = [s.step.name for s in enrolments[0].first_steps]
        return super().get_context_data(
            enrolments=enrolments, step_names=names, today=today, **kwargs
        )


class PreventionResultView(ObjectPermissionMixin, FormView):
    """Record the result after the WW: did not enter bijstand, or entered on a date."""

    permission = "werkprogramma.enrol"
    model = Enrolment
    template_name = "werkprogramma/uwv_result.html"
    form_class = ResultForm

    def get_queryset(self):
        return prevention_enrolments(Enrolment.objects.all())

    def get_initial(self):
        e = self.object
        return {
            "result": e.bijstand_result,
            "entered_on": e.bijstand_entered_on,
            "version": e.version,
        }

    def get(self, request, *args, **kwargs):
        audit.read(request.user, self.object, fields=["ww_end_date", "bijstand_result"])
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        enrolment = self.object
        try:
            with editing(enrolment, form.cleaned_data["version"]):
                enrolment.bijstand_result = form.cleaned_data["result"]
                enrolment.bijstand_entered_on = form.cleaned_data["entered_on"]
                enrolment.save(update_fields=["bijstand_result", "bijstand_entered_on"])
                audit.changed(
                    self.request.user,
                    enrolment,
                    fields=["bijstand_result", "bijstand_entered_on"],
                )
        except StaleEdit:
            form.add_error(None, _("Someone else changed this enrolment: reload and try again."))
            response = self.form_invalid(form)
            response.status_code = 409
            return response
        messages.success(self.request, _("The result is saved."))
        return redirect("werkprogramma:prevention")
