"""The UWV list (prevention route): upload with a dry run, the import as a background
job with its run history; the worklist by WW end date and the result after the WW."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.db.models import F, Prefetch
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.jobs.runner import enqueue
from basisbaan.participants.models import ImportRun
from basisbaan.werkprogramma import jobs, uwv
from basisbaan.werkprogramma.models import Enrolment, Route, StepProgress

RECENT_RUNS = 10
WORKLIST_STEPS = 3  # intake, introduced to an employer, training offered


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("UWV list (CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uwv.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


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


class UwvImportView(PermissionMixin, FormView):
    """Upload the list: it is checked at once (a dry run, nothing changes) and kept as
    an import run; its page shows what would happen and starts the import. Below the
    form the last uploads."""

    permission = "werkprogramma.import_uwv"
    template_name = "werkprogramma/uwv_import.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        runs = (
            ImportRun.objects.filter(municipality=self.municipality, kind=ImportRun.Kind.UWV)
            .select_related("uploaded_by")
            .defer("content")[:RECENT_RUNS]
        )
        return super().get_context_data(columns=uwv.COLUMNS, runs=runs, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read(uwv.MAX_BYTES + 1)
        parsed = uwv.parse(data)
        would = uwv.apply(parsed, self.municipality, self.request.user, dry_run=True)
        preview = uwv.preview_of(parsed, would)
        run = ImportRun.objects.create(
            municipality=self.municipality,
            kind=ImportRun.Kind.UWV,
            uploaded_by=self.request.user,
            filename=upload.name[:200],
            # A file that cannot be imported is not kept: only its reasons.
            content=data if uwv.startable(preview) else b"",
            preview=preview,
        )
        audit.created(self.request.user, run, fields=["file"], purpose="UWV list upload")
        return redirect("werkprogramma:uwv_run", run.pk)


class UwvRunView(ObjectPermissionMixin, TemplateView):
    """One upload of the UWV list: the dry run (what would happen per line, or the bad
    lines) and, once started, the job's progress and the import's summary. POST starts
    the import as a background job."""

    permission = "werkprogramma.import_uwv"
    model = ImportRun
    template_name = "werkprogramma/uwv_run.html"

    def get_queryset(self):
        # Only UWV runs: the target group's runs have their own pages.
        return ImportRun.objects.filter(kind=ImportRun.Kind.UWV).select_related(
            "job", "uploaded_by"
        )

    def get_context_data(self, **kwargs):
        run = self.object
        return super().get_context_data(
            run=run, startable=uwv.startable(run.preview), columns=uwv.COLUMNS, **kwargs
        )

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=self.object.pk)
            if run.state != ImportRun.State.PREVIEW:
                messages.error(request, _("This file was already imported."))
                return redirect("werkprogramma:uwv_run", run.pk)
            if not uwv.startable(run.preview):
                messages.error(
                    request, _("This file cannot be imported: correct it and upload it again.")
                )
                return redirect("werkprogramma:uwv_run", run.pk)
            run.state = ImportRun.State.QUEUED
            run.save(update_fields=["state"])
            job = enqueue(jobs.KIND, run.municipality, request.user, run=run.pk)
            run.job = job
            run.save(update_fields=["job"])
        return redirect("werkprogramma:uwv_run", run.pk)


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
