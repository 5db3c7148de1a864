from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation

from kotacerdas.monitoring.reminders import APPROVAL_WAITING, reminders_send


class Command(BaseCommand):
    help = (
        "Remind agencies of progress reports due within KOTACERDAS_REMINDER_DAYS days (or --days) and "
        "coordinators of reports waiting for their approval, in the app and by e-mail. Safe to run "
        "from cron every hour: each reminder reaches each person once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind of deadlines this many days ahead (default: the setting).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be reminded; send nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.REMINDER_DAYS
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        run = reminders_send(days=days, dry_run=options["dry_run"])
        verb = "would be notified" if run.dry_run else "notified"
        with translation.override("en"):
            self.stdout.write(f"Reminders of {run.on.isoformat()} (deadlines within {run.days} days):")
            if not run.lines:
                self.stdout.write("  nothing due and nothing waiting for approval.")
            for line in run.lines:
                period = f"{line.period.label} ({line.period.code})"
                if line.kind == APPROVAL_WAITING:
                    what = f"{line.count} reports waiting for approval in {line.reminders} regions"
                else:
                    deadline = formats.date_format(line.period.deadline, "j F Y")
                    what = f"{line.count} items without a report, deadline {deadline}, {line.reminders} reminders"
                self.stdout.write(
                    f"  {period}: {what}; {line.notified} people {verb}, {line.already} reminded before."
                )
            self.stdout.write(
                f"{run.notified} people {verb}." + (" Dry run: nothing was sent." if run.dry_run else "")
            )
