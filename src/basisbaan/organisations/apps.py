from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "basisbaan.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from basisbaan.core.navigation import register

        register(
            _("Organisations"), "organisations:list", "organisations.view", order=70, main_for=()
        )
