"""The lifecycle of a participant: status transitions, assignment to a coach, priority."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from basisbaan.core.concurrency import ConflictMixin, StaleEdit, editing
from basisbaan.participants import services, workflow
from basisbaan.participants.forms import AssignForm, PriorityForm, TransitionForm
from basisbaan.participants.models import Status
from basisbaan.participants.views.common import ParticipantFileMixin


class TransitionView(ParticipantFileMixin, FormView):
    permission = "participants.transition"
    template_name = "participants/transition_form.html"
    tab = "profile"

    def get_form(self, form_class=None):
        return TransitionForm(participant=self.object, **self.get_form_kwargs())

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            workflow.transition(
                self.object.pk,
                data["target"],
                self.request.user,
                expected=data["expected"],
                exit_reason=data["exit_reason"],
                follow_up_date=data["follow_up_date"],
                note=data["note"],
            )
        except workflow.TransitionError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The status is now: %(status)s.") % {"status": Status(data["target"]).label},
        )
        return redirect("participants:detail", self.object.pk)


class AssignView(ConflictMixin, ParticipantFileMixin, FormView):
    """Coach and guidance organisation, with caseload counts and a balancing suggestion."""

    permission = "participants.assign"
    template_name = "participants/assign_form.html"
    tab = "profile"

    def get_form(self, form_class=None):
        self.coaches, self.organisations = services.caseloads(self.object.municipality)
        return AssignForm(
            coaches=self.coaches,
            organisations=self.organisations,
            version_of=self.object,
            **self.get_form_kwargs(),
        )

    def current_form(self, form, record):
        initial = {"coach": record.coach, "guidance_organisation": record.guidance_organisation}
        return AssignForm(
            coaches=self.coaches,
            organisations=self.organisations,
            version_of=record,
            initial=initial,
        )

    def get_initial(self):
        suggested_coach, suggested_org = services.suggestion(self.object.municipality)
        return {
            "coach": self.object.coach or suggested_coach,
            "guidance_organisation": self.object.guidance_organisation or suggested_org,
        }

    def get_context_data(self, **kwargs):
        suggested_coach, suggested_org = services.suggestion(self.object.municipality)
        return super().get_context_data(
            suggested_coach=suggested_coach, suggested_org=suggested_org, **kwargs
        )

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                services.assign(
                    self.object,
                    self.request.user,
                    coach=form.cleaned_data["coach"],
                    guidance_organisation=form.cleaned_data["guidance_organisation"],
                )
        except StaleEdit:
            return self.conflict_response(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Coach and guidance organisation are saved."))
        return redirect("participants:detail", self.object.pk)


class PriorityView(ConflictMixin, ParticipantFileMixin, FormView):
    permission = "participants.assign"
    template_name = "participants/priority_form.html"
    tab = "profile"
    form_class = PriorityForm

    def get_initial(self):
        return {"priority_reason": self.object.priority_reason}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "version_of": self.object}

    def current_form(self, form, record):
        return PriorityForm(initial={"priority_reason": record.priority_reason}, version_of=record)

    def form_valid(self, form):
        try:
            with editing(self.object, form.posted_version):
                services.set_priority(
                    self.object, self.request.user, form.cleaned_data["priority_reason"]
                )
        except StaleEdit:
            return self.conflict_response(form)
        messages.success(self.request, _("The priority is saved."))
        return redirect("participants:waiting_list")
