"""Data-subject requests (AVG art. 15-21) on the participant file, for the programme staff
who handle them (``participants.subject_requests``): the register of one person and of
the municipality, the complete export (PDF and JSON, audited), corrections and erasure.

The export holds everything, health and income included: it is for the person
themselves, which is why only the handlers may produce it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.concurrency import ConflictMixin, StaleEdit, VersionedFormMixin, editing
from basisbaan.core.exports import attachment
from basisbaan.core.mixins import PermissionMixin
from basisbaan.participants import subject_requests
from basisbaan.participants.forms import DateInput
from basisbaan.participants.models import DataSubjectRequest, Participant
from basisbaan.participants.views.common import ParticipantFileMixin
from basisbaan.privacy import subject

PERMISSION = "participants.subject_requests"


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=DataSubjectRequest.Kind.choices)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=DateInput())
    description = forms.CharField(
        label=gettext_lazy("What the person asks"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("In a few words, without health details."),
    )


class HandleForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=DataSubjectRequest.Status.choices
    )
    outcome = forms.CharField(
        label=gettext_lazy("Outcome"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What was done, or why (part of) the request was refused."),
    )


class RectifyForm(VersionedFormMixin, forms.Form):
    field = forms.ChoiceField(label=gettext_lazy("Field"))
    value = forms.CharField(label=gettext_lazy("Correct value"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [
            (name, Participant._meta.get_field(name).verbose_name)
            for name in subject_requests.CORRECTABLE
        ]


class CorrectionForm(forms.Form):
    what = forms.CharField(
        label=gettext_lazy("What was corrected"),
        max_length=200,
        help_text=gettext_lazy("The record, e.g. the sick report of 3 March."),
    )
    old = forms.CharField(label=gettext_lazy("Old (described)"), max_length=300)
    new = forms.CharField(
        label=gettext_lazy("New (described)"),
        max_length=300,
        help_text=gettext_lazy(
            "Describe, do not repeat health details or other special-category values "
            "(e.g. 'first sick day one day later')."
        ),
    )


class RequestMixin(ParticipantFileMixin):
    """A page of one request on the participant's file (404 outside the handler's scope)."""

    permission = PERMISSION
    tab = "privacy"

    def get_object(self, queryset=None):
        participant = super().get_object(queryset)
        self.subject_request = access.get_object_or_404(
            self.request.user,
            PERMISSION,
            DataSubjectRequest.objects.select_related("handled_by"),
            pk=self.kwargs["nr"],
            participant=participant,
        )
        return participant

    def get_context_data(self, **kwargs):
        if self.request.method == "GET":
            audit.read(self.request.user, self.subject_request, fields=["request"])
        return super().get_context_data(
            subject_request=self.subject_request, today=calendar.today(), **kwargs
        )


class SubjectRequestsView(ParticipantFileMixin, FormView):
    """The tab: the person's requests, their corrections, and a new request."""

    permission = PERMISSION
    template_name = "participants/subject_requests.html"
    tab = "privacy"
    form_class = RequestForm
    read_fields = ["subject_requests", "rectifications"]

    def get_initial(self):
        return {"received_on": calendar.today()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requests=self.object.subject_requests.select_related("handled_by"),
            rectifications=self.object.rectifications.select_related("by", "request"),
            today=calendar.today(),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            created = subject_requests.register(self.object, self.request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The request is registered. Answer it by %(due)s.")
            % {"due": created.due_on.strftime("%d-%m-%Y")},
        )
        return redirect("participants:subject_request", self.object.pk, created.pk)


class SubjectRequestView(ConflictMixin, RequestMixin, FormView):
    """One request: its export, the outcome, and the next step for its type."""

    template_name = "participants/subject_request.html"

    def get_form(self, form_class=None):
        if self.request.method == "POST":
            return HandleForm(self.request.POST, version_of=self.subject_request)
        return HandleForm(
            initial={
                "status": self.subject_request.status,
                "outcome": self.subject_request.outcome,
            },
            version_of=self.subject_request,
        )

    def current_form(self, form, record):
        return HandleForm(
            initial={"status": record.status, "outcome": record.outcome}, version_of=record
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.subject_request.kind == DataSubjectRequest.Kind.ERASURE:
            context["assessment"] = subject_requests.erasure_assessment(self.object)
        return context

    def form_valid(self, form):
        try:
            with editing(self.subject_request, form.posted_version):
                changed = subject_requests.handle(
                    self.subject_request, self.request.user, **form.cleaned_data
                )
        except StaleEdit:
            return self.conflict_response(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, _("The request is saved."))
        else:
            messages.info(self.request, _("Nothing was changed."))
        return redirect("participants:subject_request", self.object.pk, self.subject_request.pk)


class SubjectExportView(RequestMixin, TemplateView):
    """The complete export of the person's data, as PDF or JSON (audited as an export)."""

    def get(self, request, *args, **kwargs):
        fmt = self.kwargs["fmt"]
        if fmt not in ("pdf", "json"):
            raise Http404
        data = subject.collect(self.object)
        label = _("request %(n)s, received on %(date)s") % {
            "n": self.subject_request.pk,
            "date": self.subject_request.received_on.strftime("%d-%m-%Y"),
        }
        audit.exported(
            request.user,
            self.object,
            fields=sorted({s["app"] for s in data["sections"]} | {"audit"}),
            purpose=f"data-subject request {self.subject_request.pk} ({fmt})",
        )
        filename = f"avg-inzage-{self.object.pseudonym}-{calendar.today():%Y%m%d}.{fmt}"
        if fmt == "pdf":
            return attachment(subject.render_pdf(data, request_label=label), filename)
        response = HttpResponse(
            subject.as_json({**data, "request": label}),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"  # as core.exports.attachment: personal data
        return response


class RectifyView(ConflictMixin, RequestMixin, TemplateView):
    """Correct a field of the file, or log a correction made elsewhere."""

    template_name = "participants/subject_rectify.html"

    def forms(self, data=None, which=None):
        return {
            "rectify_form": RectifyForm(data if which == "field" else None, version_of=self.object),
            "correction_form": CorrectionForm(data if which == "other" else None),
        }

    def get_context_data(self, **kwargs):
        for name, form in self.forms().items():
            kwargs.setdefault(name, form)
        return super().get_context_data(**kwargs)

    def current_form(self, form, record):
        return RectifyForm(version_of=record)

    def conflict_shown(self, shown):
        audit.read(self.request.user, self.object, fields=[row.name for row in shown])

    def post(self, request, *args, **kwargs):
        which = request.POST.get("action")
        forms_ = self.forms(request.POST, which)
        form = forms_["rectify_form"] if which == "field" else forms_["correction_form"]
        if which not in ("field", "other") or not form.is_valid():
            return self.render_to_response(self.get_context_data(**forms_), status=200)
        try:
            if which == "field":
                with editing(self.object, form.posted_version):
                    entry = subject_requests.rectify(
                        self.object,
                        request.user,
                        self.subject_request,
                        form.cleaned_data["field"],
                        form.cleaned_data["value"],
                    )
            else:
                entry = subject_requests.record_correction(
                    self.object, request.user, self.subject_request, **form.cleaned_data
                )
        except StaleEdit:
            return self.conflict_response(form, rectify_form=form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.render_to_response(self.get_context_data(**forms_))
        if entry is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("The correction is saved and logged."))
        return redirect("participants:subject_request", self.object.pk, self.subject_request.pk)


class EraseView(RequestMixin, TemplateView):
    """What the law requires keeping, and the erasure itself when nothing must be kept."""

    template_name = "participants/subject_erase.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assessment=subject_requests.erasure_assessment(self.object), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("participants:subject_erase", self.object.pk, self.subject_request.pk)
        try:
            erased = subject_requests.erase(self.subject_request, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("participants:subject_request", self.object.pk, self.subject_request.pk)
        if erased:
            messages.success(
                request, _("The person's data is erased; the request stays in the register.")
            )
            return redirect("participants:subject_register")
        messages.warning(request, _("Not erased: the law requires keeping some records."))
        return redirect("participants:subject_request", self.object.pk, self.subject_request.pk)


class SubjectRegisterView(PermissionMixin, TemplateView):
    """The municipality's register of data-subject requests: open ones by due date first."""

    permission = PERMISSION
    template_name = "participants/subject_register.html"

    def get_context_data(self, **kwargs):
        requests = self.scoped(
            DataSubjectRequest.objects.filter(municipality=self.municipality).select_related(
                "participant", "handled_by"
            )
        )
        open_requests = list(
            requests.filter(status=DataSubjectRequest.Status.OPEN).order_by("due_on", "pk")
        )
        handled = list(
            requests.exclude(status=DataSubjectRequest.Status.OPEN).order_by("-handled_on", "-pk")[
                :100
            ]
        )
        for r in (*open_requests, *handled):
            if r.participant is not None:
                audit.read(self.request.user, r.participant, fields=["name", "subject_requests"])
        return super().get_context_data(
            open_requests=open_requests, handled=handled, today=calendar.today(), **kwargs
        )
