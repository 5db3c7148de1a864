from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kotacerdas.accounts.models import User
from kotacerdas.demo.logins import print_logins
from kotacerdas.evaluation.methods import methods_shipped_load
from kotacerdas.regions.models import Region


class Command(BaseCommand):
    help = (
        "First start: load the regions if there are none and the shipped evaluation methods (again: "
        "no change) and, with --demo in demo mode, the demo programme."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo", action="store_true", help="Also build the demo programme if the database is empty."
        )

    def handle(self, *args: object, **options: object) -> None:
        if not Region.objects.exists():
            call_command("load_regions", stdout=self.stdout)
        methods_shipped_load()
        if options["demo"]:
            if not settings.DEMO_MODE:
                self.stdout.write("Demo mode is off (KOTACERDAS_ENV=production): no demo data or logins.")
                return
            if not User.objects.exists():
                call_command("demo", stdout=self.stdout)
            else:
                print_logins(self.stdout)
