from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "basisbaan.finance"
    verbose_name = _("Finance")

    def ready(self):
        from basisbaan.core.navigation import register

        register(_("Finance"), "finance:overview", "finance.view", order=65, main_for=("finance",))
