"""Benchmarks (`make bench`): development settings with DEBUG off, as in production."""

from .dev import *  # noqa: F403

DEBUG = False
