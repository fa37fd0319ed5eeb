"""View building blocks. Every view states its permission or that it is public.

``Permission`` views check a municipality-level permission in the active
municipality (403 when the user lacks it there); ``ObjectPermission`` views look up
their object through ``access.get_object_or_404`` (404 when out of scope, including
another municipality's objects). The authorization matrix test enumerates every URL
pattern and fails for a view without a rule.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.views.generic.base import ContextMixin

from basisbaan.accounts import access


class PublicView:
    """Marks a view as reachable without an account (public forms, home page)."""

    public = True


class PermissionMixin(LoginRequiredMixin, ContextMixin):
    """Requires ``permission`` in the active municipality (``request.municipality``)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} names no permission")
        if not self.has_permission():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        municipality = getattr(self.request, "municipality", None)
        return municipality is not None and access.has_perm(
            self.request.user, self.permission, municipality
        )

    @property
    def municipality(self):
        return self.request.municipality

    def scoped(self, queryset, permission: str | None = None):
        """Rows of ``queryset`` in the active municipality that the user may see."""
        return access.scope(
            self.request.user, permission or self.permission, queryset, self.request.municipality
        )


class ObjectPermissionMixin(LoginRequiredMixin, ContextMixin):
    """Looks the object up within the user's scope for ``permission``: 404 otherwise.

    The object may belong to any municipality where the user holds the permission,
    so links keep working for users with roles in several.
    """

    permission: str = ""
    model = None
    pk_url_kwarg = "pk"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} names no permission")
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model._default_manager.all()

    def get_object(self, queryset=None):
        return access.get_object_or_404(
            self.request.user,
            self.permission,
            queryset if queryset is not None else self.get_queryset(),
            pk=self.kwargs[self.pk_url_kwarg],
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.object)
        return super().get_context_data(**kwargs)
