"""The search suite again, each request the first of its search: the cached matches are
dropped before every request, as a publish does, so the full-text query runs each time."""

from django.core.signals import request_started

from benchmarks import search
from search import matches


def forget(**kwargs):
    matches.invalidate()


def cases():
    # Connected for the rest of the run: this suite comes last.
    request_started.connect(forget, dispatch_uid="bench-search-cold")
    return [(f"{name} (first time)", url) for name, url in search.cases()]
