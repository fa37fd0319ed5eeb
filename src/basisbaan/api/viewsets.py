"""Base classes for the API: every endpoint names a catalogue permission and is scoped."""

from rest_framework import permissions, viewsets

from basisbaan.accounts import access


class HasCataloguePermission(permissions.BasePermission):
    """The user holds the view's ``permission`` in at least one municipality."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "retrieve":
            # Objects out of scope answer 404 (from the scoped queryset), never 403,
            # so nobody learns what another municipality holds.
            return True
        return access.has_perm(request.user, view.permission)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and retrieves only rows the caller may see; others answer 404."""

    permission = ""
    permission_classes = [permissions.IsAuthenticated, HasCataloguePermission]

    def get_queryset(self):
        return access.scope(self.request.user, self.permission, self.queryset.all())
