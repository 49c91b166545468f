from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blogs and posts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from taggit.models import Tag

        from contentcache import content
        from contentcache.pages import bring
        from posts import neighbours, rendering, renditions, sidebar
        from posts.models import BlogPage, Category, Person

        # Shown on posts, listings and feeds, which the content cache keeps.
        content.bump_on_change(Person, Category, Tag)
        # Each blog's sidebar links, kept on every change and brought with the blog, and
        # the versions that say whether its posts' kept neighbours are current.
        content.changed.connect(sidebar.content_changed, dispatch_uid="posts-sidebar")
        post_migrate.connect(refresh_sidebars, sender=self)
        bring(BlogPage, **sidebar.BROUGHT, **neighbours.BROUGHT)
        # Images resized by the worker on publish, not by the first reader.
        renditions.connect()
        # Bodies rendered by the worker on publish, not by the first reader.
        rendering.connect()


def refresh_sidebars(using="default", **kwargs):
    """After migrate: blogs made before their sidebar links were kept get them (unless
    migrated back to before their table)."""
    from django.db import connections

    from posts import sidebar
    from posts.models import BlogSidebar

    if BlogSidebar._meta.db_table in connections[using].introspection.table_names():
        sidebar.refresh()
