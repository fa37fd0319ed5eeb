from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "basisbaan.guidance"
    verbose_name = _("Guidance and coaching")

    def ready(self):
        from basisbaan.core.navigation import register
        from basisbaan.guidance import absence
        from basisbaan.planning import registry as planning_registry

        planning_registry.register_absence_source(absence.absence_kinds)

        register(_("Caseload"), "guidance:caseload", "guidance.caseload", order=30)
        register(_("Signals"), "guidance:signals", "guidance.signals", order=31)
        register(
            _("At work"),
            "guidance:work_list",
            "guidance.view_work",
            order=40,
            main_for=("coach", "guidance"),
        )
        register(
            _("Sick leave"),
            "guidance:sickness_list",
            "guidance.view_sickness",
            order=41,
            main_for=("coach", "guidance"),
        )
        register(
            _("Timesheets"),
            "guidance:timesheets",
            "guidance.view_timesheets",
            order=42,
            main_for=("guidance",),
        )
        register(
            _("Poortwachter"), "guidance:poortwachter", "guidance.manage_poortwachter", order=43
        )
        register(
            _("Leave requests"),
            "guidance:leave_requests",
            "guidance.answer_leave",
            order=44,
            main_for=("planner",),
        )
        # Participant self-service (guidance.self_service: participants only).
        register(_("My basisbaan"), "guidance:my_home", "guidance.self_service", order=5)
        register(_("Ask for leave"), "guidance:my_leave", "guidance.self_service", order=20)
        register(_("Hours and pay"), "guidance:my_pay", "guidance.self_service", order=21)
        register(_("Where I work"), "guidance:my_work", "guidance.self_service", order=22)
        register(
            _("Payroll"), "guidance:payroll", "guidance.payroll", order=60, main_for=("finance",)
        )
        register(
            _("Early-warning rules"),
            "guidance:rules",
            "guidance.manage_rules",
            order=80,
            main_for=(),
        )
        register(
            _("Notifications"),
            "guidance:notifications",
            "guidance.notifications",
            order=90,
            main_for=("coach", "guidance"),
        )
        from basisbaan.guidance import todos  # the start page's to-dos (core.todos)

        todos.register()

        # Data-subject requests: what this app holds about one person (privacy.subject).
        from basisbaan.guidance import subject_data
        from basisbaan.privacy import registry as privacy_registry

        privacy_registry.register_exporter("guidance", subject_data.export)
        from basisbaan.guidance import leave

        privacy_registry.register_exporter("guidance", leave.export)

        # --- privacy: record types and their retention (privacy.retention) -------------
        from basisbaan.guidance import expiry

        expiry.register()
        leave.register()
