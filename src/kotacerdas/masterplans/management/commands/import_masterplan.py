from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.masterplans.importer import ImportRefused, worksheet_import
from kotacerdas.masterplans.worksheets import RowError
from kotacerdas.regions.models import Region


class Command(BaseCommand):
    help = (
        "Import a master plan from a worksheet (.xlsx) into the region's draft, all or nothing, "
        "as the system. Every problem is printed by sheet, row and column. A big workbook is "
        "imported by a background job (run by `kotacerdas db_worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the worksheet (.xlsx)")
        parser.add_argument("--region", required=True, help="the region's Kemendagri code, e.g. 52.04")

    def _fail(self, rows: list[RowError]) -> None:
        for e in rows:
            self.stderr.write(
                f"sheet {e.sheet or '-'}, row {e.row or '-'}, column {e.column or '-'}: {e.message}"
            )
        raise CommandError(f"{len(rows)} problem(s) found; nothing was imported.")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Unknown region {options['region']}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            started = worksheet_import(actor=None, region=region, file=path, filename=path.name)
        except ImportRefused as exc:
            self._fail(exc.rows)
            return
        if started.job is not None:
            self.stdout.write(
                f"The workbook is imported by background job {started.job.code} "
                "(a worker runs it: kotacerdas db_worker)."
            )
            return
        result = started.result
        assert result is not None
        if not result.changed:
            self.stdout.write(f"Nothing changed: the file matches version {result.version.number}.")
            return
        lines = [
            f"{kind}: {c.added} added, {c.updated} updated, {c.deleted} deleted, {c.unchanged} unchanged"
            for kind, c in result.counts.items()
        ]
        created = " (plan created)" if result.plan_created else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {region.code} {result.plan.start_year}-{result.plan.end_year} "
                f"version {result.version.number}{created}."
            )
        )
        for line in lines:
            self.stdout.write(f"  {line}")
