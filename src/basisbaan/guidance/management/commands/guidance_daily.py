"""Daily guidance run (cron or a scheduler): poortwachter reminders to the employer, the
early-warning rules for everyone in service and reminders of follow-ups after an exit,
per municipality."""

from django.core.management.base import BaseCommand

from basisbaan.guidance import followups, sickness, signals
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import Municipality


class Command(BaseCommand):
    help = "Send poortwachter and follow-up reminders and run the early-warning rules."

    def handle(self, *args, **options):
        for municipality in Municipality.objects.all():
            reminders = sickness.send_reminders(municipality)
            signals.ensure_rules(municipality)
            participants = (
                Participant.objects.filter(municipality=municipality)
                .in_service()
                .select_related("coach", "municipality")
            )
            raised = signals.evaluate(participants)
            follow_ups = followups.send_reminders(municipality)
            self.stdout.write(
                f"{municipality.cbs_code}: {reminders} reminders, {raised} new signals, "
                f"{follow_ups} follow-up reminders"
            )
