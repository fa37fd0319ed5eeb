"""Views of the guidance app, one module per concern: sickness, timesheets, coaching
(the guidance portal, caseload, check-ins, signals, rules, work notes), notifications
and payroll; shared pieces in ``common``.

Views validate input and call the domain modules; they hold no domain rules.
"""
