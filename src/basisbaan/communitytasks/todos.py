"""Community tasks' to-dos on the start page (``core.todos``)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import access
from basisbaan.communitytasks.models import InboxMessage, Task
from basisbaan.core import calendar, todos
from basisbaan.core.todos import todo


def assessment_todos(request) -> list:
    """Submitted tasks awaiting assessment (new, under assessment, waiting for more
    information); urgent when new ones have not been picked up yet. One query."""
    permission = "communitytasks.assess"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    tasks = access.scope(
        request.user, permission, Task.objects.open_for_assessment(), request.municipality
    )
    figures = tasks.order_by().aggregate(
        total=Count("pk"), new=Count("pk", filter=Q(status=Task.Status.SUBMITTED))
    )
    return [
        todo(
            _("New tasks to assess"),
            figures["total"],
            "communitytasks:assessment",
            urgent=bool(figures["new"]),
            order=10,
        )
    ]


def inbox_todos(request) -> list:
    """Public messages (information day, co-financing) nobody has handled yet. One query."""
    permission = "communitytasks.inbox"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    count = access.scope(
        request.user,
        permission,
        InboxMessage.objects.filter(handled_at__isnull=True),
        request.municipality,
    ).count()
    return [
        todo(
            _("Inbox messages to handle"), count, "communitytasks:inbox", suffix="?open=1", order=70
        )
    ]


def report_todos(request) -> list:
    """Task providers: their running weekly tasks without a report on last month (as the
    portal marks them). One query."""
    permission = "communitytasks.portal"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    last_month = calendar.previous_month(calendar.today())
    tasks = Task.objects.filter(status=Task.Status.APPROVED, is_one_off=False).exclude(
        monthly_reports__month=last_month
    )
    count = access.scope(request.user, permission, tasks, request.municipality).count()
    return [todo(_("Monthly reports to send"), count, "communitytasks:portal", order=10)]


def register() -> None:
    """Called from the app's ``AppConfig.ready``."""
    todos.register(assessment_todos)
    todos.register(inbox_todos)
    todos.register(report_todos)
