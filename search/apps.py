from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Public search"

    def ready(self):
        from . import indexing, matches

        matches.connect()
        indexing.connect()
