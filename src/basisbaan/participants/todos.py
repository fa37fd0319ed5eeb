"""Participants' to-dos on the start page (``core.todos``): data-subject requests and
referrals from partners."""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from basisbaan.accounts import access
from basisbaan.core import calendar, todos
from basisbaan.core.todos import todo
from basisbaan.participants.models import DataSubjectRequest, Referral

# A referral waiting longer than this is urgent: the partner and resident are waiting.
REFERRAL_URGENT_DAYS = 14


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


def referral_todos(request) -> list:
    """Referrals from partners waiting for a decision (take into intake or not); urgent
    when one has waited more than two weeks. One query."""
    permission = "referrals.handle"
    if not access.has_perm(request.user, permission, request.municipality):
        return []
    waited = calendar.today() - datetime.timedelta(days=REFERRAL_URGENT_DAYS)
    referrals = access.scope(
        request.user,
        permission,
        Referral.objects.filter(
            municipality=request.municipality, status=Referral.Status.SUBMITTED
        ),
        request.municipality,
    )
    figures = referrals.order_by().aggregate(
        total=Count("pk"), old=Count("pk", filter=Q(submitted_at__date__lt=waited))
    )
    return [
        todo(
            _("Referrals from partners to decide on"),
            figures["total"],
            "participants:referrals",
            urgent=bool(figures["old"]),
            order=25,
        )
    ]


def register() -> None:
    """Called from the app's ``AppConfig.ready``."""
    todos.register(subject_request_todos)
    todos.register(referral_todos)
