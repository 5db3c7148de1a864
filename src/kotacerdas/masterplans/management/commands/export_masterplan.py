from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.masterplans.choices import VersionStatus
from kotacerdas.masterplans.importer import plan_export
from kotacerdas.masterplans.models import MasterPlan, PlanVersion


class Command(BaseCommand):
    help = (
        "Export a region's master plan (its newest plan; the draft, else the newest version) as a worksheet."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version is the plan's version here, not Django's: let the later option win
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="the region's Kemendagri code, e.g. 52.04")
        parser.add_argument("-o", "--output", required=True, help="the file to write (.xlsx)")
        parser.add_argument("--version", type=int, default=None, help="the version number to export")
        parser.add_argument(
            "--start-year", type=int, default=None, help="the plan's first year (default: newest)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plans = MasterPlan.objects.filter(region__code=options["region"]).order_by("-start_year")
        if options["start_year"]:
            plans = plans.filter(start_year=options["start_year"])
        plan = plans.first()
        if plan is None:
            raise CommandError(f"Region {options['region']} has no master plan.")
        versions = PlanVersion.objects.select_related("plan__region").filter(plan=plan)
        if options["version"] is not None:
            version = versions.filter(number=options["version"]).first()
        else:
            version = (
                versions.filter(status=VersionStatus.DRAFT).first() or versions.order_by("-number").first()
            )
        if version is None:
            raise CommandError("No such version.")
        output = Path(options["output"])
        output.write_bytes(plan_export(version))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output} ({plan.region.code} {plan.start_year}, version {version.number})."
            )
        )
