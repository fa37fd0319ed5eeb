"""``basisbaan score INSTANCE.json PLAN.json``: check and price a plan (the engine's CLI).

Never touches the database; exits with the engine's code (1 for a broken hard rule).
"""

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Check a plan against the hard rules and print its cost (no database)."
    requires_system_checks = []
    requires_migrations_checks = False

    def run_from_argv(self, argv):
        from basisbaan.planning import engine

        sys.exit(engine.cli(["score", *argv[2:]]))

    def add_arguments(self, parser):
        parser.add_argument("instance")
        parser.add_argument("plan")

    def handle(self, *args, **options):
        from basisbaan.planning import engine

        code = engine.cli(["score", options["instance"], options["plan"]])
        if code:
            raise CommandError(f"the scorer exited with {code}", returncode=code)
