from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "basisbaan.api"
    label = "api"
    verbose_name = _("API")

    def ready(self):
        from basisbaan.core import navigation

        # Settings-like: under "More" for the programme staff who hand out tokens.
        navigation.register(
            _("API tokens"), "api_tokens:list", "api.manage_tokens", 97, main_for=()
        )
