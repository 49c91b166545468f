import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump -Fc) and the media (an archive, or the bucket's "
        "listing), with SHA-256 checksums and a manifest, into a new folder of BACKUP_DIR."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            default=os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups",
            help="Where the backup's folder is made (default BACKUP_DIR, or ./backups).",
        )
        parser.add_argument(
            "--media",
            choices=["auto", "archive", "listing", "none"],
            default="auto",
            help="auto: an archive of media on this machine's disk, a listing of a bucket's.",
        )

    def handle(self, *args, dir, media, **options):
        try:
            folder, manifest = backups.backup(dir, media=media)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        counts = ", ".join(f"{n} {label}" for label, n in manifest["counts"].items())
        self.stdout.write(f"Counts: {counts}.")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
