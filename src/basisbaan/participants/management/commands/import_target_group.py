"""basisbaan import_target_group FILE --municipality GM0014 [--dry-run] [--skip-invalid]

Ends with one line: ``created N, updated N, unchanged N, rejected N``. Exits 1 when
any row is invalid (each listed by line, column and reason) unless --skip-invalid.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from basisbaan.participants import importer
from basisbaan.tenants.models import Municipality


class Command(BaseCommand):
    help = "Import the target group from the benefits administration's CSV export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (header row; ';' or ',' separated; UTF-8)")
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0014")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="apply the valid rows, report the rest"
        )

    def handle(self, *args, file, municipality, dry_run, skip_invalid, **options):
        try:
            target = Municipality.objects.get(cbs_code=municipality)
        except Municipality.DoesNotExist:
            raise CommandError(f"Unknown municipality {municipality!r}") from None
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        outcome = importer.import_file(
            data, target, None, dry_run=dry_run, skip_invalid=skip_invalid, filename=path.name
        )
        if outcome.file_error:
            self.stderr.write(outcome.file_error)
        for error in outcome.errors:
            self.stderr.write(str(error))
        if dry_run:
            self.stderr.write("dry run: nothing was changed")
        self.stdout.write(outcome.summary_line())
        if outcome.file_error or (outcome.errors and not skip_invalid):
            sys.exit(1)
