from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "basisbaan.guidance"
    verbose_name = _("Guidance and coaching")

    def ready(self):
        from basisbaan.core.navigation import register
        from basisbaan.guidance import absence
        from basisbaan.planning import registry as planning_registry

        planning_registry.register_absence_source(absence.absent_days)

        register(_("Caseload"), "guidance:caseload", "guidance.caseload", order=30)
        register(_("Signals"), "guidance:signals", "guidance.signals", order=31)
        register(_("At work"), "guidance:work_list", "guidance.view_work", order=40)
        register(_("Sick leave"), "guidance:sickness_list", "guidance.view_sickness", order=41)
        register(_("Timesheets"), "guidance:timesheets", "guidance.view_timesheets", order=42)
        register(
            _("Poortwachter"), "guidance:poortwachter", "guidance.manage_poortwachter", order=43
        )
        register(_("Payroll"), "guidance:payroll", "guidance.payroll", order=60)
        register(_("Early-warning rules"), "guidance:rules", "guidance.manage_rules", order=80)
        register(_("Notifications"), "guidance:notifications", "guidance.notifications", order=90)

        # Data-subject requests: what this app holds about one person (privacy.subject).
        from basisbaan.guidance import subject_data
        from basisbaan.privacy import registry as privacy_registry

        privacy_registry.register_exporter("guidance", subject_data.export)

        # --- privacy: record types and their retention (privacy.retention) -------------
        from basisbaan.guidance import expiry

        expiry.register()
