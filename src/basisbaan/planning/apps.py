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

        navigation.register(_("Planning"), "planning:index", "planning.view", order=40)
        navigation.register(_("My week"), "planning:my_week", "planning.own_week", order=10)

        # Data-subject requests: what this app holds about one person (privacy.subject).
        from basisbaan.planning import subject_data
        from basisbaan.privacy import registry as privacy_registry

        privacy_registry.register_exporter("planning", subject_data.export)
