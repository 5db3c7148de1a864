from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.masterplans.importer import (
    APPLY,
    PREVIEW,
    ImportRefused,
    ImportResult,
    preview_summary,
    worksheet_read,
)
from kotacerdas.masterplans.worksheets import RowError
from kotacerdas.regions.models import Region

ACTIONS = {"add": "+", "change": "~", "remove": "-"}


class Command(BaseCommand):
    help = (
        "Preview the import of a master plan from a worksheet (.xlsx) into the region's draft: "
        "every addition, change, removal and conflict is printed and nothing is written. With "
        "--apply, import (as the system) what has no conflict, removals included; conflicts (rows "
        "changed in the application after the file was exported) only with --overwrite. Every "
        "problem of a refused file is printed by sheet, row and column. A big workbook is read "
        "by a background job (run by `kotacerdas db_worker`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the worksheet (.xlsx)")
        parser.add_argument("--region", required=True, help="the region's Kemendagri code, e.g. 52.04")
        parser.add_argument("--apply", action="store_true", help="write the changes (default: preview only)")
        parser.add_argument(
            "--overwrite", action="store_true", help="with --apply: apply the conflicting rows too"
        )

    def _fail(self, rows: list[RowError]) -> None:
        for e in rows:
            self.stderr.write(
                f"sheet {e.sheet or '-'}, row {e.row or '-'}, column {e.column or '-'}: {e.message}"
            )
        raise CommandError(f"{len(rows)} problem(s) found; nothing was imported.")

    def _print_changes(self, result: ImportResult) -> None:
        for c in result.changes:
            flags = " CONFLICT" if c.conflict else ""
            flags += "" if c.applied or result.dry_run else " (not applied)"
            self.stdout.write(f"{ACTIONS[c.action]} {c.kind} {c.code or '-'} {c.name}{flags}")
            for label, old, new in c.fields:
                self.stdout.write(f"    {label}: {old or '-'} -> {new or '-'}")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Unknown region {options['region']}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["overwrite"] and not options["apply"]:
            raise CommandError("--overwrite goes with --apply.")
        try:
            started = worksheet_read(
                actor=None,
                region=region,
                file=path,
                filename=path.name,
                then=APPLY if options["apply"] else PREVIEW,
                overwrite=options["overwrite"],
            )
        except ImportRefused as exc:
            self._fail(exc.rows)
            return
        if started.job is not None:
            self.stdout.write(
                f"The workbook is read by background job {started.job.code} "
                "(a worker runs it: kotacerdas db_worker)."
            )
            return
        if started.result is None:
            assert started.preview is not None
            self._print_changes(started.preview)
            self.stdout.write(preview_summary(started.preview))
            self.stdout.write("Preview only: nothing was written (use --apply to import).")
            return
        result = started.result
        self._print_changes(result)
        if not result.changed:
            self.stdout.write(f"Nothing changed: the file matches version {result.version.number}.")
        else:
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
        refused = [c for c in result.changes if c.conflict and not c.applied]
        if refused:
            raise CommandError(
                f"{len(refused)} conflicting row(s) refused (changed in the application after the file "
                "was exported); the rest was imported. Use --overwrite to apply them."
            )
