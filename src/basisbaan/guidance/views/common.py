"""Shared pieces of the guidance views: showing refusals, form actions, the
participant lookup.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from basisbaan.accounts import access
from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.participants.models import Participant


def show_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def can(request, permission: str) -> bool:
    return access.has_perm(request.user, permission, request.municipality)


class FormAction:
    """A POST of one small form that calls one domain function, then goes back.

    Subclasses set ``form_class``, the two messages, ``perform(data)`` and
    ``success_url()``; invalid input or a refused action changes nothing and says why.
    """

    form_class = None
    invalid_message = ""
    success_message = ""

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(self.invalid_message)
            self.perform(form.cleaned_data)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, self.success_message)
        return redirect(self.success_url())


class ParticipantObjectMixin(ObjectPermissionMixin):
    model = Participant

    def get_queryset(self):
        return Participant.objects.select_related("guidance_organisation", "coach", "municipality")
