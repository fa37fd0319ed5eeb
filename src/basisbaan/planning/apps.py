from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "basisbaan.planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from basisbaan.communitytasks import registry as task_registry
        from basisbaan.core import navigation
        from basisbaan.planning import (
            jobs,  # noqa: F401 - registers the job handler
            services,
        )

        task_registry.register_filled_places(services.filled_places)

        from basisbaan.participants import registry as participant_registry
        from basisbaan.planning import weekcard

        participant_registry.register_file_link(weekcard.file_link)

        navigation.register(_("Planning"), "planning:index", "planning.view", order=40)
        navigation.register(_("My week"), "planning:my_week", "planning.own_week", order=10)
        from basisbaan.planning import todos  # the start page's to-dos (core.todos)

        todos.register()

        # Data-subject requests: what this app holds about one person (privacy.subject).
        from basisbaan.planning import subject_data
        from basisbaan.privacy import registry as privacy_registry

        privacy_registry.register_exporter("planning", subject_data.export)
