from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "basisbaan.audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from basisbaan.core.navigation import register

        register(_("Audit trail"), "audit:list", "audit.view", order=95, main_for=())
