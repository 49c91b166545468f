from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.images import get_image_model

from alerts.signals import muted as alerts_muted
from demo import comments, loader
from home.models import StandardPage
from posts.models import BlogPage, Category, Person, PostPage


class Command(BaseCommand):
    help = "Load the demo content (the seed post and a few more). Safe to run again."

    def handle(self, *args, **options):
        quiet = options["verbosity"] == 0
        log = (lambda message: None) if quiet else self.stdout.write
        # Demo posts are not news: no alerts for them.
        with alerts_muted(), transaction.atomic():
            loader.load(log=log)
            comments.load(log=log)
        if quiet:
            return
        counts = {
            "blogs": BlogPage.objects.count(),
            "posts": PostPage.objects.count(),
            "standard pages": StandardPage.objects.count(),
            "people": Person.objects.count(),
            "categories": Category.objects.count(),
            "images": get_image_model().objects.count(),
        }
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content: {summary}."))
