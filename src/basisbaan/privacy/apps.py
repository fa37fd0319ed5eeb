from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "basisbaan.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from basisbaan.core import navigation
        from basisbaan.privacy import (
            jobs,  # noqa: F401 - registers the "run now" job
            registry,
            retention,
        )

        registry.register_record_type(
            registry.RecordType(
                code="audit_trail",
                label=_("Audit trail"),
                holds=_(
                    "Who read, changed, exported or deleted which personal record, when and "
                    "why (records named by type and id, never by content)."
                ),
                categories=(_("user names of staff"), _("record references")),
                purpose=_("Accountability and the detection of misuse of personal data."),
                legal_ground=_(
                    "AVG art. 5(2) and 32, Baseline Informatiebeveiliging Overheid (logging): "
                    "kept long enough to answer access requests and investigate incidents."
                ),
                default_days=5 * 365,
                moment=_("the entry"),
                action=retention.DELETE,
                expire=retention.expire_audit_trail,
                recipients=_("administrators"),
            )
        )
        navigation.register(_("Privacy"), "privacy:retention", "privacy.manage", 95, main_for=())
        navigation.register(
            _("Processing register"), "privacy:register", "privacy.view_register", 96, main_for=()
        )
