import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from importer import uploads
from importer.models import ImportRun


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of admin imports checked but not confirmed, or interrupted "
        "and not started again, within IMPORTER_KEEP_DAYS days (run daily). Imported or "
        "refused files are deleted at once."
    )

    def handle(self, *args, **options):
        before = timezone.now() - datetime.timedelta(days=settings.IMPORTER_KEEP_DAYS)
        runs = ImportRun.objects.filter(created_at__lt=before, status=ImportRun.Status.READY)
        cleared = 0
        for run in runs.exclude(export_file=""):
            uploads.delete(run.export_file, run.uploads_file)
            ImportRun.objects.filter(pk=run.pk).update(export_file="", uploads_file="")
            cleared += 1
        # Interrupted (their worker died) and not started again since.
        days = settings.IMPORTER_KEEP_DAYS
        interrupted = ImportRun.objects.filter(
            status__in=[ImportRun.Status.CHECKING, ImportRun.Status.IMPORTING],
            heartbeat_at__lt=before,
        )
        for run in interrupted:
            uploads.delete(run.export_file, run.uploads_file)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FAILED,
                error=f"Interrupted, and not started again within {days} days.",
                export_file="",
                uploads_file="",
                heartbeat_at=None,
                finished_at=timezone.now(),
            )
            cleared += 1
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted the files of {cleared} unconfirmed or interrupted import(s)."
            )
