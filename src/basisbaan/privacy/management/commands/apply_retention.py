"""``basisbaan apply_retention``: the retention job (docs/privacy.md). Run it nightly
from cron, or let Celery beat run ``basisbaan.privacy.apply_retention``."""

from django.core.management.base import BaseCommand, CommandError

from basisbaan.core import calendar
from basisbaan.privacy import retention
from basisbaan.tenants.models import Municipality


class Command(BaseCommand):
    help = (
        "Anonymise or delete the personal data whose retention period has passed, per "
        "municipality and record type. --dry-run lists what it would do and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="change nothing")
        parser.add_argument("--today", help="the day to run as (YYYY-MM-DD); default today")
        parser.add_argument("--municipality", help="CBS code, e.g. GM0014; default all")
        parser.add_argument("--batch-size", type=int, default=retention.BATCH_SIZE)

    def handle(self, *args, dry_run, today, municipality, batch_size, **options):
        try:
            day = calendar.parse_date(today) if today else calendar.today()
        except ValueError as error:
            raise CommandError(f"--today: {error}") from None
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        municipalities = Municipality.objects.order_by("cbs_code")
        if municipality:
            municipalities = municipalities.filter(cbs_code=municipality.upper())
            if not municipalities.exists():
                raise CommandError(f"unknown municipality {municipality!r}")
        outcomes = retention.run_all(
            day, dry_run=dry_run, batch_size=batch_size, municipalities=municipalities
        )
        self.stdout.write(
            f"Retention {'(dry run) ' if dry_run else ''}on {day.isoformat()}\n" + table(outcomes)
        )


def table(outcomes) -> str:
    header = ("municipality", "record type", "days", "cutoff", "anonymised", "deleted", "kept")
    rows = [header]
    for o in outcomes:
        kept = str(o.expired.kept)
        if o.expired.reasons:
            kept += (
                " (" + ", ".join(f"{k}: {v}" for k, v in sorted(o.expired.reasons.items())) + ")"
            )
        rows.append(
            (
                o.municipality.cbs_code,
                o.code,
                str(o.period.days),
                o.cutoff.isoformat(),
                str(o.expired.anonymised),
                str(o.expired.deleted),
                kept,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"
