"""The participant's choice of channel ("Mijn basisbaan") and the staff's view of the
messages sent to a person (from the participant file)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from basisbaan.audit import api as audit
from basisbaan.core.mixins import ObjectPermissionMixin, PermissionMixin
from basisbaan.messaging import services
from basisbaan.messaging.forms import PreferenceForm, StaffPreferenceForm
from basisbaan.messaging.models import Channel, Preference


def _current(person) -> str:
    try:
        return person.message_preference.channel
    except Preference.DoesNotExist:
        return services.default_channel()


class MyMessagesView(PermissionMixin, TemplateView):
    """How the participant wants to hear that their week changed, and the last messages."""

    permission = "guidance.self_service"
    template_name = "messaging/my_messages.html"

    def person(self):
        from basisbaan.participants.models import Participant

        person = (
            self.scoped(Participant.objects.all(), "participants.view_own")
            .select_related("message_preference")
            .first()
        )
        if person is None:
            raise Http404
        return person

    def get(self, request, *args, **kwargs):
        person = self.person()
        form = PreferenceForm(initial={"channel": _current(person)})
        return self.render_to_response(self.get_context_data(person=person, form=form))

    def post(self, request, *args, **kwargs):
        person = self.person()
        form = PreferenceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(person=person, form=form))
        services.set_channel(person, form.cleaned_data["channel"], request.user)
        messages.success(request, _("Thank you. Your choice is saved."))
        return redirect("messaging:my_messages")

    def get_context_data(self, person, **kwargs):
        audit.read(self.request.user, person, fields=["phone", "email", "messages"],
                   purpose="own message preference")  # fmt: skip
        return super().get_context_data(
            person=person, recent=services.recent(person), Channel=Channel, **kwargs
        )


class ParticipantMessagesView(ObjectPermissionMixin, TemplateView):
    """The messages sent to one participant and their channel (planners and the coach)."""

    permission = "participants.edit_profile"
    template_name = "messaging/participant_messages.html"

    def get_queryset(self):
        from basisbaan.participants.models import Participant

        return Participant.objects.select_related("municipality", "message_preference")

    def get(self, request, *args, **kwargs):
        form = StaffPreferenceForm(initial={"channel": _current(self.object)})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = StaffPreferenceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        services.set_channel(self.object, form.cleaned_data["channel"], request.user)
        messages.success(request, _("The choice is saved."))
        return redirect("messaging:participant_messages", pk=self.object.pk)

    def get_context_data(self, **kwargs):
        person = self.object
        audit.read(self.request.user, person, fields=["messages"], purpose="messages sent")
        return super().get_context_data(
            person=person, sent=services.recent(person, 50), Channel=Channel, **kwargs
        )


def file_link(user, person):
    """The link on the participant file (``participants.registry``) for staff who may
    see the messages."""
    from basisbaan.accounts import access

    if not access.can(user, "participants.edit_profile", person):
        return None
    return _("Messages"), reverse("messaging:participant_messages", args=[person.pk])
