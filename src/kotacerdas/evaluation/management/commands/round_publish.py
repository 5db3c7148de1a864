from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.management.actors import add_actor_argument, command_actor, validation_lines
from kotacerdas.evaluation.rounds import round_find, round_publish


class Command(BaseCommand):
    help = (
        "Publish a round: its results become public and final, and its method version is frozen. "
        "The round's current computation must have been made from its inputs as they are now."
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
            published = round_publish(actor=actor, round_=round_)
        except ValidationError as exc:
            for line in validation_lines(exc):
                self.stderr.write(line)
            raise CommandError("The round was not published.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        assert published.published_at is not None
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {published.code} at {published.published_at.isoformat(timespec='seconds')}; "
                f"method {published.method.label} is frozen."
            )
        )
