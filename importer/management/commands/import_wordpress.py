import json

from django.core.management.base import BaseCommand, CommandError

from importer.run import NoHomePage, import_wordpress


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR file) into a blog, made if missing. Safe to run "
        "again: what changed is updated, nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The export: Tools > Export in WordPress.")
        parser.add_argument("--blog", required=True, help="The blog's slug, e.g. technology.")
        parser.add_argument(
            "--uploads", help="A copy of the site's wp-content/uploads directory, for images."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0 or options["json"]
        try:
            report = import_wordpress(
                options["file"],
                blog_slug=options["blog"],
                uploads=options["uploads"],
                dry_run=options["dry_run"],
                progress=None if quiet else self.stdout.write,
            )
        except NoHomePage as error:
            raise CommandError(f"Nothing imported. {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        elif options["verbosity"]:
            for line in report.lines():
                self.stdout.write(line)
        if report.refused:
            raise CommandError(f"Nothing imported. {report.refused}")
