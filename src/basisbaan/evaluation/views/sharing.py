"""Sharing indicators: the JSON download and the import of another municipality's file
(dry run first, then confirm), with the comparison table."""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from basisbaan.core import calendar
from basisbaan.core.mixins import PermissionMixin
from basisbaan.evaluation import sharing
from basisbaan.evaluation.models import SharedIndicators

PENDING = "evaluation.indicators_pending"
MAX_COLUMNS = 6


class IndicatorsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Indicators file of another municipality (JSON)"),
        help_text=gettext_lazy("A basisbaan-indicators/1 file, at most 256 KB."),
    )


class IndicatorsExportView(PermissionMixin, View):
    permission = "evaluation.view_monitor"

    def get(self, request, *args, **kwargs):
        today = calendar.today()
        document = sharing.export(self.municipality, today)
        response = HttpResponse(
            sharing.dumps(document), content_type="application/json; charset=utf-8"
        )
        name = f"basisbaan-indicatoren-{self.municipality.cbs_code}-{today:%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


def _token(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class IndicatorsImportView(PermissionMixin, View):
    """GET: the upload form and the comparison. POST ``preview`` (a file): validated and
    shown, not stored; POST ``confirm``: the previewed file is stored."""

    permission = "evaluation.share_indicators"
    template_name = "evaluation/indicators_import.html"

    def context(self, **extra) -> dict:
        imports = list(
            SharedIndicators.objects.filter(municipality=self.municipality).order_by(
                "-period_to", "source_name", "pk"
            )[:MAX_COLUMNS]
        )
        own = sharing.export(self.municipality, calendar.today())
        return {
            "form": extra.pop("form", None) or IndicatorsUploadForm(),
            "imports": imports,
            "table": sharing.comparison(own, [i.document for i in imports]),
            "schema_url": static(sharing.SCHEMA_STATIC),
            "format": sharing.FORMAT,
            **extra,
        }

    def render(self, status=200, **extra):
        return TemplateResponse(
            self.request, self.template_name, self.context(**extra), status=status
        )

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "confirm":
            return self.confirm(request)
        form = IndicatorsUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(status=400, form=form)
        upload = form.cleaned_data["file"]
        content = upload.read(sharing.MAX_BYTES + 1)
        document, errors = sharing.parse(content, self.municipality)
        if errors:
            return self.render(status=400, form=form, errors=errors)
        text = json.dumps(document, sort_keys=True)
        request.session[PENDING] = {"municipality": self.municipality.pk, "document": text}
        return self.render(
            preview=document,
            preview_table=sharing.comparison(document, []),
            replaces=sharing.existing(self.municipality, document),
            token=_token(text),
        )

    def confirm(self, request):
        pending = request.session.get(PENDING) or {}
        text = pending.get("document") if isinstance(pending, dict) else None
        if (
            not isinstance(text, str)
            or pending.get("municipality") != self.municipality.pk
            or request.POST.get("token") != _token(text)
        ):
            messages.error(request, _("There is no checked file to import: upload it again."))
            return redirect("evaluation:indicators_import")
        document, errors = sharing.parse(text.encode(), self.municipality)
        if errors:
            messages.error(request, " ".join(errors))
            return redirect("evaluation:indicators_import")
        record, replaced = sharing.store(self.municipality, document, request.user)
        del request.session[PENDING]
        if replaced:
            messages.success(
                request,
                _("The figures of %(name)s replace the earlier import of that period.")
                % {"name": record.source_name},
            )
        else:
            messages.success(
                request, _("The figures of %(name)s are imported.") % {"name": record.source_name}
            )
        return redirect("evaluation:indicators_import")
