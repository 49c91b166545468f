from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Public search"

    def ready(self):
        from . import cache, indexing

        cache.connect()
        indexing.connect()
