from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.accounts.models import User
from kotacerdas.demo.build import build
from kotacerdas.demo.logins import print_logins

SCALES = ("demo", "small", "national")


class Command(BaseCommand):
    help = (
        "Build the demo programme with a login per role (demo mode only); with --scale small or "
        "national, monitoring data of 10 or all 514 kabupaten/kota instead (for benchmarks)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=SCALES,
            default="demo",
            help=(
                "demo: the demo programme (default); small: 10 regions implementing a ratified plan "
                "with a year of approved progress; national: all 514 kabupaten/kota the same way."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=2024, help="The random seed of --scale small/national (default 2024)."
        )

    def handle(self, *args: object, **options: object) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Demo mode is off (KOTACERDAS_ENV=production): the demo is never built there.")
        scale = str(options["scale"])
        if scale == "demo":
            if User.objects.exists():
                raise CommandError(
                    "The database already has users: the demo is built only into an empty database."
                )
            build(self.stdout)
            return
        from kotacerdas.demo.scale import scale_build

        seed = options["seed"]
        assert isinstance(seed, int)
        self.stdout.write(f"Building the {scale} scale (seed {seed}) …")
        try:
            summary = scale_build(scale=scale, seed=seed, report=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{scale.capitalize()} scale: {summary.regions} regions ({summary.built} built now), "
            f"{summary.programmes:,} programmes, {summary.actions:,} actions, {summary.quick_wins:,} quick "
            f"wins, {summary.reports:,} progress reports, {summary.rollups:,} stored roll-ups "
            f"in {summary.seconds:.1f} s."
        )
        print_logins(self.stdout)
