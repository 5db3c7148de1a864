from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kotacerdas.evaluation.method_yaml import method_yaml_dump
from kotacerdas.evaluation.methods import method_export
from kotacerdas.evaluation.models import MethodVersion


class Command(BaseCommand):
    help = "Export an evaluation method version as YAML (its newest version unless --version is given)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # --version is the method's version here, not Django's: let the later option win
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the method's code, e.g. gerakan-smart-city")
        parser.add_argument("--version", type=int, default=None, help="the version number to export")
        parser.add_argument(
            "-o", "--output", default=None, help="the file to write (default: standard output)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        versions = MethodVersion.objects.filter(code=options["code"]).order_by("-version")
        if options["version"] is not None:
            versions = versions.filter(version=options["version"])
        method = versions.first()
        if method is None:
            known = ", ".join(
                sorted({f"{c} v{v}" for c, v in MethodVersion.objects.values_list("code", "version")})
            )
            raise CommandError(f"No such method version. Stored: {known or 'none'}.")
        text = method_yaml_dump(method_export(method))
        if options["output"] is None:
            self.stdout.write(text, ending="")
            return
        output = Path(options["output"])
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({method.code} v{method.version})."))
