from django.core.management.base import BaseCommand

from basisbaan.communitytasks import services


class Command(BaseCommand):
    help = (
        "Delete task submissions whose e-mail address was not confirmed within "
        f"{services.UNVERIFIED_RETENTION_DAYS} days (run daily, e.g. from cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=services.UNVERIFIED_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        count = services.purge_unverified(days=days)
        self.stdout.write(f"Deleted {count} unconfirmed submission(s).")
