from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kotacerdas.evaluation.management.actors import add_actor_argument, command_actor, validation_lines
from kotacerdas.evaluation.results_import import ResultsRefused, results_import
from kotacerdas.evaluation.rounds import round_find
from kotacerdas.evaluation.services import index_compute


class Command(BaseCommand):
    help = (
        "Load a historical round's results from its published letters (an .xlsx or CSV file: a "
        "region column with the Kemendagri code or the name as printed, an optional group column, "
        "one column per dimension of the method), replacing the round's regions and scores, then "
        "compute its index. All or nothing: every problem is listed by row and column, and nothing "
        "is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the results (.xlsx or .csv)")
        parser.add_argument("--round", required=True, help="the round's code, e.g. 2023-2")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["as_user"])
        round_ = round_find(options["round"])
        if round_ is None:
            raise CommandError(f"No round {options['round']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with transaction.atomic():
                summary = results_import(actor=actor, round_=round_, file=path, filename=path.name)
                snapshot = index_compute(actor=actor, round_=round_)
        except ResultsRefused as exc:
            for row in exc.rows:
                self.stderr.write(str(row))
            raise CommandError(f"{len(exc.rows)} problem(s) found; nothing was imported.") from None
        except ValidationError as exc:
            for line in validation_lines(exc):
                self.stderr.write(line)
            raise CommandError("Nothing was imported.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        groups = ", ".join(f"{code} {count}" for code, count in summary.groups.items())
        replaced = f" (replacing {summary.replaced_regions} regions)" if summary.replaced_regions else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.regions} regions and {summary.inputs} dimension scores into "
                f"{summary.round}{replaced}; groups: {groups}."
            )
        )
        self.stdout.write(
            f"Index computed: computation #{snapshot.number} of {summary.round}, "
            f"{snapshot.result['count']} regions, digest {snapshot.digest}."
        )
