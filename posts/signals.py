"""Signals other apps listen to, so that posts never imports them."""

from django.dispatch import Signal

# Sent by `load_demo` once the demo blogs and posts exist (inside its transaction), with
# `log`, a function taking a message: apps that build on posts add their own demo content.
demo_loaded = Signal()
