"""Render the bodies of live posts and keep them (posts.rendering): those without a kept
body or with one rendered from another body, blog or code. Run after a deploy that changed
how bodies are rendered, or after renditions were purged; the worker renders a post's body
itself whenever it is published or something it shows changes. Then work out each blog's
kept post neighbours (posts.neighbours) where they are not current, as the worker does
after every change to a blog's posts."""

from django.core.management.base import BaseCommand
from django.db.models import F

from posts import neighbours, rendering
from posts.models import BlogPage, PostPage


class Command(BaseCommand):
    help = "Render the bodies of live posts that have none kept, or an out-of-date one."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Render every live post's body.")

    def handle(self, *args, **options):
        posts = PostPage.objects.live().select_related("rendered").order_by("pk")
        rendered = checked = last = 0
        batches = posts.values_list("pk", flat=True)
        while ids := list(batches.filter(pk__gt=last)[: rendering.BATCH]):
            last = ids[-1]
            checked += len(ids)
            stale = [
                post.pk
                for post in posts.filter(pk__in=ids).with_blogs()
                if options["all"] or rendering.kept_html(post, post.blog) is None
            ]
            rendering.store(stale)
            rendered += len(stale)
        self.stdout.write(f"Rendered {rendered} of {checked} live posts' bodies.")
        blogs = BlogPage.objects.exclude(
            sidebar_links__neighbours_version=F("sidebar_links__posts_version")
        )
        for blog in blogs.order_by("pk"):
            changed = neighbours.store(blog)
            self.stdout.write(f"Worked out the neighbours of {changed} posts of {blog.title}.")
