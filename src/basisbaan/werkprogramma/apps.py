from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WerkprogrammaConfig(AppConfig):
    name = "basisbaan.werkprogramma"
    verbose_name = _("Werkprogramma")

    def ready(self) -> None:
        from basisbaan.core import navigation
        from basisbaan.werkprogramma import jobs  # noqa: F401 - registers the UWV import job

        navigation.register(
            _("Werkprogramma"),
            "werkprogramma:overview",
            "werkprogramma.view",
            25,
            main_for=("planner", "coach", "admin"),
        )
