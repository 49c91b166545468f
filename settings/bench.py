"""Benchmarks (`make bench`): development settings with DEBUG off, as in production."""

from .dev import *  # noqa: F403

DEBUG = False
# The content cache is on, as in production (make bench sets REDIS_URL).
BULLETIN_CONTENT_CACHE = True
