"""Access rules of the privacy pages (retention, register, data-subject requests)."""

from tests.access.rules import PLANNERS, Rule

ADMIN = frozenset({"admin"})

RULES = [
    Rule("privacy:retention", ADMIN),
    Rule("privacy:rule_create", ADMIN, kwargs=lambda: {"code": "participant_file"}),
    Rule("privacy:dry_run", ADMIN),
    Rule("privacy:run_now", ADMIN, method="post", ok=302, note="runs the job as a background job"),
    # Programme staff (planners) and administrators.
    Rule("privacy:register", PLANNERS),
]
