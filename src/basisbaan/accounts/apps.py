from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "basisbaan.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from basisbaan.core.navigation import register

        register(_("Users and roles"), "accounts:list", "accounts.manage", order=90)
        register(
            _("Two-factor login"),
            "accounts:two_factor",
            "accounts.own_two_factor",
            order=95,
            main_for=(),
        )
