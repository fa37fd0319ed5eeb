"""The public side: submitting a task, e-mail verification, the status link and the
inbox forms (info day, co-financing).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.accounts.roles import Role
from basisbaan.audit import api as audit
from basisbaan.communitytasks import services, throttle, workflow
from basisbaan.communitytasks.forms import (
    AnswerForm,
    CofinancingForm,
    InfoDayForm,
    SlotFormSet,
    TaskSubmissionForm,
)
from basisbaan.communitytasks.models import InboxMessage, Submission, Task
from basisbaan.communitytasks.views.common import _base_url, _slot_sort_key
from basisbaan.core.mixins import PublicView
from basisbaan.tenants.models import Municipality

# --- public --------------------------------------------------------------------------


class MunicipalityPublicMixin(PublicView):
    def dispatch(self, request, *args, **kwargs):
        self.municipality = get_object_or_404(Municipality, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(municipality=self.municipality, **kwargs)

    def throttled(self, **context):
        """Above the rate limit: say so (HTTP 429), keep what was typed, store nothing."""
        response = self.render_to_response(self.get_context_data(throttled=True, **context))
        response.status_code = 429
        return response


class SubmitTaskView(MunicipalityPublicMixin, TemplateView):
    """The public task submission form of one municipality (no account needed)."""

    template_name = "communitytasks/public/submit.html"

    def _forms(self, data=None):
        one_off = bool(data) and data.get("schedule") == TaskSubmissionForm.SCHEDULE_ONE_OFF
        form = TaskSubmissionForm(data, municipality=self.municipality)
        slots = SlotFormSet(data, prefix="slots", one_off=one_off)
        return form, slots

    def get(self, request, *args, **kwargs):
        form, slots = self._forms()
        organisation = self._provider_organisation() or self._referral_partner()
        if organisation is not None:
            form.initial.update(
                organisation_name=organisation.name,
                organisation_kind=organisation.kind,
                kvk_number=organisation.kvk_number,
                contact_name=request.user.get_full_name(),
                contact_email=request.user.email,
                contact_phone=self._known_phone(organisation),
            )
        return self.render_to_response(
            self.get_context_data(
                form=form,
                slots=slots,
                provider_organisation=organisation,
                referral_partner=organisation is not None
                and organisation == self._referral_partner(),
            )
        )

    def _known_phone(self, organisation) -> str:
        """The phone number this provider already gave: as the organisation's contact
        person, else on their own latest submission (read audited, like any contact data)."""
        email = self.request.user.email
        if not email:
            return ""
        contact = (
            organisation.contacts.filter(email__iexact=email)
            .exclude(phone="")
            .order_by("pk")
            .first()
        )
        if contact is not None:
            audit.read(self.request.user, contact, fields=["phone"])
            return contact.phone
        submission = (
            Submission.objects.filter(task__organisation=organisation, contact_email__iexact=email)
            .exclude(contact_phone="")
            .order_by("-submitted_at", "-pk")
            .first()
        )
        if submission is None:
            return ""
        audit.read(self.request.user, submission, fields=["contact_phone"])
        return submission.contact_phone

    def _provider_organisation(self):
        """Task-provider staff submitting for their own organisation."""
        for assignment in access.assignments(self.request.user):
            if (
                assignment.role == Role.PROVIDER
                and assignment.municipality_id == self.municipality.pk
                and assignment.organisation_id
            ):
                return assignment.organisation
        return None

    def _referral_partner(self):
        """A referral partner's staff bringing in a task for a neighbourhood (the task
        records the partner; the provider is settled on approval, as for the public)."""
        for assignment in access.assignments(self.request.user):
            if (
                assignment.role == Role.REFERRER
                and assignment.municipality_id == self.municipality.pk
                and assignment.organisation_id
                and assignment.organisation.is_referral_partner
            ):
                return assignment.organisation
        return None

    def post(self, request, *args, **kwargs):
        form, slots = self._forms(request.POST)
        if form.is_bot():
            # Look like success to the bot; store nothing.
            return redirect("communitytasks:submitted", slug=self.municipality.slug)
        valid = form.is_valid() & slots.is_valid()
        if not valid:
            return self.render_to_response(
                self.get_context_data(form=form, slots=slots), status=400
            )
        data = form.cleaned_data
        address = throttle.address_of(request)
        if not throttle.allowed(address, data["contact_email"]):
            return self.throttled(form=form, slots=slots)
        one_off = data["schedule"] == TaskSubmissionForm.SCHEDULE_ONE_OFF
        slot_data = [
            services.SlotData(
                weekday="" if one_off else s["weekday"],
                date=data["event_date"] if one_off else None,
                start=s["start_time"],
                end=s["end_time"],
                people=s["people"],
            )
            for s in slots.filled()
        ]
        services.submit(
            municipality=self.municipality,
            task_data={
                "neighbourhood": data["neighbourhood"],
                "address": data["address"].strip(),
                "category": data["category"],
                "title": data["title"],
                "description": data["description"],
                "requires": data["requires"],
                "demands": data["demands"],
                "start_date": data["event_date"] if one_off else data["start_date"],
                "end_date": data["event_date"] if one_off else data["end_date"],
                "is_one_off": one_off,
                "event_date": data["event_date"] if one_off else None,
            },
            submission_data={
                key: data[key]
                for key in (
                    "organisation_name",
                    "organisation_kind",
                    "kvk_number",
                    "contact_name",
                    "contact_email",
                    "contact_phone",
                    "paid_staff",
                    "has_budget",
                    "volunteers_structurally",
                    "participatiebaan_work",
                    "otherwise_not_done",
                    "additionality_note",
                )
            },
            slots=slot_data,
            language=translation.get_language() or "nl",
            organisation=self._provider_organisation(),
            brought_in_by=self._referral_partner(),
            base_url=_base_url(request),
        )
        throttle.record(address, data["contact_email"])
        return redirect("communitytasks:submitted", slug=self.municipality.slug)


class SubmittedView(MunicipalityPublicMixin, TemplateView):
    template_name = "communitytasks/public/submitted.html"


class VerifyEmailView(PublicView, TemplateView):
    """The link in the verification mail: a button confirms (mail scanners only GET)."""

    template_name = "communitytasks/public/verify.html"

    def post(self, request, token):
        try:
            _submission, status_token = services.verify_email(token, base_url=_base_url(request))
        except services.InvalidLink:
            return self.render_to_response(self.get_context_data(invalid=True), status=404)
        messages.success(request, _("Thank you. Your e-mail address is confirmed."))
        return redirect("communitytasks:status", token=status_token)


class StatusView(PublicView, TemplateView):
    """The submitter's private status page (the token is the only key)."""

    template_name = "communitytasks/public/status.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.submission = services.submission_for_status_token(kwargs["token"])
        except services.InvalidLink:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        task = self.submission.task
        shown_events = task.events.filter(kind__in=["transition", "answered"]).order_by("at", "pk")
        rejection = shown_events.filter(to_status=Task.Status.REJECTED).last()
        kwargs.setdefault(
            "answer_form", AnswerForm() if task.status == Task.Status.MORE_INFO else None
        )
        return super().get_context_data(
            submission=self.submission,
            task=task,
            messages_list=task.messages.all(),
            rejection=rejection,
            slots=sorted(task.slots.all(), key=_slot_sort_key),
            **kwargs,
        )

    def post(self, request, token):
        task = self.submission.task
        if task.status != Task.Status.MORE_INFO:
            return redirect("communitytasks:status", token=token)
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        try:
            services.transition(
                task, "answer", reason=form.cleaned_data["answer"], by_submitter=True
            )
        except workflow.TransitionNotAllowed:
            return redirect("communitytasks:status", token=token)
        messages.success(request, _("Thank you. We have received your answer."))
        return redirect("communitytasks:status", token=token)


class InboxFormView(MunicipalityPublicMixin, TemplateView):
    form_class = None
    kind = ""
    template_name = "communitytasks/public/inbox_form.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form_class())
        return super().get_context_data(kind=self.kind, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if form.is_bot():
            return redirect("communitytasks:thanks", slug=self.municipality.slug)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        address = throttle.address_of(request)
        if not throttle.allowed(address):
            return self.throttled(form=form)
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        services.receive_inbox_message(municipality=self.municipality, kind=self.kind, data=data)
        throttle.record(address)
        return redirect("communitytasks:thanks", slug=self.municipality.slug)


class InfoDayView(InboxFormView):
    form_class = InfoDayForm
    kind = InboxMessage.Kind.INFO_DAY


class CofinancingView(InboxFormView):
    form_class = CofinancingForm
    kind = InboxMessage.Kind.COFINANCING


class ThanksView(MunicipalityPublicMixin, TemplateView):
    template_name = "communitytasks/public/thanks.html"
