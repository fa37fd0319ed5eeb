"""Shared pieces of the participant views: the file's tabs and the file mixin,
vocabulary labels.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from basisbaan.accounts import access
from basisbaan.audit import api as audit
from basisbaan.core.mixins import ObjectPermissionMixin
from basisbaan.participants import registry
from basisbaan.participants.models import Participant

# The file's tabs: (key, label, url name, permission). A tab shows only with its permission.
TABS = [
    ("profile", gettext_lazy("Profile"), "participants:detail", "participants.view"),
    ("screening", gettext_lazy("Screening"), "participants:screening", "participants.view_scan"),
    ("scan", gettext_lazy("Scan"), "participants:scan", "participants.view_scan"),
    (
        "contract",
        gettext_lazy("Contract and income"),
        "participants:contract",
        "participants.view_income",
    ),
    ("timeline", gettext_lazy("Timeline"), "participants:timeline", "participants.view_health"),
    (
        "privacy",
        gettext_lazy("Privacy / AVG requests"),
        "participants:subject_requests",
        "participants.subject_requests",
    ),
]


def _labels(codes, vocabulary) -> list[str]:
    return [str(vocabulary.get(code, code)) for code in codes or []]


class ParticipantFileMixin(ObjectPermissionMixin):
    """A tab of the participant file."""

    model = Participant
    tab = ""
    read_fields: list[str] = []

    def get_queryset(self):
        return Participant.objects.select_related(
            "municipality",
            "programme",
            "coach",
            "guidance_organisation",
            "home_neighbourhood",
            "referral_source",
        )

    def may(self, permission: str) -> bool:
        return access.has_perm(self.request.user, permission, self.object.municipality_id)

    def get_context_data(self, **kwargs):
        participant = self.object
        tabs = [
            {"key": key, "label": label, "url": reverse(url, args=[participant.pk])}
            for key, label, url, permission in TABS
            if access.can(self.request.user, permission, participant)
        ]
        actions = {
            "edit_profile": access.can(self.request.user, "participants.edit_profile", participant),
            "transition": access.can(self.request.user, "participants.transition", participant),
            "assign": access.can(self.request.user, "participants.assign", participant),
        }
        if self.read_fields and self.request.method == "GET":
            audit.read(self.request.user, participant, fields=self.read_fields)
        return super().get_context_data(
            participant=participant,
            tabs=tabs,
            tab=self.tab,
            actions=actions,
            file_links=registry.file_links(self.request.user, participant),
            **kwargs,
        )
