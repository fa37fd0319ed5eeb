"""The import of participants, its column mapping and the eligibility rules."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import parsing
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, claim, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.jobs.runner import enqueue
from basisbaan.participants import importer
from basisbaan.participants.forms import MappingForm, RulesForm, UploadForm
from basisbaan.participants.models import EligibilityRule, ImportMapping, ImportRun
from basisbaan.tenants.models import Programme

# --- import ----------------------------------------------------------------------


class ImportUploadView(PermissionMixin, FormView):
    permission = "participants.import"
    template_name = "participants/import_upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns=importer.columns_for(self.municipality),
            runs=ImportRun.objects.filter(
                municipality=self.municipality, kind=ImportRun.Kind.TARGET_GROUP
            )
            .select_related("uploaded_by")
            .defer("content")[:10],
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        data = upload.read()
        parsed = importer.parse(data, importer.columns_for(self.municipality))
        would = importer.apply(parsed, self.municipality, dry_run=True, skip_invalid=True)
        run = ImportRun.objects.create(
            municipality=self.municipality,
            kind=ImportRun.Kind.TARGET_GROUP,
            uploaded_by=self.request.user,
            filename=upload.name[:200],
            content=data,
            preview={
                "total": parsed.total,
                "valid": len(parsed.rows),
                "rejected": parsed.rejected,
                "file_error": parsed.file_error,
                "errors": [[e.line, e.column, e.reason] for e in parsed.errors[:500]],
                "more_errors": max(0, len(parsed.errors) - 500),
                "created": would.created,
                "updated": would.updated,
                "unchanged": would.unchanged,
            },
        )
        audit.created(self.request.user, run, fields=["file"], purpose="target group upload")
        return redirect("participants:import_detail", run.pk)


class ImportDetailView(ObjectPermissionMixin, TemplateView):
    """The preview of an upload (errors per line and column; what would change) and, after
    the import, its summary. POST starts the import as a background job."""

    permission = "participants.import"
    model = ImportRun
    template_name = "participants/import_detail.html"

    def get_queryset(self):
        # Only target-group runs: the UWV list's runs have their own pages.
        return ImportRun.objects.filter(kind=ImportRun.Kind.TARGET_GROUP).select_related(
            "job", "uploaded_by"
        )

    def get_context_data(self, **kwargs):
        run = self.object
        summary = {k: v for k, v in run.summary.items() if not k.endswith("_ids")}
        return super().get_context_data(run=run, summary=summary, **kwargs)

    def post(self, request, *args, **kwargs):
        skip_invalid = request.POST.get("skip_invalid") == "1"
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=self.object.pk)
            if run.state != ImportRun.State.PREVIEW:
                messages.error(request, _("This file was already imported."))
                return redirect("participants:import_detail", run.pk)
            preview = run.preview
            if preview.get("file_error") or not preview.get("valid"):
                messages.error(request, _("There is nothing to import in this file."))
                return redirect("participants:import_detail", run.pk)
            if preview.get("rejected") and not skip_invalid:
                messages.error(
                    request,
                    _("The file has invalid rows: fix them, or import only the valid rows."),
                )
                return redirect("participants:import_detail", run.pk)
            run.state = ImportRun.State.QUEUED
            run.skip_invalid = skip_invalid
            run.save(update_fields=["state", "skip_invalid"])
            job = enqueue("participants.import", run.municipality, request.user, run=run.pk)
            run.job = job
            run.save(update_fields=["job"])
        return redirect("participants:import_detail", run.pk)


class MappingView(ConflictMixin, PermissionMixin, FormView):
    permission = "participants.manage_rules"
    template_name = "participants/mapping_form.html"

    def get_form(self, form_class=None):
        mapping = ImportMapping.objects.filter(municipality=self.municipality).first()
        return MappingForm(
            columns=importer.columns_for(self.municipality),
            version_of=mapping,
            **self.get_form_kwargs(),
        )

    def current_form(self, form, record):
        return MappingForm(columns=importer.columns_for(self.municipality), version_of=record)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                mapping, _created = ImportMapping.objects.get_or_create(
                    municipality=self.municipality
                )
                claim(mapping, form.posted_version)
                mapping.columns = {k: v.strip() for k, v in form.cleaned_data.items() if v}
                mapping.save()
        except StaleEdit:
            record = ImportMapping.objects.filter(municipality=self.municipality).first()
            return self.conflict_response(form, record=record or ImportMapping())
        messages.success(self.request, _("The column mapping is saved."))
        return redirect("participants:import")


class RulesView(ConflictMixin, PermissionMixin, FormView):
    """The eligibility rules of the municipality's basisbaan programme, as data."""

    permission = "participants.manage_rules"
    template_name = "participants/rules_form.html"

    def get_programme(self):
        programmes = Programme.objects.filter(municipality=self.municipality).order_by("start_date")
        chosen = self.request.GET.get("programme") or self.request.POST.get("programme")
        chosen_id = parsing.optional_id(chosen)
        programme = programmes.filter(pk=chosen_id).first() if chosen_id else None
        return programme or importer.default_programme(self.municipality) or programmes.first()

    def get_form(self, form_class=None):
        self.programme = self.get_programme()
        rules = (
            {r.kind: r for r in self.programme.eligibility_rules.all()} if self.programme else {}
        )
        return RulesForm(rules=rules, version_of=self.programme, **self.get_form_kwargs())

    def current_form(self, form, record):
        rules = {r.kind: r for r in record.eligibility_rules.all()}
        return RulesForm(rules=rules, version_of=record)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return super().get_context_data(
            programme=self.programme,
            programmes=Programme.objects.filter(municipality=self.municipality),
            **kwargs,
        )

    def form_valid(self, form):
        if self.programme is None:
            raise Http404
        data = form.cleaned_data
        try:
            with editing(self.programme, form.posted_version):
                self._save_rules(data)
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(self.request, _("The eligibility rules are saved."))
        return redirect(f"{reverse('participants:rules')}?programme={self.programme.pk}")

    def _save_rules(self, data):
        for order, (kind, _label) in enumerate(EligibilityRule.Kind.choices):
            value = data.get(f"{kind}_value")
            EligibilityRule.objects.update_or_create(
                programme=self.programme,
                kind=kind,
                defaults={
                    "active": bool(data.get(f"{kind}_active")),
                    "value": ""
                    if value is None
                    else f"{value:g}"
                    if not isinstance(value, str)
                    else value,
                    "order": order,
                },
            )
