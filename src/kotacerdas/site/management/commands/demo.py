from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.demo.build import build


class Command(BaseCommand):
    help = "Build the demo programme with a login per role (demo mode only)."

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo mode is off (KOTACERDAS_ENV=production): the demo is never built there.")
        build(self.stdout)
