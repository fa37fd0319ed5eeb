from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "basisbaan.messaging"
    verbose_name = _("Messages to participants")

    def ready(self):
        from basisbaan.core.navigation import register
        from basisbaan.messaging import expiry, views
        from basisbaan.participants import registry as participants_registry
        from basisbaan.privacy import registry as privacy_registry

        # Participant self-service ("Mijn basisbaan"): how they hear of a changed week.
        register(_("Messages"), "messaging:my_messages", "guidance.self_service", order=23)
        # Staff: the messages sent to a person, on the participant's file.
        participants_registry.register_file_link(views.file_link)
        privacy_registry.register_exporter("messaging", expiry.export)
        expiry.register()
