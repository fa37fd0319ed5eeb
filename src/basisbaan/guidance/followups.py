"""Reminders of due follow-ups after an exit (``participants.followups``): once, to the
person's coach, or to the programme staff when the coach is gone. Run daily by
``basisbaan guidance_daily``."""

import datetime

from django.db import transaction
from django.urls import reverse

from basisbaan.core import calendar
from basisbaan.guidance.models import Notification
from basisbaan.guidance.notifications import notify, programme_staff
from basisbaan.participants.models import FollowUp


def send_reminders(municipality, today: datetime.date | None = None) -> int:
    """Notify about follow-ups that are due today or overdue and not reminded yet."""
    today = today or calendar.today()
    due = FollowUp.objects.filter(
        participant__municipality=municipality,
        outcome="",
        due_date__lte=today,
        reminded_on__isnull=True,
    ).select_related("participant__coach")
    staff = None
    count = 0
    for follow_up in due:
        coach = follow_up.participant.coach
        if coach is not None and coach.is_active:
            recipients = [coach]
        else:
            staff = staff if staff is not None else list(programme_staff(municipality))
            recipients = staff
        with transaction.atomic():
            notify(
                recipients,
                municipality,
                Notification.Kind.FOLLOW_UP,
                participant=follow_up.participant,
                url=reverse("participants:follow_up", args=[follow_up.pk]),
            )
            FollowUp.objects.filter(pk=follow_up.pk).update(reminded_on=today)
        count += 1
    return count
