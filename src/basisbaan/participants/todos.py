"""Participants' to-dos on the start page (``core.todos``): data-subject requests."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import access
from basisbaan.core import calendar, todos
from basisbaan.core.todos import todo
from basisbaan.participants.models import DataSubjectRequest


def subject_request_todos(request) -> list:
    """Open data-subject requests (AVG); urgent when one is past its statutory due date.
    One query."""
    permission = "participants.subject_requests"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    today = calendar.today()
    requests = access.scope(
        request.user,
        permission,
        DataSubjectRequest.objects.filter(
            municipality=request.municipality, status=DataSubjectRequest.Status.OPEN
        ),
        request.municipality,
    )
    figures = requests.order_by().aggregate(
        total=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    return [
        todo(
            _("Data-subject requests to answer"),
            figures["total"],
            "participants:subject_register",
            urgent=bool(figures["overdue"]),
            order=60,
        )
    ]


def register() -> None:
    """Called from the app's ``AppConfig.ready``."""
    todos.register(subject_request_todos)
