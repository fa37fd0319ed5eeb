from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "basisbaan.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from basisbaan.core import navigation
        from basisbaan.participants import jobs  # noqa: F401 - registers the import job

        navigation.register(_("Participants"), "participants:list", "participants.view", 20)
        navigation.register(_("My details"), "participants:my_details", "participants.view_own", 90)
