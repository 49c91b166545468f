import json

from django.core.management.base import BaseCommand, CommandError

from operations import inventory


class Command(BaseCommand):
    help = (
        "Print the database's row counts (pages, revisions, people, comments, subscribers, "
        "redirects...) and the seed post as readers see it, as JSON: the restore drill "
        "compares two databases with it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--html",
            metavar="FILE",
            help="Also write the seed post as readers see it to FILE (nonces and tokens blanked).",
        )

    def handle(self, *args, html, **options):
        data = {"counts": inventory.counts()}
        if html:
            post = inventory.seed_post()
            if post is None:
                raise CommandError("No live post to render.")
            status, page = inventory.rendered(post.url)
            with open(html, "w") as f:
                f.write(page)
            data["seed_post"] = {"url": post.url, "status": status, "bytes": len(page.encode())}
        self.stdout.write(json.dumps(data, indent=1, sort_keys=True))
