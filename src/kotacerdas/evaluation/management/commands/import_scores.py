from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.management.actors import add_actor_argument, command_actor, validation_lines
from kotacerdas.evaluation.rounds import round_find
from kotacerdas.evaluation.scores_import import ScoresRefused, scores_import


class Command(BaseCommand):
    help = (
        "Import assessors' scores into a round on their behalf from an .xlsx or CSV file (columns Region: "
        "the Kemendagri code or the name as printed, Assessor: the assessor's code, Question: the "
        "question's key, Level, and an optional Note), with the same checks as an assessor's own "
        "scores. All or nothing: every problem is listed by sheet, row and column, and nothing is "
        "written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the scores (.xlsx or .csv)")
        parser.add_argument("--round", required=True, help="the round's code, e.g. 2024-2")
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
            with path.open("rb") as handle:
                summary = scores_import(actor=actor, round_=round_, file=handle, filename=path.name)
        except ScoresRefused as exc:
            for row in exc.rows:
                self.stderr.write(str(row))
            raise CommandError(f"{len(exc.rows)} problem(s) found; nothing was imported.") from None
        except ValidationError as exc:
            for line in validation_lines(exc):
                self.stderr.write(line)
            raise CommandError("Nothing was imported.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {summary.round}: {summary.new} new scores, {summary.changed} changed, "
                f"{summary.unchanged} unchanged."
            )
        )
