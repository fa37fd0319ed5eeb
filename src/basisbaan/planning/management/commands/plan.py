"""``basisbaan plan INSTANCE.json --time-limit SECONDS --output PLAN.json``: the engine's CLI.

Plans a week from a file; never touches the database. The exit code is the engine's.
"""

import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Plan a week from a basisbaan-planning/1 file (no database)."
    requires_system_checks = []
    requires_migrations_checks = False
    subcommand = "plan"

    def run_from_argv(self, argv):
        # Hand the arguments to the engine's own parser, untouched: no Django setup needed.
        from basisbaan.planning import engine

        sys.exit(engine.cli([self.subcommand, *argv[2:]]))

    def add_arguments(self, parser):
        parser.add_argument("instance")
        parser.add_argument("--time-limit", type=float, default=30.0)
        parser.add_argument("--output", required=True)

    def handle(self, *args, **options):
        from basisbaan.planning import engine

        argv = [
            self.subcommand,
            options["instance"],
            "--time-limit",
            str(options["time_limit"]),
            "--output",
            options["output"],
        ]
        code = engine.cli(argv)
        if code:
            raise CommandError(f"the planner exited with {code}", returncode=code)
