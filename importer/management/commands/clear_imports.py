import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from importer import uploads
from importer.models import ImportRun


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of admin imports checked but not confirmed within "
        "IMPORTER_KEEP_DAYS days (run daily). Imported or refused files are deleted at once."
    )

    def handle(self, *args, **options):
        before = timezone.now() - datetime.timedelta(days=settings.IMPORTER_KEEP_DAYS)
        runs = ImportRun.objects.filter(created_at__lt=before, status=ImportRun.Status.READY)
        cleared = 0
        for run in runs.exclude(export_file=""):
            uploads.delete(run.export_file, run.uploads_file)
            ImportRun.objects.filter(pk=run.pk).update(export_file="", uploads_file="")
            cleared += 1
        if options["verbosity"]:
            self.stdout.write(f"Deleted the files of {cleared} unconfirmed import(s).")
