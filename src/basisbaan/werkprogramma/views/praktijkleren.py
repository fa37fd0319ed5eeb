"""Praktijkleren: the record of one enrolment with its sign-offs, the Verklaring as PDF,
the register of issued Verklaringen and the public verification page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import StaleEdit, editing
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin, PublicView
from basisbaan.werkprogramma import praktijkleren as service
from basisbaan.werkprogramma.models import Enrolment, Praktijkleren, Route

PERMISSION = "werkprogramma.praktijkleren"
FIELDS = [
    "company",
    "company_registration",
    "work_process",
    "supervisor",
    "started_on",
    "completed_on",
]


def vocabulary() -> list[str]:
    return [str(label) for label in service.COMPETENCES]


class RecordForm(forms.ModelForm):
    chosen = forms.MultipleChoiceField(
        label=gettext_lazy("Competences demonstrated"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other = forms.CharField(
        label=gettext_lazy("Other competences (one per line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    class Meta:
        model = Praktijkleren
        fields = FIELDS
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        words = vocabulary()
        self.fields["chosen"].choices = [(w, w) for w in words]
        current = list(self.instance.competences or []) if self.instance.pk else []
        self.initial.setdefault("chosen", [c for c in current if c in words])
        self.initial.setdefault("other", "\n".join(c for c in current if c not in words))
        self.fields["company_registration"].validators.append(service.validate_registration)
        self.fields["company_registration"].help_text = _("6 to 9 digits, e.g. the SBB number.")

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("completed_on")
        today = calendar.today()
        if start and start > today:
            self.add_error("started_on", _("This date cannot lie in the future."))
        if end and end > today:
            self.add_error("completed_on", _("This date cannot lie in the future."))
        if start and end and end < start:
            self.add_error("completed_on", _("The completion lies before the start."))
        other = [line.strip()[:120] for line in (data.get("other") or "").splitlines()]
        competences = [*data.get("chosen", []), *(line for line in other if line)]
        data["competences"] = list(dict.fromkeys(competences))[:30]
        return data


class SupervisorForm(forms.Form):
    signed_on = forms.DateField(
        label=gettext_lazy("The workplace supervisor signed off on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PraktijklerenView(ObjectPermissionMixin, TemplateView):
    """One enrolment's Praktijkleren record; POST ``action``: save, coach_sign,
    supervisor_sign or issue."""

    permission = PERMISSION
    model = Enrolment
    template_name = "werkprogramma/praktijkleren_record.html"

    def get_queryset(self):
        return Enrolment.objects.filter(route__kind=Route.Kind.PRAKTIJKLEREN).select_related(
            "participant", "route", "coach"
        )

    def record(self) -> Praktijkleren | None:
        return Praktijkleren.objects.filter(enrolment=self.object).first()

    def get_context_data(self, **kwargs):
        record = self.record()
        if "form" not in kwargs:
            initial = {"version": self.object.version}
            if record is None:
                initial["started_on"] = calendar.today()
            kwargs["form"] = RecordForm(instance=record, initial=initial)
        kwargs.setdefault(
            "supervisor_form", SupervisorForm(initial={"signed_on": calendar.today()})
        )
        return super().get_context_data(
            record=record,
            missing=service.missing_for_issue(record) if record else [],
            code=service.shown_code(record.verification_code) if record else "",
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        record = self.record()
        if record is not None:
            audit.read(request.user, record, fields=["company", "competences"])
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "")
        record = self.record()
        if action == "save":
            return self.save(request, record)
        if record is None:
            messages.error(request, _("Save the Praktijkleren record first."))
            return redirect("werkprogramma:praktijkleren", self.object.pk)
        try:
            if action == "coach_sign":
                service.sign_by_coach(record, request.user)
                messages.success(request, _("Your sign-off is recorded."))
            elif action == "supervisor_sign":
                form = SupervisorForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(supervisor_form=form))
                service.sign_by_supervisor(record, form.cleaned_data["signed_on"], request.user)
                messages.success(request, _("The supervisor's sign-off is recorded."))
            elif action == "issue":
                service.issue(record, request.user)
                messages.success(request, _("The Verklaring Praktijkleren is issued."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("werkprogramma:praktijkleren", self.object.pk)

    def save(self, request, record):
        if record is not None and record.issued:
            messages.error(request, _("The Verklaring is issued: the record can no longer change."))
            return redirect("werkprogramma:praktijkleren", self.object.pk)
        form = RecordForm(request.POST, instance=record or Praktijkleren(enrolment=self.object))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            with editing(self.object, form.cleaned_data["version"]):
                saved = form.save(commit=False)
                saved.competences = form.cleaned_data["competences"]
                saved.save()
                log = audit.created if record is None else audit.changed
                log(request.user, saved, fields=[*FIELDS, "competences"])
        except StaleEdit:
            form.add_error(None, _("Someone else changed this enrolment: reload and try again."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 409
            return response
        messages.success(request, _("The Praktijkleren record is saved."))
        return redirect("werkprogramma:praktijkleren", self.object.pk)


class VerklaringPdfView(ObjectPermissionMixin, View):
    permission = PERMISSION
    model = Enrolment

    def get_queryset(self):
        return Enrolment.objects.filter(route__kind=Route.Kind.PRAKTIJKLEREN).select_related(
            "participant", "participant__municipality", "coach"
        )

    def get(self, request, *args, **kwargs):
        record = (
            Praktijkleren.objects.filter(enrolment=self.object, issued_on__isnull=False)
            .select_related("coach_signed_by")
            .first()
        )
        if record is None:
            raise Http404
        pdf = service.verklaring_pdf(
            {
                "record": record,
                "participant": self.object.participant,
                "municipality": self.object.participant.municipality,
                "code": service.shown_code(record.verification_code),
            }
        )
        audit.exported(request.user, record, fields=["verklaring"])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="verklaring-praktijkleren-{record.verification_code}.pdf"'
        )
        return response


class VerklaringenView(PermissionMixin, TemplateView):
    """The register of issued Verklaringen (a coach: their own people)."""

    permission = PERMISSION
    template_name = "werkprogramma/verklaringen.html"

    def get_context_data(self, **kwargs):
        enrolments = self.scoped(Enrolment.objects.all())
        records = list(
            Praktijkleren.objects.filter(enrolment__in=enrolments, issued_on__isnull=False)
            .select_related("enrolment__participant")
            .order_by("-issued_on", "pk")
        )
        for record in records:
            record.code = service.shown_code(record.verification_code)
        return super().get_context_data(records=records, **kwargs)


class VerifyView(PublicView, TemplateView):
    """Public: an employer checks a code. Shows only valid or not, the issue date, the
    work process, the learning company and the holder's initials."""

    template_name = "werkprogramma/verklaring_verify.html"

    def get(self, request, *args, **kwargs):
        code = (request.GET.get("code") or "").strip()[:40]
        context = {"code": code}
        status = 200
        if code:
            if not service.lookup_allowed(request):
                context["throttled"] = True
                status = 429
            else:
                record = service.lookup(code)
                context["checked"] = True
                if record is not None:
                    context["result"] = {
                        "issued_on": record.issued_on,
                        "work_process": record.work_process,
                        "company": record.company,
                        "initials": service.initials_of(record.enrolment.participant),
                    }
                    audit.read(None, record, fields=["verification_code"], purpose="verification")
        response = self.render_to_response(self.get_context_data(**context))
        response.status_code = status
        return response
