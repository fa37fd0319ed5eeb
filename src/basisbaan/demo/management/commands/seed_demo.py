from django.core.management.base import BaseCommand, CommandError

from basisbaan.demo import generator


class Command(BaseCommand):
    help = "Load the synthetic demo (Groningen and Assen) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["full", "small"], default="full")

    def handle(self, *args, scale, **options):
        if generator.is_seeded():
            raise CommandError("The demo is already loaded: start from an empty database.")
        generator.seed(scale=scale, log=lambda line: self.stdout.write(line))
        self.stdout.write(self.style.SUCCESS("Demo loaded. Accounts (password 'demo'):"))
        for username, description in generator.DEMO_ACCOUNT_DESCRIPTIONS.items():
            self.stdout.write(f"  {username:<24} {description}")
