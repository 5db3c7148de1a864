from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.method_yaml import method_yaml_load
from kotacerdas.evaluation.methods import method_import


class Command(BaseCommand):
    help = (
        "Import an evaluation method version from a YAML file (as the system). The same content as a "
        "stored version changes nothing; anything else becomes the method's next version. Every "
        "problem of a refused file is printed with its path, and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the method file (.yaml)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            data = method_yaml_load(path.read_bytes())
            method, created = method_import(actor=None, data=data, source=path.name, system=True)
        except ValidationError as exc:
            count = 0
            for where, messages in exc.message_dict.items():
                for message in messages:
                    self.stderr.write(f"{where}: {message}")
                    count += 1
            raise CommandError(f"{count} problem(s) found; nothing was imported.") from None
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {method.code} v{method.version}."))
        else:
            self.stdout.write(f"Unchanged: the file is {method.code} v{method.version}.")
