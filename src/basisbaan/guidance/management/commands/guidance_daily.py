"""Daily guidance run (cron or a scheduler): poortwachter reminders to the employer and
the early-warning rules for everyone in service, per municipality."""

from django.core.management.base import BaseCommand

from basisbaan.guidance import sickness, signals
from basisbaan.participants.models import Participant
from basisbaan.tenants.models import Municipality


class Command(BaseCommand):
    help = "Send poortwachter reminders and run the early-warning rules."

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
            self.stdout.write(
                f"{municipality.cbs_code}: {reminders} reminders, {raised} new signals"
            )
