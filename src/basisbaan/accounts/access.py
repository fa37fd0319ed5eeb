"""Object-level access: the one set of functions every view and API endpoint uses.

A user holds permissions only through active RoleAssignments, each bound to one
municipality. Objects are scoped by the municipality they belong to, found through
the model's ``access_municipality_path`` (default ``"municipality"``). A model may
narrow rows per role with a classmethod ``access_filter(assignment) -> Q | None``
(``None`` means: this role sees no rows of this model).

Objects the user may not see answer 404, so one municipality never learns what
another holds.
"""

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from basisbaan.accounts.models import RoleAssignment
from basisbaan.accounts.permissions import roles_with
from basisbaan.tenants.models import Municipality


def assignments(user) -> list[RoleAssignment]:
    """The user's active role assignments (cached on the user object per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_basisbaan_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("municipality", "organisation")
        )
        user._basisbaan_assignments = cached
    return cached


def granting(user, permission: str, municipality: Municipality | int | None = None):
    """The user's assignments that grant ``permission`` (in ``municipality`` if given)."""
    roles = roles_with(permission)
    municipality_id = getattr(municipality, "pk", municipality)
    return [
        a
        for a in assignments(user)
        if a.role in roles and (municipality_id is None or a.municipality_id == municipality_id)
    ]


def has_perm(user, permission: str, municipality: Municipality | int | None = None) -> bool:
    """May the user use ``permission`` (in ``municipality``, or anywhere when None)?"""
    return bool(granting(user, permission, municipality))


def municipalities(user, permission: str | None = None) -> QuerySet[Municipality]:
    """The municipalities where the user holds a role (granting ``permission`` if given)."""
    found = assignments(user) if permission is None else granting(user, permission)
    return Municipality.objects.filter(pk__in={a.municipality_id for a in found})


def role_names(user, municipality: Municipality | int | None) -> set[str]:
    municipality_id = getattr(municipality, "pk", municipality)
    return {a.role for a in assignments(user) if a.municipality_id == municipality_id}


def _row_filter(model: type[Model], assignment: RoleAssignment) -> Q | None:
    path = getattr(model, "access_municipality_path", "municipality")
    base = Q(**{path: assignment.municipality_id})
    narrow = getattr(model, "access_filter", None)
    if narrow is None:
        return base
    extra = narrow(assignment)
    if extra is None:
        return None
    return base & extra


def scope(
    user, permission: str, queryset: QuerySet, municipality: Municipality | int | None = None
) -> QuerySet:
    """Narrow ``queryset`` to the rows the user may use with ``permission``."""
    condition: Q | None = None
    for assignment in granting(user, permission, municipality):
        row = _row_filter(queryset.model, assignment)
        if row is not None:
            condition = row if condition is None else condition | row
    if condition is None:
        return queryset.none()
    return (
        queryset.filter(condition).distinct()
        if _needs_distinct(queryset)
        else queryset.filter(condition)
    )


def _needs_distinct(queryset: QuerySet) -> bool:
    # Filters through to-many relations (e.g. role-specific access_filter) can duplicate rows.
    return bool(getattr(queryset.model, "access_filter_distinct", False))


def get_object_or_404(user, permission: str, queryset: QuerySet | type[Model], **lookup):
    """The object, if it exists and the user may use it with ``permission``; else 404."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return scope(user, permission, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def can(user, permission: str, obj: Model) -> bool:
    """May the user use ``permission`` on this object?"""
    return scope(user, permission, type(obj)._default_manager.filter(pk=obj.pk)).exists()
