from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "basisbaan.evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from basisbaan.core.navigation import register

        register(
            _("Evaluation"),
            "evaluation:monitor",
            "evaluation.view_monitor",
            order=70,
            main_for=("finance", "researcher"),
        )

        # --- privacy: record types and their retention (privacy.retention) -------------
        from basisbaan.evaluation import expiry

        expiry.register()
