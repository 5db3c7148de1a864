from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.management.actors import add_actor_argument, command_actor, validation_lines
from kotacerdas.evaluation.rounds import round_find
from kotacerdas.evaluation.services import index_compute


class Command(BaseCommand):
    help = (
        "Compute a round's index from its current inputs: a new immutable computation (its inputs, "
        "every stage, a digest) that becomes the round's current one, with each region's published "
        "figures and ranks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--round", required=True, help="the round's code, e.g. 2023-2")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["as_user"])
        round_ = round_find(options["round"])
        if round_ is None:
            raise CommandError(f"No round {options['round']!r}.")
        try:
            snapshot = index_compute(actor=actor, round_=round_)
        except ValidationError as exc:
            for line in validation_lines(exc):
                self.stderr.write(line)
            raise CommandError("The index was not computed.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Computation #{snapshot.number} of {round_.code}: {snapshot.result['count']} regions, "
                f"method {round_.method.label}, engine {snapshot.engine}, digest {snapshot.digest}."
            )
        )
