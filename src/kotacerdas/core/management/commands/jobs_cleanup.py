import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kotacerdas.core.jobs import jobs_cleanup


class Command(BaseCommand):
    help = (
        "Delete background jobs not changed for JOB_RETENTION_DAYS days (or --days) and the "
        "temporary files they own, and the staged uploads past their expiry. Run it daily (cron or "
        "a systemd timer)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Age in days (default: the setting).")
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.JOB_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be at least 1.")
        jobs, files, staged = jobs_cleanup(older_than=dt.timedelta(days=days), dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {jobs} jobs older than {days} days, {files} temporary files "
            f"and {staged} expired staged uploads."
        )
