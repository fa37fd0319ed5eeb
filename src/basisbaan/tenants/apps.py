from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "basisbaan.tenants"
    verbose_name = _("Municipalities and programmes")

    def ready(self):
        from basisbaan.core.navigation import register

        register(_("Programme"), "tenants:overview", "tenants.view", order=80, main_for=())
