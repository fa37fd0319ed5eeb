"""Planning's to-dos on the start page (``core.todos``)."""

from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import access
from basisbaan.core import todos
from basisbaan.core.todos import todo
from basisbaan.planning.models import ReplanRequest


def replan_todos(request) -> list:
    """Requests to change someone's week that no planner has handled yet. One query."""
    permission = "planning.manage"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    count = access.scope(
        request.user,
        permission,
        ReplanRequest.objects.filter(handled_at__isnull=True),
        request.municipality,
    ).count()
    return [todo(_("Requests to change a week"), count, "planning:index", urgent=True, order=30)]


def register() -> None:
    """Called from the app's ``AppConfig.ready``."""
    todos.register(replan_todos)
