from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from basisbaan.accounts import access
from basisbaan.accounts.roles import Role
from basisbaan.core import todos
from basisbaan.core.mixins import PermissionMixin, PublicView
from basisbaan.core.navigation import items_for, public_links_for
from basisbaan.tenants.models import Municipality

# A participant's own start page (participant self-service), when the app provides it.
PARTICIPANT_HOME = "guidance:my_home"
# "Go to": the first few pages of the user's top menu.
QUICK_LINKS = 4


class HomeView(PublicView, TemplateView):
    """Public landing page: what a basisbaan is, and the public forms per municipality."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        entries = [
            {"municipality": m, "links": public_links_for(m)} for m in Municipality.objects.all()
        ]
        return super().get_context_data(entries=entries, **kwargs)


def participant_home() -> str | None:
    try:
        return reverse(PARTICIPANT_HOME)
    except NoReverseMatch:
        return None


class DashboardView(PermissionMixin, TemplateView):
    """Start page after login: what needs the user's attention in the active
    municipality (the to-dos of ``core.todos``, with counts and links) and a few quick
    links to the role's main pages. A participant goes to their own start page."""

    permission = "core.dashboard"
    template_name = "core/dashboard.html"

    def get(self, request, *args, **kwargs):
        roles = {str(r) for r in access.role_names(request.user, self.municipality)}
        if roles == {Role.PARTICIPANT.value} and (home := participant_home()):
            return redirect(home)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        mine = [a for a in access.assignments(user) if a.municipality_id == self.municipality.pk]
        return super().get_context_data(
            assignments=mine,
            todos=todos.todos_for(self.request),
            quick_links=items_for(self.request).main[:QUICK_LINKS],
            **kwargs,
        )
