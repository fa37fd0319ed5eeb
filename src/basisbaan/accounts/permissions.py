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
    # --- audit ------------------------------------------------------------------
    "audit.view": frozenset({Role.ADMIN}),
    # --- jobs -------------------------------------------------------------------
    "jobs.view": frozenset({Role.PLANNER, Role.FINANCE, Role.ADMIN}),
    # --- participants (issue 3) ---------------------------------------------------
    # --- communitytasks (issue 4) -------------------------------------------------
    # --- planning (issue 5) -------------------------------------------------------
    # --- guidance (issue 6) -------------------------------------------------------
}


def roles_with(permission: str) -> frozenset[Role]:
    """The roles that hold ``permission``; an unknown name is a programming error."""
    try:
        return CATALOGUE[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}: add it to the catalogue") from None
