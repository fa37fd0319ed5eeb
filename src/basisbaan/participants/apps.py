from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "basisbaan.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from basisbaan.core import navigation
        from basisbaan.participants import jobs  # noqa: F401 - registers the import job

        navigation.register(
            _("Participants"),
            "participants:list",
            "participants.view",
            20,
            main_for=("planner", "guidance", "finance", "admin"),
        )
        navigation.register(_("My details"), "participants:my_details", "participants.view_own", 90)
        # Referrals by partners: the partner refers and follows; the programme decides.
        navigation.register(_("Refer a resident"), "participants:refer", "referrals.submit", 10)
        navigation.register(
            _("My referrals"), "participants:my_referrals", "referrals.view_own", 11
        )
        navigation.register(
            _("Referrals from partners"),
            "participants:referrals",
            "referrals.handle",
            22,
            main_for=(),
        )
        from basisbaan.participants import todos  # the start page's to-dos (core.todos)

        todos.register()

        # Data-subject requests: what this app holds about one person (privacy.subject).
        from basisbaan.participants import subject_data
        from basisbaan.privacy import registry as privacy_registry

        privacy_registry.register_exporter("participants", subject_data.export)
        navigation.register(
            _("AVG requests"),
            "participants:subject_register",
            "participants.subject_requests",
            85,
            main_for=(),
        )

        # --- privacy: record types and their retention (privacy.retention) -------------
        from basisbaan.participants import expiry

        expiry.register()
