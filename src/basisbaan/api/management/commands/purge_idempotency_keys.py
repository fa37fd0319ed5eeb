"""``basisbaan purge_idempotency_keys``: remove the stored answers of API writes older than
24 hours (the Celery beat does this hourly; every write also removes its organisation's)."""

from django.core.management.base import BaseCommand

from basisbaan.api import idempotency


class Command(BaseCommand):
    help = "Remove idempotency keys (stored answers of API writes) older than 24 hours."

    def handle(self, *args, **options):
        removed = idempotency.purge()
        self.stdout.write(f"{removed} idempotency key(s) removed")
