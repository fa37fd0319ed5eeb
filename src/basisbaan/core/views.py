from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.core.mixins import PermissionMixin, PublicView
from basisbaan.core.navigation import public_links_for
from basisbaan.tenants.models import Municipality


class HomeView(PublicView, TemplateView):
    """Public landing page: what a basisbaan is, and the public forms per municipality."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        entries = [
            {"municipality": m, "links": public_links_for(m)} for m in Municipality.objects.all()
        ]
        return super().get_context_data(entries=entries, **kwargs)


class DashboardView(PermissionMixin, TemplateView):
    """Start page after login: the user's roles and the menu of what they may do."""

    permission = "core.dashboard"
    template_name = "core/dashboard.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = [a for a in access.assignments(user) if a.municipality_id == self.municipality.pk]
        return super().get_context_data(assignments=mine, **kwargs)
