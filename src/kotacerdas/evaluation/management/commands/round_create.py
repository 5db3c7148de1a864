from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.management.actors import add_actor_argument, command_actor, validation_lines
from kotacerdas.evaluation.rounds import method_find, round_create, round_find

STAGES = {"1": "1", "i": "1", "2": "2", "ii": "2"}


class Command(BaseCommand):
    help = (
        "Create an evaluation round in preparation: its code, year, stage and method version. "
        "With --historical, a round whose results are loaded from the published letters "
        "(kotacerdas import_results); --previous names the round its improvement index is measured against."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="the round's code, e.g. 2023-2")
        parser.add_argument("--year", required=True, type=int, help="the year evaluated, e.g. 2023")
        parser.add_argument("--stage", required=True, help="the stage: 1 or 2 (I or II)")
        parser.add_argument(
            "--method", required=True, help="the method version: CODE:VERSION, or CODE for its latest version"
        )
        parser.add_argument("--name", default="", help="the round's name (default: from the year and stage)")
        parser.add_argument(
            "--historical", action="store_true", help="results come from the published letters"
        )
        parser.add_argument("--previous", default="", help="the code of the previous round, e.g. 2022-2")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["as_user"])
        method = method_find(options["method"])
        if method is None:
            raise CommandError(f"No method version {options['method']!r} (give CODE or CODE:VERSION).")
        previous = None
        if options["previous"]:
            previous = round_find(options["previous"])
            if previous is None:
                raise CommandError(f"No round {options['previous']!r}.")
        stage = STAGES.get(str(options["stage"]).strip().lower(), str(options["stage"]))
        try:
            round_ = round_create(
                actor=actor,
                code=options["code"],
                year=options["year"],
                stage=stage,
                method=method,
                name=options["name"],
                historical=options["historical"],
                previous=previous,
            )
        except ValidationError as exc:
            for line in validation_lines(exc):
                self.stderr.write(line)
            raise CommandError("The round was not created.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        kind = "historical round" if round_.historical else "round"
        after = f", previous round {previous.code}" if previous else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {kind} {round_.code} ({round_.name}): {round_.year} stage {round_.stage}, "
                f"method {method.label}{after}; phase {round_.phase}."
            )
        )
