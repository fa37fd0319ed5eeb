"""Base classes for the API: every endpoint names a catalogue permission and is scoped."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, viewsets

from basisbaan.accounts import access
from basisbaan.api import tokens
from basisbaan.api.authentication import AuthenticateHeaderMixin
from basisbaan.api.models import ApiToken


def check_token_scope(request, permission: str) -> None:
    """A request made with an API token needs a scope that unlocks ``permission``:
    403 with the scope's name otherwise."""
    token = request.auth
    if not isinstance(token, ApiToken) or tokens.allows(token, permission):
        return
    needed = tokens.scope_for(permission)
    if needed is None:
        raise exceptions.PermissionDenied(_("This endpoint cannot be used with an API token."))
    raise exceptions.PermissionDenied(
        _("This token lacks the scope %(scope)s that this endpoint needs.") % {"scope": needed}
    )


class HasCataloguePermission(permissions.BasePermission):
    """The user holds the view's ``permission`` in at least one municipality (and, with an
    API token, the token has a scope that unlocks it)."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        check_token_scope(request, view.permission)
        if getattr(view, "action", None) == "retrieve":
            # Objects out of scope answer 404 (from the scoped queryset), never 403,
            # so nobody learns what another municipality holds.
            return True
        return access.has_perm(request.user, view.permission)


class ScopedReadOnlyViewSet(AuthenticateHeaderMixin, viewsets.ReadOnlyModelViewSet):
    """Lists and retrieves only rows the caller may see; others answer 404."""

    permission = ""
    permission_classes = [permissions.IsAuthenticated, HasCataloguePermission]

    def get_queryset(self):
        return access.scope(self.request.user, self.permission, self.queryset.all())
