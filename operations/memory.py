"""The web server's garbage collector, kept off the long-lived objects.

A worker holds about 220,000 objects that live as long as it does (modules, models, URL
patterns, compiled templates), and each of Python's full collections walks them all:
about 110 ms here, landing in whichever request triggers it (the tail of `make
loadtest`). Freezing them (gc.freeze) leaves full collections only the objects made
since: once when the application is loaded, and once after the first request, which
compiles the templates and URL resolvers (all of them if it is a page; a health probe's
fewer, and what later requests compile stays collectable). Nothing is lost: frozen
objects are never collected, and these would never have been.
"""

import gc

from django.core.signals import request_finished


def freeze():
    """Collect what is garbage now, then keep every object left out of later
    collections."""
    gc.collect()
    gc.freeze()


def _freeze_after_first_request(**kwargs):
    request_finished.disconnect(dispatch_uid=__name__)
    freeze()


def freeze_long_lived():
    """For a server process, once its application is loaded (settings.wsgi)."""
    freeze()
    request_finished.connect(_freeze_after_first_request, dispatch_uid=__name__, weak=False)
