"""Follow-up after an exit: the list of due and recorded follow-ups, and recording one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from basisbaan.audit import api as audit
from basisbaan.core import calendar
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.participants import followups
from basisbaan.participants.forms import FollowUpForm
from basisbaan.participants.models import FollowUp

PERMISSION = "participants.follow_up"


class FollowUpListView(PermissionMixin, TemplateView):
    """Due and overdue follow-ups first, then the last recorded ones (a coach sees their
    own caseload's, planners the programme's)."""

    permission = PERMISSION
    template_name = "participants/follow_ups.html"

    def get_context_data(self, **kwargs):
        today = calendar.today()
        scoped = self.scoped(FollowUp.objects.select_related("participant"))
        due = list(followups.due(scoped, today).order_by("due_date", "participant__surname"))
        done = list(scoped.exclude(outcome="").order_by("-recorded_on", "-pk")[:50])
        for follow_up in (*due, *done):
            audit.read(self.request.user, follow_up.participant, fields=["name", "follow_up"])
        return super().get_context_data(due=due, done=done, today=today, **kwargs)


class FollowUpRecordView(ObjectPermissionMixin, FormView):
    permission = PERMISSION
    model = FollowUp
    form_class = FollowUpForm
    template_name = "participants/follow_up_form.html"

    def get_queryset(self):
        return FollowUp.objects.select_related("participant")

    def get_initial(self):
        return {"outcome": self.object.outcome, "note": self.object.note}

    def get_context_data(self, **kwargs):
        audit.read(self.request.user, self.object.participant, fields=["name", "follow_up"])
        return super().get_context_data(follow_up=self.object, **kwargs)

    def form_valid(self, form):
        try:
            followups.record(
                self.object,
                self.request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The follow-up is recorded."))
        return redirect("participants:follow_ups")
