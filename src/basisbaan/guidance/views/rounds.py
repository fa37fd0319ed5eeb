"""The coach records a measurement round (baseline, scheduled or exit) with a participant."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.guidance import rounds
from basisbaan.guidance.rounds_form import RoundForm
from basisbaan.guidance.views.common import ParticipantObjectMixin


class RoundCreateView(ParticipantObjectMixin, TemplateView):
    """Only the participant's own coach (and admins) reach this page: the permission is
    theirs, and a coach's scope is their own caseload."""

    permission = "guidance.record_rounds"
    template_name = "guidance/round_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("programme")

    def open_rounds(self):
        return rounds.open_rounds(self.object, calendar.today())

    def get_context_data(self, **kwargs):
        participant = self.object
        if "form" not in kwargs:
            due = self.open_rounds()
            wanted = self.request.GET.get("ronde", "")
            initial = {"held_on": calendar.today()}
            if any(d.key == wanted for d in due):
                initial["round"] = wanted
            kwargs["form"] = RoundForm(rounds=due, initial=initial)
        audit.read(self.request.user, participant, fields=["name", "measurement_rounds"])
        return super().get_context_data(
            participant=participant,
            held=rounds.read_held(self.request.user, participant),
            can_caseload=access.has_perm(
                self.request.user, "guidance.caseload", participant.municipality
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = RoundForm(request.POST, rounds=self.open_rounds())
        if form.is_valid():
            data = form.cleaned_data
            try:
                rounds.record(self.object, request.user, data["due"], data["held_on"], data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The measurement round is saved."))
                if access.has_perm(request.user, "guidance.caseload", self.object.municipality):
                    return redirect("guidance:caseload")
                return redirect("guidance:round_create", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form))
