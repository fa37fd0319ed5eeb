from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitytasksConfig(AppConfig):
    name = "basisbaan.communitytasks"
    verbose_name = _("Community tasks")

    def ready(self) -> None:
        from basisbaan.core import navigation

        navigation.register(
            _("Tasks"),
            "communitytasks:catalogue",
            "communitytasks.view",
            30,
            main_for=("planner", "researcher", "admin"),
        )
        navigation.register(
            _("Assessment"), "communitytasks:assessment", "communitytasks.assess", 31
        )
        navigation.register(
            _("Inbox"), "communitytasks:inbox", "communitytasks.inbox", 90, main_for=()
        )
        navigation.register(_("My tasks"), "communitytasks:portal", "communitytasks.portal", 30)
        navigation.register(
            _("Bring in a task for a neighbourhood"),
            "communitytasks:bring_in",
            "communitytasks.bring_in",
            12,
        )
        navigation.register_public_link(_("Bring in a task"), "communitytasks:submit")
        navigation.register_public_link(
            _("Register for an information day"), "communitytasks:info_day"
        )
        navigation.register_public_link(_("Co-finance the programme"), "communitytasks:cofinancing")

        from basisbaan.communitytasks import todos  # the start page's to-dos (core.todos)

        todos.register()

        # --- privacy: record types and their retention (privacy.retention) -------------
        from basisbaan.communitytasks import expiry

        expiry.register()
