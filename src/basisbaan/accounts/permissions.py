"""The permission catalogue: every permission in the application and the roles that hold it.

This is the one place that says who may do what. Views and API endpoints name a
permission from here and check it with ``basisbaan.accounts.access``; rows are then
narrowed per role by the model's ``access_filter`` (e.g. guidance staff see only the
participants of their own organisation).

Data categories: health, income and assessment (scan) data are only in permissions
held by roles that need them; guidance staff, task providers and researchers never
hold those.
"""

from basisbaan.accounts.roles import Role

ALL_ROLES = frozenset(Role)
STAFF = frozenset(
    {Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.FINANCE, Role.RESEARCHER, Role.ADMIN}
)
PROGRAMME = frozenset({Role.PLANNER, Role.ADMIN})

CATALOGUE: dict[str, frozenset[Role]] = {
    # --- core -------------------------------------------------------------------
    "core.dashboard": ALL_ROLES,
    # --- tenants ----------------------------------------------------------------
    "tenants.view": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    "tenants.manage": frozenset({Role.ADMIN}),
    "tenants.view_figures": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    # --- organisations ------------------------------------------------------------
    "organisations.view": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    "organisations.manage": PROGRAMME,
    "accounts.manage": frozenset({Role.ADMIN}),
    # Remove a person's second factors (lost phone): they set up anew at the next login.
    "accounts.reset_two_factor": frozenset({Role.ADMIN}),
    # Your own second factors (authenticator apps, recovery codes): the menu entry.
    "accounts.own_two_factor": ALL_ROLES - {Role.PARTICIPANT},
    # --- api --------------------------------------------------------------------
    # API tokens of guidance organisations' systems: create, rotate, revoke.
    "api.manage_tokens": PROGRAMME,
    # --- audit ------------------------------------------------------------------
    "audit.view": frozenset({Role.ADMIN}),
    # --- jobs -------------------------------------------------------------------
    "jobs.view": frozenset({Role.PLANNER, Role.FINANCE, Role.ADMIN}),
    # --- participants -----------------------------------------------------------
    # Lists and the file's work-related fields (guidance: own organisation only).
    "participants.view": frozenset(
        {Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.FINANCE, Role.ADMIN}
    ),
    # BSN, date of birth and address.
    "participants.view_personal": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    # Income: benefit, contract and wage.
    "participants.view_income": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    # Health-related: the timeline with sickness pauses and exit reasons.
    "participants.view_health": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    # Limitations relevant to work (health-related): not finance, who does not need them.
    "participants.view_limitations": frozenset(
        {Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.ADMIN}
    ),
    # The arbeidsmarktwaardescan and eligibility screening.
    "participants.view_scan": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.edit_scan": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.screen": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.override_eligibility": PROGRAMME,
    "participants.edit_profile": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.edit_contract": PROGRAMME,
    "participants.transition": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.assign": PROGRAMME,
    "participants.waiting_list": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    # Follow-up after an exit (what became of the person: work, bijstand or not).
    "participants.follow_up": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    "participants.import": PROGRAMME,
    "participants.manage_rules": PROGRAMME,
    # The participant's own record (their login): "my details".
    "participants.view_own": frozenset({Role.PARTICIPANT}),
    # Data-subject requests (AVG art. 15-21): the register, the complete export of one
    # person's data (health and income included: it is for the person themselves),
    # corrections and erasure. Programme staff who handle the requests only.
    "participants.subject_requests": PROGRAMME,
    # Referrals by partners (welfare work, a work service): a referral partner submits
    # them and follows only their own organisation's referrals and the stage reached
    # (never anything of the participant file); programme staff take them into intake
    # or decline them with a coded reason.
    "referrals.submit": frozenset({Role.REFERRER}),
    "referrals.view_own": frozenset({Role.REFERRER}),
    "referrals.handle": PROGRAMME,
    # --- werkprogramma -------------------------------------------------------------
    # The programme page: routes, progress to the target per route and quarter (small
    # groups suppressed for everyone but programme staff).
    "werkprogramma.view": frozenset({Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}),
    # Enrol people in a route and follow their steps, outcome and follow-ups (a coach:
    # their own people only, Enrolment.access_filter).
    "werkprogramma.enrol": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    # Routes, their steps, entry criteria and the route-advice rules.
    "werkprogramma.manage_routes": PROGRAMME,
    # The UWV list of people whose WW ends (BSN, name, WW end date).
    "werkprogramma.import_uwv": PROGRAMME,
    # Praktijkleren records and issuing the Verklaring Praktijkleren.
    "werkprogramma.praktijkleren": frozenset({Role.PLANNER, Role.COACH, Role.ADMIN}),
    # --- communitytasks ---------------------------------------------------------
    # The task catalogue and neighbourhood overview (tasks are not personal data).
    "communitytasks.view": frozenset(
        {Role.PLANNER, Role.COACH, Role.FINANCE, Role.RESEARCHER, Role.ADMIN}
    ),
    # Staff names in a task's history (researchers see a pseudonym instead).
    "communitytasks.view_staff_names": frozenset(
        {Role.PLANNER, Role.COACH, Role.FINANCE, Role.ADMIN}
    ),
    # Assess submissions (sees the submitter's contact details), pause and end tasks.
    "communitytasks.assess": PROGRAMME,
    # The provider portal: their own organisation's tasks only (Task.access_filter).
    "communitytasks.portal": frozenset({Role.PROVIDER}),
    # The inbox of the public information-day and co-financing forms (personal data).
    "communitytasks.inbox": PROGRAMME,
    # A referral partner brings in a task for a neighbourhood through the public
    # submission form, prefilled with their organisation (the task records the partner).
    "communitytasks.bring_in": frozenset({Role.REFERRER}),
    # --- planning ---------------------------------------------------------------
    "planning.view": PROGRAMME,
    "planning.manage": PROGRAMME,
    "planning.own_week": frozenset({Role.PARTICIPANT}),
    # --- guidance ---------------------------------------------------------------
    # The guidance portal: work-related information of participants (guidance staff:
    # their own organisation's participants only).
    "guidance.view_work": frozenset({Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.ADMIN}),
    # Sick and recovery reports (never a diagnosis), work-floor notes and incidents.
    "guidance.report_sickness": frozenset({Role.PLANNER, Role.GUIDANCE, Role.ADMIN}),
    "guidance.view_sickness": frozenset({Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.ADMIN}),
    "guidance.write_notes": frozenset({Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.ADMIN}),
    # The employer's Wet verbetering poortwachter duties.
    "guidance.manage_poortwachter": PROGRAMME,
    # Weekly timesheets: filled in and submitted by guidance staff, approved by the programme.
    "guidance.edit_timesheets": frozenset({Role.PLANNER, Role.GUIDANCE, Role.ADMIN}),
    "guidance.view_timesheets": frozenset({Role.PLANNER, Role.COACH, Role.GUIDANCE, Role.ADMIN}),
    "guidance.approve_timesheets": PROGRAMME,
    # The coach's caseload, check-ins (income, debts, well-being, health) and signals.
    "guidance.caseload": frozenset({Role.COACH}),
    "guidance.view_checkins": frozenset({Role.COACH}),
    "guidance.record_checkins": frozenset({Role.COACH}),
    "guidance.signals": frozenset({Role.COACH}),
    # Measurement rounds (income, well-being, health): recorded by the participant's own
    # coach (admins may record one too).
    "guidance.record_rounds": frozenset({Role.COACH, Role.ADMIN}),
    "guidance.manage_rules": PROGRAMME,
    # In-app notifications: each user sees only their own.
    "guidance.notifications": STAFF,
    # Payroll export: hours per participant per month, no health or well-being data.
    "guidance.payroll": frozenset({Role.PLANNER, Role.FINANCE, Role.ADMIN}),
    "guidance.export_payroll": frozenset({Role.FINANCE, Role.ADMIN}),
    # Participant self-service ("Mijn basisbaan"): their own week, sick and recovery
    # reports, leave requests, hours and pay; the programme staff answer leave requests.
    "guidance.self_service": frozenset({Role.PARTICIPANT}),
    "guidance.answer_leave": PROGRAMME,
    # --- finance --------------------------------------------------------------------
    # Budgets, costs, co-financing and scenarios: every figure unsuppressed (they pay the
    # wages). Researchers see costs only in the monitor, suppressed for small groups.
    "finance.view": frozenset({Role.PLANNER, Role.FINANCE, Role.ADMIN}),
    "finance.manage": frozenset({Role.FINANCE, Role.ADMIN}),
    # --- evaluation -----------------------------------------------------------------
    # The programme monitor: aggregate figures only (groups under five are suppressed).
    "evaluation.view_monitor": frozenset({Role.PLANNER, Role.FINANCE, Role.RESEARCHER, Role.ADMIN}),
    # Importing another municipality's aggregate indicators to compare (programme staff).
    "evaluation.share_indicators": PROGRAMME,
    # The pseudonymised research dataset (one row per participant, keyed by pseudonym).
    "evaluation.export_dataset": frozenset({Role.RESEARCHER, Role.ADMIN}),
    # --- privacy --------------------------------------------------------------------
    # Retention periods per record type (history kept) and the retention job's dry run.
    "privacy.manage": frozenset({Role.ADMIN}),
    # The register of processing activities (AVG art. 30), generated from the record types.
    "privacy.view_register": PROGRAMME | {Role.ADMIN},
}


def roles_with(permission: str) -> frozenset[Role]:
    """The roles that hold ``permission``; an unknown name is a programming error."""
    try:
        return CATALOGUE[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}: add it to the catalogue") from None
