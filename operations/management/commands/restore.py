from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from contentcache import content
from operations import backups, inventory


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into an empty database (DATABASE_URL, or "
        "--database-url): checks every checksum first, and loads in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup's folder (or its manifest.json).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument(
            "--database-url",
            help="Restore into this PostgreSQL database instead of DATABASE_URL's.",
        )
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")

    def handle(self, *args, backup, force, database_url, no_media, **options):
        try:
            self.restore(backup, force, database_url, no_media)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None

    def restore(self, location, force, database_url, no_media):
        # Everything is checked before anything is written.
        path, manifest = backups.read_backup(location)
        self.stdout.write(f"Checksums match ({len(manifest['files'])} files).")
        newer, older = backups.migration_gap(manifest)
        if newer:
            app, name = newer[0]
            raise backups.BackupError(
                f"The backup was made by a newer version of Bulletin ({len(newer)} migrations "
                f"this code does not have, e.g. {app}.{name}): restore it with that version."
            )
        params = backups.database_params(database_url)
        backups.check_dump(path, params)
        media = manifest["files"].keys() & {backups.MEDIA_ARCHIVE, backups.MEDIA_LISTING}
        if backups.MEDIA_ARCHIVE in media and not no_media:
            backups.check_media_archive(path / backups.MEDIA_ARCHIVE)
        tables = backups.tables_in(params)
        if tables and not force:
            raise backups.BackupError(
                f"Database {params['NAME']} is not empty ({tables} tables): restore into an "
                "empty database, or pass --force (make restore FORCE=1) to replace its contents."
            )

        backups.restore_database(path, params, force=force)
        self.stdout.write(f"Database {params['NAME']} restored from {path.name}.")
        if no_media:
            pass
        elif backups.MEDIA_ARCHIVE in media:
            count = backups.restore_media(default_storage, path / backups.MEDIA_ARCHIVE)
            self.stdout.write(f"Media: {count} files restored.")
        elif backups.MEDIA_LISTING in media:
            missing = backups.check_bucket(default_storage, path / backups.MEDIA_LISTING)
            if missing:
                self.stderr.write(
                    f"Media: {len(missing)} objects of the listing are missing or changed in "
                    f"the bucket, e.g. {missing[0]} (restore them from the bucket's versions)."
                )
            else:
                self.stdout.write("Media: the bucket holds every object of the listing.")

        if database_url is None and not older:
            self.check_counts(manifest)
            content.bump()  # pages cached from the database before are out of date
        if older:
            self.stdout.write(
                f"The backup predates {len(older)} migrations of this code: run "
                "`manage.py migrate` now."
            )
        self.stdout.write(
            self.style.SUCCESS("Restored. With a search cluster, run `manage.py update_index`.")
        )

    def check_counts(self, manifest):
        found = inventory.counts()
        expected = manifest["counts"]
        differ = {k: (v, found.get(k)) for k, v in expected.items() if found.get(k) != v}
        if differ:
            raise backups.BackupError(
                "Restored, but the counts differ from the manifest's: "
                + ", ".join(
                    f"{k}: {want} expected, {got} found" for k, (want, got) in differ.items()
                )
            )
        self.stdout.write("Counts match the manifest.")
