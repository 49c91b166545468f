from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Blogs and posts"

    def ready(self):
        from taggit.models import Tag

        from contentcache import content
        from posts import renditions
        from posts.models import Category, Person

        # Shown on posts, listings and feeds, which the content cache keeps.
        content.bump_on_change(Person, Category, Tag)
        # Images resized by the worker on publish, not by the first reader.
        renditions.connect()
